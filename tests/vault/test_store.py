"""VaultStore on both backends: round trip, determinism, isolation, tampering, rotation, retention."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select, text, update

from dlp.decision import OperatorContext, Tokenizer
from dlp.errors import KeyUnavailable, TamperedCiphertext, VaultError
from dlp.vault import AccessRules, KeyRing, ReidStatus, Requester, VaultStore, find_tokens
from dlp.vault.db import create_vault_engine
from dlp.vault.keys import KeyProvider
from dlp.vault.models import DataKey, Tenant, Token, utcnow
from tests.vault.conftest import make_kek_provider

ADMIN_A = Requester("root-a", ("admin",), "acme")
ADMIN_B = Requester("root-b", ("admin",), "globex")
REASON = "ticket SUP-1"


def ctx(tenant: str = "acme", connector: str | None = "zendesk") -> OperatorContext:
    return OperatorContext(tenant=tenant, connector=connector)


def reveal(store: VaultStore, tokens: list[str], who: Requester = ADMIN_A) -> list[str | None]:
    return [r.value for r in store.reidentify(tokens, who, REASON)]


def test_round_trip(store: VaultStore) -> None:
    values = [("alice@example.com", "EMAIL_ADDRESS"), ("078-05-1120", "US_SSN"), ("Zoë Ωmega ✓", "PERSON")]
    tokens = [store.tokenize(value, entity, ctx()) for value, entity in values]
    for token, (_, entity) in zip(tokens, values, strict=True):
        assert find_tokens(token)[0][2] == entity
    assert reveal(store, tokens) == [value for value, _ in values]
    bare = [find_tokens(token)[0][3] for token in tokens]
    assert reveal(store, bare) == [value for value, _ in values]


def test_same_value_same_token_per_tenant_and_entity(store: VaultStore) -> None:
    first = store.tokenize("alice@example.com", "EMAIL_ADDRESS", ctx())
    assert store.tokenize("alice@example.com", "EMAIL_ADDRESS", ctx(connector="jira")) == first
    assert store.tokenize("alice@example.com", "PERSON", ctx()) != first
    assert store.tokenize("alice@example.com", "EMAIL_ADDRESS", ctx("globex")) != first
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Token)).scalar_one() == 3


def test_determinism_survives_a_new_process_view(store: VaultStore, db_url: str, kek: KeyProvider) -> None:
    token = store.tokenize("bob@example.com", "EMAIL_ADDRESS", ctx())
    other = VaultStore(create_vault_engine(db_url), kek)
    try:
        assert other.tokenize("bob@example.com", "EMAIL_ADDRESS", ctx()) == token
    finally:
        other.close()


def test_tenant_isolation(store: VaultStore) -> None:
    token = store.tokenize("secret-person", "PERSON", ctx("acme"))
    store.tokenize("someone-else", "PERSON", ctx("globex"))
    [result] = store.reidentify([token], ADMIN_B, REASON)
    assert result.status is ReidStatus.NOT_FOUND
    assert result.value is None
    assert reveal(store, [token], ADMIN_A) == ["secret-person"]


def test_unknown_tenant_and_invalid_tokens(store: VaultStore) -> None:
    results = store.reidentify(["not a token", "[[PERSON:tk_0000000000000000000000]]"], ADMIN_A, REASON)
    assert [r.status for r in results] == [ReidStatus.INVALID, ReidStatus.NOT_FOUND]


def test_entity_in_token_text_must_match(store: VaultStore) -> None:
    token = store.tokenize("555-0100", "PHONE_NUMBER", ctx())
    forged = token.replace("PHONE_NUMBER", "EMAIL_ADDRESS")
    assert store.reidentify([forged], ADMIN_A, REASON)[0].status is ReidStatus.NOT_FOUND


def _flip(blob: bytes, index: int) -> bytes:
    return blob[:index] + bytes([blob[index] ^ 0x01]) + blob[index + 1 :]


def _token_id(token: str) -> str:
    return find_tokens(token)[0][3]


TAMPERS: dict[str, Callable[[Engine, str, str], None]] = {}


def tamper(name: str) -> Callable[[Callable[[Engine, str, str], None]], Callable[[Engine, str, str], None]]:
    def register(fn: Callable[[Engine, str, str], None]) -> Callable[[Engine, str, str], None]:
        TAMPERS[name] = fn
        return fn

    return register


def _set(engine: Engine, token_id: str, **values: object) -> None:
    with engine.begin() as conn:
        assert conn.execute(update(Token).where(Token.token_id == token_id).values(**values)).rowcount == 1


def _sealed(engine: Engine, token_id: str) -> bytes:
    with engine.connect() as conn:
        return conn.execute(select(Token.sealed).where(Token.token_id == token_id)).scalar_one()


@tamper("ciphertext byte")
def _ciphertext(engine: Engine, token_id: str, _other: str) -> None:
    _set(engine, token_id, sealed=_flip(_sealed(engine, token_id), 14))


@tamper("nonce byte")
def _nonce(engine: Engine, token_id: str, _other: str) -> None:
    _set(engine, token_id, sealed=_flip(_sealed(engine, token_id), 0))


@tamper("tag byte")
def _tag(engine: Engine, token_id: str, _other: str) -> None:
    sealed = _sealed(engine, token_id)
    _set(engine, token_id, sealed=_flip(sealed, len(sealed) - 1))


@tamper("ciphertext of another token")
def _swap(engine: Engine, token_id: str, other: str) -> None:
    _set(engine, token_id, sealed=_sealed(engine, other))


@tamper("key id of another live key")
def _key_id(engine: Engine, token_id: str, other: str) -> None:
    with engine.connect() as conn:
        other_key = conn.execute(select(Token.data_key_id).where(Token.token_id == other)).scalar_one()
    _set(engine, token_id, data_key_id=other_key)


@tamper("unknown key id")
def _unknown_key(engine: Engine, token_id: str, _other: str) -> None:
    _set(engine, token_id, data_key_id="dk_" + "0" * 32)


@tamper("entity (bound as AAD)")
def _entity(engine: Engine, token_id: str, _other: str) -> None:
    _set(engine, token_id, entity="PERSON")


@tamper("lookup digest")
def _lookup(engine: Engine, token_id: str, _other: str) -> None:
    _set(engine, token_id, lookup_hmac=b"\x00" * 32)


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_tamper_is_detected_never_a_wrong_value(store: VaultStore, name: str) -> None:
    token = store.tokenize("victim@example.com", "EMAIL_ADDRESS", ctx())
    store.rotate_data_key("acme")  # so another live key id exists in the tenant
    other = store.tokenize("other@example.com", "EMAIL_ADDRESS", ctx())
    TAMPERS[name](store.engine, _token_id(token), _token_id(other))
    with pytest.raises(TamperedCiphertext) as caught:
        store.reidentify([_token_id(token)], ADMIN_A, REASON)
    assert "victim" not in str(caught.value) and "other@" not in str(caught.value)
    assert reveal(store, [other]) == ["other@example.com"]


def test_token_row_moved_to_another_tenant_does_not_open(store: VaultStore) -> None:
    token = store.tokenize("moved@example.com", "EMAIL_ADDRESS", ctx("acme"))
    store.tokenize("x@example.com", "EMAIL_ADDRESS", ctx("globex"))
    with store.engine.begin() as conn:
        globex = conn.execute(select(Tenant.id).where(Tenant.name == "globex")).scalar_one()
    _set(store.engine, _token_id(token), tenant_id=globex)
    with pytest.raises(TamperedCiphertext):
        store.reidentify([token], ADMIN_B, REASON)


@pytest.mark.parametrize("field", ["wrapped", "kek_id"])
def test_tampered_data_key(store: VaultStore, field: str) -> None:
    token = store.tokenize("k@example.com", "EMAIL_ADDRESS", ctx())
    with store.engine.begin() as conn:
        key = conn.execute(select(DataKey.id, DataKey.wrapped).where(DataKey.purpose == "seal")).one()
        changed = _flip(key.wrapped, 20) if field == "wrapped" else None
        values = {"wrapped": changed} if changed else {"kek_id": "file:0000000000000000"}
        conn.execute(update(DataKey).where(DataKey.id == key.id).values(**values))
    store.keys.forget("acme")
    expected = TamperedCiphertext if field == "wrapped" else KeyUnavailable
    with pytest.raises(expected):
        store.reidentify([token], ADMIN_A, REASON)


class FailAfter:
    """A KEK provider that stops after ``limit`` wraps: an interrupted rotation."""

    def __init__(self, inner: KeyProvider, limit: int) -> None:
        self.inner, self.limit = inner, limit

    @property
    def kek_id(self) -> str:
        return self.inner.kek_id

    def wrap(self, key: bytes, context: bytes) -> bytes:
        if self.limit <= 0:
            raise KeyUnavailable("simulated outage")
        self.limit -= 1
        return self.inner.wrap(key, context)

    def unwrap(self, wrapped: bytes, context: bytes) -> bytes:
        return self.inner.unwrap(wrapped, context)


def test_rotate_kek_resumes_and_every_token_still_resolves(
    store: VaultStore, db_url: str, kek: KeyProvider, rules: AccessRules
) -> None:
    values = {f"user{i}@example.com": "" for i in range(12)}
    for tenant in ("acme", "globex", "initech"):
        for value in values:
            store.tokenize(value, "EMAIL_ADDRESS", ctx(tenant))
    tokens = [store.tokenize(value, "EMAIL_ADDRESS", ctx()) for value in values]
    new = make_kek_provider()
    with pytest.raises(KeyUnavailable):
        store.rotate_kek(FailAfter(new, 3), batch_size=2)  # two batches commit, the third fails
    with store.engine.connect() as conn:
        kek_ids = dict(conn.execute(select(DataKey.kek_id, func.count()).group_by(DataKey.kek_id)).all())
    assert kek_ids == {new.kek_id: 2, kek.kek_id: 4}
    # A fresh process resumes with the old KEK in the ring, then needs only the new one.
    resumed = VaultStore(create_vault_engine(db_url), KeyRing(kek))
    assert resumed.rotate_kek(new).rewrapped == 4
    resumed.close()
    after = VaultStore(create_vault_engine(db_url), new, rules)
    try:
        assert reveal(after, tokens) == list(values)
        assert after.tokenize("user3@example.com", "EMAIL_ADDRESS", ctx()) == tokens[3]
        assert after.rotate_kek(new).rewrapped == 0
    finally:
        after.close()
    old_only = VaultStore(create_vault_engine(db_url), kek)
    try:
        with pytest.raises(KeyUnavailable):
            old_only.tokenize("user3@example.com", "EMAIL_ADDRESS", ctx())
    finally:
        old_only.close()


def test_rotate_data_key_keeps_old_tokens(store: VaultStore) -> None:
    old = store.tokenize("before@example.com", "EMAIL_ADDRESS", ctx())
    store.rotate_data_key("acme")
    new = store.tokenize("after@example.com", "EMAIL_ADDRESS", ctx())
    assert store.tokenize("before@example.com", "EMAIL_ADDRESS", ctx()) == old
    assert reveal(store, [old, new]) == ["before@example.com", "after@example.com"]
    with store.engine.connect() as conn:
        assert len(set(conn.execute(select(Token.data_key_id)).scalars())) == 2


def _age(store: VaultStore, token: str, days: int) -> None:
    _set(store.engine, _token_id(token), created_at=utcnow() - timedelta(days=days))


def test_purge_by_age_and_data_class(store: VaultStore) -> None:
    old_pii = store.tokenize("old@example.com", "EMAIL_ADDRESS", ctx())
    old_pci = store.tokenize("4111111111111111", "CREDIT_CARD", ctx())
    mid_pci = store.tokenize("5500000000000004", "CREDIT_CARD", ctx())
    fresh = store.tokenize("new@example.com", "EMAIL_ADDRESS", ctx())
    _age(store, old_pii, 40)
    _age(store, old_pci, 40)
    _age(store, mid_pci, 10)
    assert store.purge(older_than=timedelta(days=30), ttl_by_class={"PCI": timedelta(days=7)}) == 3
    statuses = [r.status for r in store.reidentify([old_pii, old_pci, mid_pci, fresh], ADMIN_A, REASON)]
    assert statuses == [ReidStatus.NOT_FOUND] * 3 + [ReidStatus.OK]
    with pytest.raises(VaultError):
        store.purge()
    with pytest.raises(VaultError):
        store.purge(ttl_by_class={"NOT_A_CLASS": timedelta(days=1)})


def test_purge_limited_to_one_tenant(store: VaultStore) -> None:
    a = store.tokenize("a@example.com", "EMAIL_ADDRESS", ctx("acme"))
    b = store.tokenize("b@example.com", "EMAIL_ADDRESS", ctx("globex"))
    _age(store, a, 5)
    _age(store, b, 5)
    assert store.purge(older_than=timedelta(days=1), tenant="acme") == 1
    assert reveal(store, [b], ADMIN_B) == ["b@example.com"]


def test_store_is_the_engines_tokenizer(store: VaultStore) -> None:
    tokenizer: Tokenizer = store
    assert find_tokens(tokenizer.tokenize("x", "PERSON", ctx()))


def test_shred_seen_by_a_process_with_cached_keys(store: VaultStore, db_url: str, kek: KeyProvider) -> None:
    other = VaultStore(create_vault_engine(db_url), kek)
    try:
        other.tokenize("cached@example.com", "EMAIL_ADDRESS", ctx())
        store.shred_tenant("acme")
        with pytest.raises(KeyUnavailable):
            other.tokenize("fresh@example.com", "EMAIL_ADDRESS", ctx())
    finally:
        other.close()


def test_shred_tenant(store: VaultStore, db_url: str, kek: KeyProvider, rules: AccessRules) -> None:
    token = store.tokenize("gone@example.com", "EMAIL_ADDRESS", ctx("acme"))
    kept = store.tokenize("kept@example.com", "EMAIL_ADDRESS", ctx("globex"))
    assert store.shred_tenant("acme") == 2
    assert store.shred_tenant("never-existed") == 0
    for view in (store, VaultStore(create_vault_engine(db_url), kek, rules)):
        [result] = view.reidentify([token], ADMIN_A, REASON)
        assert result.status is ReidStatus.GONE and result.value is None
        with pytest.raises(KeyUnavailable):
            view.tokenize("new@example.com", "EMAIL_ADDRESS", ctx("acme"))
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Token)).scalar_one() == 2
        assert (
            conn.execute(text("SELECT count(*) FROM vault_data_keys WHERE wrapped IS NOT NULL")).scalar() == 2
        )
    assert reveal(store, [kept], ADMIN_B) == ["kept@example.com"]


def test_threads_racing_on_one_backend_get_one_token_per_value(store: VaultStore) -> None:
    values = [f"v{i % 40}@example.com" for i in range(320)]
    with ThreadPoolExecutor(8) as pool:
        tokens = list(pool.map(lambda v: store.tokenize(v, "EMAIL_ADDRESS", ctx("fresh-tenant")), values))
    by_value: dict[str, set[str]] = {}
    for value, token in zip(values, tokens, strict=True):
        by_value.setdefault(value, set()).add(token)
    assert all(len(found) == 1 for found in by_value.values())
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Token)).scalar_one() == 40
        assert conn.execute(select(func.count()).select_from(DataKey)).scalar_one() == 2
    requester = Requester("root", ("admin",), "fresh-tenant")
    assert [r.value for r in store.reidentify(tokens[:40], requester, REASON)] == values[:40]
