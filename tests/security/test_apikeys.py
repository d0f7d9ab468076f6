"""API keys: shown once, stored as a keyed hash, refused when unknown, wrong, revoked or expired."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from dlp.auth.apikeys import ApiKeyStore, api_keys_table
from dlp.errors import AuthenticationFailed, ConfigError


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ApiKeyStore]:
    if request.param == "postgresql":
        # A schema of its own (tests/conftest.py); CI fails, never skips, without PostgreSQL.
        url = request.getfixturevalue("pg_url")
    else:
        url = f"sqlite:///{tmp_path / 'keys.db'}"
    keys = ApiKeyStore(url)
    yield keys
    keys.close()


def test_a_created_key_verifies_to_its_tenant_and_roles(store: ApiKeyStore) -> None:
    key, info = store.create("acme", ("analyst", "auditor"), name="ci-bot")
    assert key.startswith(f"mdlp_{info.key_id}_")
    principal = store.verify(key)
    assert (principal.user, principal.tenant, principal.roles, principal.method) == (
        "apikey:ci-bot", "acme", ("analyst", "auditor"), "apikey"
    )  # fmt: skip


def test_only_a_hash_is_stored(store: ApiKeyStore) -> None:
    key, info = store.create("acme", ("analyst",))
    secret = key.split("_", 2)[2]
    with store._engine.connect() as conn:
        rows = [tuple(map(str, r)) for r in conn.execute(api_keys_table.select())]
    assert rows and not any(secret in cell for row in rows for cell in row)
    assert all(secret not in repr(k) for k in store.list())
    assert info.key_id in {k.key_id for k in store.list()}


def test_revoked_key_is_refused(store: ApiKeyStore) -> None:
    key, info = store.create("acme", ("analyst",))
    assert store.revoke(info.key_id)
    with pytest.raises(AuthenticationFailed):
        store.verify(key)
    assert not store.revoke("0" * 16)


def test_expired_key_is_refused(store: ApiKeyStore) -> None:
    key, info = store.create("acme", ("analyst",), expires_days=1)
    store.verify(key)
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    with store._engine.begin() as conn:
        conn.execute(
            update(api_keys_table).where(api_keys_table.c.key_id == info.key_id).values(expires=past)
        )
    with pytest.raises(AuthenticationFailed):
        store.verify(key)


def _mutations(key: str) -> list[str]:
    prefix, key_id, secret = key.split("_", 2)
    flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    return [
        f"{prefix}_{key_id}_{flipped}",  # wrong secret
        f"{prefix}_{'f' * 16}_{secret}",  # unknown id
        f"xdlp_{key_id}_{secret}",  # wrong prefix
        f"{prefix}_{key_id}",  # no secret
        f"{prefix}_{key_id}_",  # empty secret
        "",
    ]


@pytest.mark.parametrize("index", range(6))
def test_altered_keys_are_refused(store: ApiKeyStore, index: int) -> None:
    key, _ = store.create("acme", ("analyst",))
    with pytest.raises(AuthenticationFailed):
        store.verify(_mutations(key)[index])


@pytest.mark.parametrize(
    ("tenant", "roles"), [("", ("a",)), ("acme", ()), ("acme", ("a b",)), ("acme", ("a,b",))]
)
def test_invalid_key_requests_are_config_errors(
    store: ApiKeyStore, tenant: str, roles: tuple[str, ...]
) -> None:
    with pytest.raises(ConfigError):
        store.create(tenant, roles)
