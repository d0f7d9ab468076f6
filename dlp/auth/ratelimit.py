"""Per-caller rate limits: a token bucket in this process, or in Redis shared by every replica."""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections.abc import Callable
from typing import Protocol

from dlp.errors import ConfigError, DLPError

#: Buckets idle this long are dropped from memory (they would be full again anyway).
_IDLE_DROP_S = 600.0

# One atomic step of the bucket in Redis: refill by elapsed time (server clock, so replicas with
# skewed clocks agree), take a token or say how long until one is there.
_LUA_BUCKET = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or burst
local ts = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""


class LimiterUnavailable(DLPError):
    """The shared limit store cannot be reached; the request is refused (fail closed)."""

    code = "rate_limit_unavailable"


class RateLimiter(Protocol):
    """Takes one request from a caller's allowance."""

    async def hit(self, caller: str) -> float | None:
        """None when allowed; otherwise seconds until the caller may try again."""
        ...


def bucket_key(caller: str) -> str:
    """The storage key of a caller's bucket (hashed: no identities in Redis keys)."""
    return "mcp-dlp:rl:" + hashlib.sha256(caller.encode()).hexdigest()[:32]


class MemoryRateLimiter:
    """Token buckets in this process (each replica counts on its own)."""

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    async def hit(self, caller: str) -> float | None:
        """Take a token from ``caller``'s bucket."""
        with self._lock:
            now = self._clock()
            if len(self._buckets) > 10_000:
                self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < _IDLE_DROP_S}
            tokens, last = self._buckets.get(caller, (self._burst, now))
            tokens = min(self._burst, tokens + (now - last) * self._rate)
            if tokens >= 1:
                self._buckets[caller] = (tokens - 1, now)
                return None
            self._buckets[caller] = (tokens, now)
            return (1 - tokens) / self._rate


class RedisRateLimiter:
    """Token buckets in Redis, so every replica draws on the same allowance."""

    def __init__(self, url: str, per_minute: int, burst: int) -> None:
        try:
            import redis.asyncio as aioredis  # noqa: PLC0415 - only needed when configured
        except ImportError:
            raise ConfigError("rate_limit_redis_url is set but the redis package is not installed") from None
        self._client = aioredis.Redis.from_url(url)
        self._script = self._client.register_script(_LUA_BUCKET)
        self._args = (per_minute / 60.0, burst)

    async def hit(self, caller: str) -> float | None:
        """Take a token from ``caller``'s shared bucket."""
        from redis.exceptions import RedisError  # noqa: PLC0415 - the package is optional

        try:
            wait = float(await self._script(keys=[bucket_key(caller)], args=list(self._args)))
        except RedisError as exc:
            raise LimiterUnavailable(f"the rate-limit store is unavailable ({type(exc).__name__})") from None
        return None if wait <= 0 else wait

    async def close(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()


def retry_after(wait_s: float) -> str:
    """The Retry-After header value (whole seconds, at least 1)."""
    return str(max(1, math.ceil(wait_s)))
