"""Per-caller rate-limit buckets are kept under a keyed pseudonym, in Redis and in memory.

A plain hash of a tenant or user name hides nothing from whoever can read Redis (the names come
from short lists), so no key may hold a name or its SHA-256; replicas of one data folder (one
``hash.key``) share a caller's budget, another deployment on the same Redis has its own.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from dlp.auth.apikeys import ApiKeyStore
from dlp.auth.caller_limit import REDIS_NAMESPACE, CallerLimiter, caller_key, caller_pseudonym
from dlp.auth.failure_limit import address_key, address_pseudonym
from dlp.auth.ratelimit import MemoryRateLimiter, bucket_key
from dlp.config import Config
from dlp.http.app import create_app
from dlp.operators import load_or_create_hash_key
from tests.cli.support import shared_engine, tool_result
from tests.security.conftest import REDIS_URL, auth_config

MESSAGE = {"message": tool_result("hello")}
#: Two requests at once, one back a minute: no token returns during a test, however slow the machine.
PER_MINUTE, BURST = 1, 2


@dataclass(frozen=True)
class Caller:
    """A tenant and API-key name fresh per run, so no bucket left by another run can count."""

    tenant: str
    name: str

    @property
    def user(self) -> str:
        """The user name the service sees for the caller's API key."""
        return f"apikey:{self.name}"

    def spellings(self) -> set[str]:
        """The names, and every plain SHA-256 of them a Redis reader could compute and look for."""
        forms = {self.tenant, self.user, f"{self.tenant}\x00{self.user}", self.tenant + self.user}
        return forms | {hashlib.sha256(form.encode()).hexdigest()[:32] for form in forms}


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def caller() -> Caller:
    return Caller(f"tenant-{secrets.token_hex(6)}", f"user-{secrets.token_hex(6)}")


def _config(folder: Path, **settings: Any) -> Config:
    folder.mkdir(exist_ok=True)
    return auth_config(
        folder,
        rate_limit_per_minute=PER_MINUTE,
        rate_limit_burst=BURST,
        audit_enabled=False,
        # Every request here authenticates: the failure budget has tests of its own.
        auth_failure_limit_per_minute=None,
        **settings,
    )


def _api_key(config: Config, caller: Caller) -> dict[str, str]:
    """A key for ``caller`` in ``config``'s key table: the same principal in any data folder."""
    keys = ApiKeyStore(config.resolved_database_url)
    try:
        secret, _ = keys.create(caller.tenant, ("analyst",), name=caller.name)
    finally:
        keys.close()
    return {"Authorization": f"Bearer {secret}"}


def _client(config: Config) -> httpx.AsyncClient:
    app = create_app(config, engine=shared_engine(config.data_dir))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


def _redis_key(folder: Path, caller: Caller) -> str:
    key = caller_key(load_or_create_hash_key(folder / "hash.key"))
    return bucket_key(caller_pseudonym(key, caller.tenant, caller.user), REDIS_NAMESPACE)


async def _statuses(client: httpx.AsyncClient, headers: dict[str, str], n: int) -> list[int]:
    return [(await client.post("/v1/inspect", json=MESSAGE, headers=headers)).status_code for _ in range(n)]


@pytest.mark.anyio
async def test_no_redis_key_names_a_caller_or_its_plain_hash(
    store: redis.Redis, tmp_path: Path, caller: Caller
) -> None:
    config = _config(tmp_path / "a", rate_limit_redis_url=REDIS_URL)
    headers = _api_key(config, caller)
    try:
        async with _client(config) as client:
            assert await _statuses(client, headers, BURST + 1) == [200] * BURST + [429]
        # The bucket exists (so the search below had something to find) ...
        assert store.exists(_redis_key(config.data_dir, caller))
        # ... and no key in the store, this deployment's or another's, spells the caller.
        spellings = caller.spellings()
        for key in store.scan_iter(match="mcp-dlp:*"):
            assert not [s for s in spellings if s in key.decode()]
    finally:
        store.delete(_redis_key(config.data_dir, caller))


@pytest.mark.anyio
async def test_replicas_share_a_caller_budget_and_other_deployments_do_not(
    store: redis.Redis, tmp_path: Path, caller: Caller
) -> None:
    here = _config(tmp_path / "a", rate_limit_redis_url=REDIS_URL)
    elsewhere = _config(tmp_path / "b", rate_limit_redis_url=REDIS_URL)
    # The same tenant and user in both deployments; two replicas of the first.
    mine, theirs = _api_key(here, caller), _api_key(elsewhere, caller)
    try:
        async with _client(here) as first, _client(here) as replica, _client(elsewhere) as other:
            assert await _statuses(first, mine, BURST) == [200] * BURST
            assert await _statuses(replica, mine, 1) == [429]  # the same bucket: already spent
            assert await _statuses(other, theirs, BURST + 1) == [200] * BURST + [429]
    finally:
        store.delete(_redis_key(here.data_dir, caller), _redis_key(elsewhere.data_dir, caller))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.anyio
async def test_memory_buckets_are_kept_under_the_same_pseudonyms(tmp_path: Path) -> None:
    buckets = MemoryRateLimiter(per_minute=PER_MINUTE, burst=BURST, clock=Clock())
    key, other_key = (caller_key(load_or_create_hash_key(tmp_path / d / "hash.key")) for d in "ab")
    first, same, other = (CallerLimiter(buckets, key=k) for k in (key, key, other_key))
    tenant, user = "acme", "apikey:ops"
    assert [await first.hit(tenant, user) for _ in range(BURST)] == [None] * BURST
    assert await same.hit(tenant, user) is not None
    assert await other.hit(tenant, user) is None
    # Two buckets, both under pseudonyms: no form of the names has one.
    assert len(buckets) == 2
    for name in (tenant, user, f"{tenant}\x00{user}"):
        assert await buckets.peek(name) is None
    assert await buckets.peek(caller_pseudonym(key, tenant, user)) is not None


def test_pseudonyms_are_keyed_per_purpose_and_unambiguous(tmp_path: Path) -> None:
    hash_key = load_or_create_hash_key(tmp_path / "hash.key")
    key = caller_key(hash_key)
    assert key == caller_key(hash_key) != address_key(hash_key)
    # The same text never gives the failed-authentication bucket of an address.
    assert caller_pseudonym(key, "", "192.0.2.1") != address_pseudonym(address_key(hash_key), "192.0.2.1")
    # Where the tenant ends is part of the pseudonym, whatever characters the names hold.
    assert caller_pseudonym(key, "a\x00b", "c") != caller_pseudonym(key, "a", "b\x00c")
    assert caller_pseudonym(key, "ab", "c") != caller_pseudonym(key, "a", "bc")


def test_settings_choose_the_store(tmp_path: Path) -> None:
    assert CallerLimiter.from_config(Config(data_dir=tmp_path)) is None
    assert isinstance(CallerLimiter.from_config(_config(tmp_path / "a")), CallerLimiter)
    # The limiter reads the deployment's key, creating it as the engine would.
    assert (tmp_path / "a" / "hash.key").exists()
