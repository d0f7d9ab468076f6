"""Requests per authenticated caller: one token bucket per tenant and user.

Neither store sees a tenant or user name: a caller's bucket is kept under a keyed pseudonym, an
HMAC-SHA256 of the caller under a key derived from the deployment's hash key with a label of its
own (so it never equals the failed-authentication pseudonym of the same text). A plain hash
would not do in Redis: tenant and user names come from short, guessable lists, so whoever can
read the keys could hash the candidates and see which callers are active. Replicas that share
the hash key (they must already, for pseudonyms and fingerprints to agree) share budgets;
deployments with different keys on one Redis never touch each other's buckets.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable

from dlp.auth.ratelimit import RateLimiter, bucket_store
from dlp.config import Config
from dlp.operators import load_or_create_hash_key

#: Redis key namespace of the caller buckets (the failed-authentication budget uses ``af``).
REDIS_NAMESPACE = "rl"
#: Derives the pseudonym key from the hash key; ``v1`` lets the scheme change without collisions.
_KEY_LABEL = b"mcp-dlp/caller-rate-limit/v1"


def caller_key(hash_key: bytes) -> bytes:
    """The key caller pseudonyms are made with, derived from the deployment's hash key."""
    return hmac.new(hash_key, _KEY_LABEL, hashlib.sha256).digest()


def caller_pseudonym(key: bytes, tenant: str, user: str) -> str:
    """What the stores keep a caller's budget under: 128 bits of an HMAC under ``key``.

    The tenant is length-prefixed, so no choice of names (a JWT claim may hold any character)
    makes one tenant's user land in another caller's bucket.
    """
    tenant_bytes = tenant.encode("utf-8", errors="surrogatepass")
    user_bytes = user.encode("utf-8", errors="surrogatepass")
    message = len(tenant_bytes).to_bytes(4, "big") + tenant_bytes + user_bytes
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


class CallerLimiter:
    """Requests per caller, counted in a bucket store under the caller's pseudonym."""

    def __init__(self, buckets: RateLimiter, *, key: bytes) -> None:
        self._buckets = buckets
        self._key = key

    @classmethod
    def from_config(cls, config: Config, clock: Callable[[], float] = time.monotonic) -> CallerLimiter | None:
        """The limiter ``config`` asks for; None when ``rate_limit_per_minute`` is unset."""
        per_minute = config.rate_limit_per_minute
        if per_minute is None:
            return None
        burst = config.rate_limit_burst or per_minute
        url = config.rate_limit_redis_url
        secret = url.get_secret_value() if url is not None else None
        buckets = bucket_store(secret, per_minute, burst, REDIS_NAMESPACE, clock)
        key = caller_key(load_or_create_hash_key(config.data_dir / "hash.key"))
        return cls(buckets, key=key)

    async def hit(self, tenant: str, user: str) -> float | None:
        """Take a token: None when allowed; otherwise seconds until the caller may try again."""
        return await self._buckets.hit(caller_pseudonym(self._key, tenant, user))
