"""Token buckets: in this process (bounded), or in Redis shared by every replica.

Two users: per-caller request limits (``hit``: take a token or be refused; see
:mod:`dlp.auth.caller_limit`) and the failed authentication budget per client address (``peek``
before authenticating, ``charge`` after a failure; see :mod:`dlp.auth.failure_limit`). Both name
a bucket by a keyed pseudonym, never by the identity itself: these stores take whatever string
they are given, and a plain hash of a guessable name hides nothing from whoever reads Redis.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from dlp.errors import ConfigError, DLPError

#: Buckets kept in memory at most; the least recently used goes first. A bucket untouched for a
#: full refill period is full again, so dropping it loses nothing; only a spray of more distinct
#: callers than this within one refill period can reset a depleted bucket early.
DEFAULT_MAX_BUCKETS = 50_000

# One atomic step of the bucket in Redis: refill by elapsed time (server clock, so replicas with
# skewed clocks agree), then by mode: ``take`` a token or say how long until one is there;
# ``peek`` says the same without taking (and creates no key); ``charge`` takes one even into
# debt (floored at -burst), so concurrent failures that all passed one peek are still paid for.
_LUA_BUCKET = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local mode = ARGV[3] or 'take'
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
if mode == 'peek' and not state[1] then return '0' end
local tokens = tonumber(state[1]) or burst
local ts = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens < 1 then wait = (1 - tokens) / rate end
if mode == 'peek' then return tostring(wait) end
if mode == 'charge' then
  tokens = math.max(-burst, tokens - 1)
elseif tokens >= 1 then
  tokens = tokens - 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return tostring(wait)
"""


class LimiterUnavailable(DLPError):
    """The shared limit store cannot be reached; the request is refused (fail closed)."""

    code = "rate_limit_unavailable"


class RateLimiter(Protocol):
    """A token bucket per caller."""

    async def hit(self, caller: str) -> float | None:
        """Take a token: None when allowed; otherwise seconds until the caller may try again."""
        ...

    async def peek(self, caller: str) -> float | None:
        """Like :meth:`hit` without taking a token."""
        ...

    async def charge(self, caller: str) -> None:
        """Take a token even when none is left (the bucket goes into debt, at most one burst)."""
        ...


def bucket_key(caller: str, namespace: str = "rl") -> str:
    """The Redis key of a bucket (hashing only bounds its length: callers come as pseudonyms)."""
    return f"mcp-dlp:{namespace}:" + hashlib.sha256(caller.encode()).hexdigest()[:32]


class MemoryRateLimiter:
    """Token buckets in this process (each replica counts on its own), at most ``max_buckets``."""

    def __init__(
        self,
        per_minute: int,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_buckets: int = DEFAULT_MAX_BUCKETS,
    ) -> None:
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._max = max_buckets
        # caller -> (tokens, when they were counted); ordered least recently used first.
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._buckets)

    def _tokens(self, caller: str, now: float) -> float | None:
        state = self._buckets.get(caller)
        if state is None:
            return None
        return min(self._burst, state[0] + (now - state[1]) * self._rate)

    def _store(self, caller: str, tokens: float, now: float) -> None:
        self._buckets[caller] = (tokens, now)
        self._buckets.move_to_end(caller)
        while len(self._buckets) > self._max:
            self._buckets.popitem(last=False)

    def _wait(self, tokens: float) -> float | None:
        return None if tokens >= 1 else (1 - tokens) / self._rate

    async def hit(self, caller: str) -> float | None:
        """Take a token from ``caller``'s bucket."""
        with self._lock:
            now = self._clock()
            tokens = self._tokens(caller, now)
            tokens = self._burst if tokens is None else tokens
            wait = self._wait(tokens)
            self._store(caller, tokens if wait is not None else tokens - 1, now)
            return wait

    async def peek(self, caller: str) -> float | None:
        """Whether ``caller`` has a token, without taking it (an unknown caller stores nothing)."""
        with self._lock:
            tokens = self._tokens(caller, self._clock())
            return None if tokens is None else self._wait(tokens)

    async def charge(self, caller: str) -> None:
        """Take a token from ``caller``'s bucket, into debt if need be."""
        with self._lock:
            now = self._clock()
            tokens = self._tokens(caller, now)
            tokens = self._burst if tokens is None else tokens
            self._store(caller, max(-self._burst, tokens - 1), now)


class RedisRateLimiter:
    """Token buckets in Redis, so every replica draws on the same allowance."""

    def __init__(self, url: str, per_minute: int, burst: int, namespace: str = "rl") -> None:
        try:
            import redis.asyncio as aioredis  # noqa: PLC0415 - only needed when configured
        except ImportError:
            raise ConfigError("rate_limit_redis_url is set but the redis package is not installed") from None
        self._client = aioredis.Redis.from_url(url)
        self._script = self._client.register_script(_LUA_BUCKET)
        self._args = (per_minute / 60.0, burst)
        self._namespace = namespace

    async def _run(self, caller: str, mode: str) -> float | None:
        from redis.exceptions import RedisError  # noqa: PLC0415 - the package is optional

        try:
            key = bucket_key(caller, self._namespace)
            wait = float(await self._script(keys=[key], args=[*self._args, mode]))
        except RedisError as exc:
            raise LimiterUnavailable(f"the rate-limit store is unavailable ({type(exc).__name__})") from None
        return None if wait <= 0 else wait

    async def hit(self, caller: str) -> float | None:
        """Take a token from ``caller``'s shared bucket."""
        return await self._run(caller, "take")

    async def peek(self, caller: str) -> float | None:
        """Whether ``caller``'s shared bucket has a token, without taking it."""
        return await self._run(caller, "peek")

    async def charge(self, caller: str) -> None:
        """Take a token from ``caller``'s shared bucket, into debt if need be."""
        await self._run(caller, "charge")

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()


def bucket_store(
    redis_url: str | None, per_minute: int, burst: int, namespace: str, clock: Callable[[], float]
) -> RateLimiter:
    """Buckets in Redis when a URL is configured (replicas share them), else in this process."""
    if redis_url is not None:
        return RedisRateLimiter(redis_url, per_minute, burst, namespace=namespace)
    return MemoryRateLimiter(per_minute, burst, clock)


def retry_after(wait_s: float) -> str:
    """The Retry-After header value (whole seconds, at least 1)."""
    return str(max(1, math.ceil(wait_s)))
