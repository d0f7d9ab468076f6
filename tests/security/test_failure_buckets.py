"""The pieces of the failed-authentication budget: address keys, bounded buckets, debt, settings."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import Any

import pytest
import redis

from dlp.auth.failure_limit import (
    REDIS_NAMESPACE,
    UNKNOWN_ADDRESS,
    FailureLimiter,
    address_key,
    address_pseudonym,
    client_address,
)
from dlp.auth.ratelimit import MemoryRateLimiter, RedisRateLimiter, bucket_key
from dlp.config import Config, load_config
from dlp.errors import ConfigError
from dlp.operators import load_or_create_hash_key
from tests.security.conftest import REDIS_URL


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.parametrize(
    ("client", "key"),
    [
        (("192.0.2.10", 5000), "192.0.2.10"),
        (["192.0.2.10", 5000], "192.0.2.10"),
        # One host usually holds a whole /64: every address in it shares one budget.
        (("2001:db8:1:2:aaaa::1", 5000), "2001:db8:1:2::/64"),
        (("2001:db8:1:2:ffff:ffff:ffff:ffff", 1), "2001:db8:1:2::/64"),
        (("2001:db8:1:3::1", 1), "2001:db8:1:3::/64"),
        (("::ffff:192.0.2.10", 1), "192.0.2.10"),
        (("testclient", 50000), "testclient"),
        ((("x" * 300), 1), "x" * 64),
        (None, UNKNOWN_ADDRESS),
        ((), UNKNOWN_ADDRESS),
        (("", 0), UNKNOWN_ADDRESS),
    ],
)
def test_client_address_keys(client: object, key: str) -> None:
    assert client_address(client) == key


@pytest.mark.anyio
async def test_memory_buckets_are_bounded_and_peeking_stores_nothing() -> None:
    clock = Clock()
    buckets = MemoryRateLimiter(per_minute=60, burst=2, clock=clock, max_buckets=100)
    assert await buckets.peek("192.0.2.1") is None
    assert len(buckets) == 0
    addresses = [f"10.{n // 65536}.{n // 256 % 256}.{n % 256}" for n in range(10_000)]
    for address in addresses:
        await buckets.charge(address)
        await buckets.charge(address)
    assert len(buckets) == 100
    # The most recent stay (empty); the least recently used went (a fresh bucket is a full one).
    waits = [await buckets.peek(a) for a in addresses]
    assert None not in waits[-100:] and set(waits[:-100]) == {None}


@pytest.mark.anyio
async def test_memory_charge_goes_into_debt_at_most_one_burst() -> None:
    clock = Clock()
    buckets = MemoryRateLimiter(per_minute=60, burst=2, clock=clock)
    for _ in range(10):
        await buckets.charge("a")
    # Debt floored at -2: three seconds at one token a second until one token is there.
    assert await buckets.peek("a") == pytest.approx(3.0)
    clock.now += 2.5
    assert await buckets.peek("a") == pytest.approx(0.5)
    clock.now += 0.5
    assert await buckets.peek("a") is None
    assert await buckets.hit("a") is None and await buckets.hit("a") is not None


@pytest.mark.anyio
async def test_redis_peek_creates_no_key_and_charge_is_floored(store: redis.Redis) -> None:
    address = f"192.0.2.{secrets.randbelow(250)}-{secrets.token_hex(4)}"
    key = bucket_key(address, REDIS_NAMESPACE)
    buckets = RedisRateLimiter(REDIS_URL, per_minute=6, burst=2, namespace=REDIS_NAMESPACE)
    try:
        assert await buckets.peek(address) is None
        assert not store.exists(key)
        await buckets.charge(address)
        await buckets.charge(address)
        wait = await buckets.peek(address)
        assert wait is not None and 9.0 < wait <= 10.0  # empty: a token every 10 s
        for _ in range(10):
            await buckets.charge(address)
        wait = await buckets.peek(address)
        assert wait is not None and 29.0 < wait <= 30.0  # debt floored at -2: three tokens to earn
        assert float(store.hget(key, "tokens") or 0) == pytest.approx(-2.0, abs=0.01)
        # The key outlives the debt: it expires only once the bucket would be full again.
        assert 40_000 < store.pttl(key) <= 41_000
        # The address budget and the per-caller limits never share a key.
        assert bucket_key(address) != key
    finally:
        store.delete(key)
        await buckets.close()


def _deployment_key(data_dir: Path) -> bytes:
    return address_key(load_or_create_hash_key(data_dir / "hash.key"))


@pytest.mark.anyio
async def test_redis_buckets_are_keyed_by_the_deployment_not_a_plain_hash(
    store: redis.Redis, tmp_path: Path
) -> None:
    settings: dict[str, Any] = {
        "rate_limit_redis_url": REDIS_URL,
        "auth_failure_limit_per_minute": 6,
        "auth_failure_limit_burst": 2,
    }
    here, elsewhere = Config(data_dir=tmp_path / "a", **settings), Config(data_dir=tmp_path / "b", **settings)
    # Two replicas sharing a data folder (so a hash key), and another deployment on the same Redis.
    first, replica, other = (FailureLimiter.from_config(c) for c in (here, here, elsewhere))
    assert first is not None and replica is not None and other is not None
    address = f"203.0.113.{secrets.randbelow(256)}"
    before = set(store.scan_iter(match=f"mcp-dlp:{REDIS_NAMESPACE}:*"))
    created: set[bytes] = set()
    try:
        await first.failed(address)
        await first.failed(address)
        created = set(store.scan_iter(match=f"mcp-dlp:{REDIS_NAMESPACE}:*")) - before
        # Hashing the IPv4 space finds nothing: no key holds the address or its plain SHA-256.
        plain = hashlib.sha256(address.encode()).hexdigest()
        for key in store.scan_iter(match="mcp-dlp:*"):
            assert plain[:32] not in key.decode() and address not in key.decode()
        pseudonym = address_pseudonym(_deployment_key(tmp_path / "a"), address)
        assert created == {bucket_key(pseudonym, REDIS_NAMESPACE).encode()}
        assert await replica.check(address) is not None  # the same bucket: already spent
        assert await other.check(address) is None  # another key, another bucket
    finally:
        if created:
            store.delete(*created)


@pytest.mark.anyio
async def test_memory_buckets_are_kept_under_the_same_pseudonyms(tmp_path: Path) -> None:
    clock = Clock()
    buckets = MemoryRateLimiter(per_minute=6, burst=2, clock=clock)
    key, other_key = _deployment_key(tmp_path / "a"), _deployment_key(tmp_path / "b")
    assert _deployment_key(tmp_path / "a") == key != other_key
    first, same, other = (
        FailureLimiter(buckets, key=k, quiet_s=20.0, clock=clock) for k in (key, key, other_key)
    )
    address = "203.0.113.5"
    await first.failed(address)
    await first.failed(address)
    assert await same.check(address) is not None
    assert await other.check(address) is None
    # The store holds one bucket, under the pseudonym: the address itself has none.
    assert len(buckets) == 1 and await buckets.peek(address) is None
    assert await buckets.peek(address_pseudonym(key, address)) is not None


@pytest.mark.anyio
async def test_episodes_are_bounded() -> None:
    clock = Clock()
    buckets = MemoryRateLimiter(per_minute=60, burst=1, clock=clock)
    limiter = FailureLimiter(buckets, key=bytes(32), quiet_s=60.0, clock=clock, max_addresses=50)
    audited = 0
    for n in range(500):
        address = f"10.1.{n // 256}.{n % 256}"
        assert await limiter.check(address) is None
        assert await limiter.failed(address) == 0
        throttled = await limiter.check(address)
        assert throttled is not None
        audited += throttled.audit
    assert audited == 500 and limiter.episodes == 50


def test_settings_default_to_30_a_minute_and_0_turns_the_check_off() -> None:
    config = load_config({})
    assert config.auth_failure_limit_per_minute == 30 and config.auth_failure_limit_burst is None
    assert isinstance(FailureLimiter.from_config(config), FailureLimiter)
    env = {"DLP_AUTH_FAILURE_LIMIT_PER_MINUTE": "0"}
    assert FailureLimiter.from_config(load_config(env)) is None
    assert FailureLimiter.from_config(Config(auth_failure_limit_per_minute=None)) is None
    env = {"DLP_AUTH_FAILURE_LIMIT_PER_MINUTE": "12", "DLP_AUTH_FAILURE_LIMIT_BURST": "4"}
    assert load_config(env).auth_failure_limit_burst == 4
    with pytest.raises(ConfigError, match="auth_failure_limit_per_minute"):
        load_config({"DLP_AUTH_FAILURE_LIMIT_PER_MINUTE": "-1"})
    with pytest.raises(ConfigError, match="auth_failure_limit_burst"):
        load_config({"DLP_AUTH_FAILURE_LIMIT_BURST": "0"})
