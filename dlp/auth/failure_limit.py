"""A budget of failed authentications per client address, checked before authenticating.

Each address (an IPv6 address counts by its /64 network, which one host usually holds whole)
has a token bucket that only failed authentications draw on. While it is empty every request
from the address is refused before any credential is looked at, valid or not: if a valid key
still passed, a guesser would learn which of its guesses was right from the different answer.

Refusals are audited once per episode, not once each: the first refusal of an address opens an
episode and is one alert; the episode stays open while refusals keep coming less than a full
refill period apart. What was refused silently is counted, and the next alert written for the
address (a new episode, or the next failed authentication once a token is back) carries the
count, so the trail grows with episodes and the budget, not with the attacker's request rate.

Neither store sees an address: buckets and episodes are kept under a keyed pseudonym, an
HMAC-SHA256 of the address under a key derived from the deployment's hash key. A plain hash
would not do in Redis: whoever can read the keys could hash the whole IPv4 space and read them
back. Replicas that share the hash key (they must already, for pseudonyms and fingerprints to
agree) share buckets.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from dlp.auth.ratelimit import DEFAULT_MAX_BUCKETS, RateLimiter, bucket_store
from dlp.config import Config
from dlp.operators import load_or_create_hash_key

#: The bucket of requests whose transport names no client address (they share one, fail closed).
UNKNOWN_ADDRESS = "-"
#: Redis key namespace of the address buckets (the per-caller limits use ``rl``).
REDIS_NAMESPACE = "af"
#: Derives the pseudonym key from the hash key; ``v1`` lets the scheme change without collisions.
_KEY_LABEL = b"mcp-dlp/auth-failure-limit/v1"


def address_key(hash_key: bytes) -> bytes:
    """The key address pseudonyms are made with, derived from the deployment's hash key."""
    return hmac.new(hash_key, _KEY_LABEL, hashlib.sha256).digest()


def address_pseudonym(key: bytes, address: str) -> str:
    """What the stores keep ``address``'s budget under: 128 bits of its HMAC under ``key``."""
    return hmac.new(key, address.encode("utf-8", errors="surrogatepass"), hashlib.sha256).hexdigest()[:32]


def client_address(client: object) -> str:
    """The address a request's budget is kept under, from the ASGI ``scope["client"]``.

    Only the transport's peer address counts: headers such as ``X-Forwarded-For`` are the
    caller's to write, so trusting them here would let a guesser pick a fresh address per try.
    (Behind a proxy listed in ``trusted_proxies``, uvicorn has already put the address that proxy
    forwarded into the scope; nobody else's header gets that far.)
    """
    if not isinstance(client, (tuple, list)) or not client or not isinstance(client[0], str):
        return UNKNOWN_ADDRESS
    host = client[0]
    try:
        parsed = ipaddress.ip_address(host)
    except ValueError:
        return host[:64] or UNKNOWN_ADDRESS  # not an IP (a test transport, a socket path)
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


@dataclass(frozen=True, slots=True)
class Throttled:
    """An address over its budget: how long to wait, and whether this refusal is audited."""

    retry_after_s: float
    #: The first refusal of an episode: write one alert.
    audit: bool
    #: Refusals of this address not audited since its last alert (reported on this one's alert).
    suppressed: int


@dataclass(slots=True)
class _Episode:
    open_until: float
    suppressed: int


class FailureLimiter:
    """Failed authentications per address: checked before, charged after a failure."""

    def __init__(
        self,
        buckets: RateLimiter,
        *,
        key: bytes,
        quiet_s: float,
        clock: Callable[[], float] = time.monotonic,
        max_addresses: int = DEFAULT_MAX_BUCKETS,
    ) -> None:
        self._buckets = buckets
        self._key = key
        self._quiet_s = quiet_s
        self._clock = clock
        self._max = max_addresses
        # Address pseudonym -> episode. Touched only from the event loop (no await between read
        # and write), so no lock.
        self._episodes: OrderedDict[str, _Episode] = OrderedDict()

    @classmethod
    def from_config(
        cls, config: Config, clock: Callable[[], float] = time.monotonic
    ) -> FailureLimiter | None:
        """The limiter ``config`` asks for; None when ``auth_failure_limit_per_minute`` is unset or 0."""
        per_minute = config.auth_failure_limit_per_minute
        if not per_minute:
            return None
        burst = config.auth_failure_limit_burst or per_minute
        url = config.rate_limit_redis_url
        secret = url.get_secret_value() if url is not None else None
        buckets = bucket_store(secret, per_minute, burst, REDIS_NAMESPACE, clock)
        key = address_key(load_or_create_hash_key(config.data_dir / "hash.key"))
        # An episode lasts until the address has gone a full refill period without a refusal.
        return cls(buckets, key=key, quiet_s=burst * 60.0 / per_minute, clock=clock)

    @property
    def episodes(self) -> int:
        """Addresses with an open or unreported episode (bounded by ``max_addresses``)."""
        return len(self._episodes)

    async def check(self, address: str) -> Throttled | None:
        """None when ``address`` may try to authenticate; otherwise why not, and what to audit."""
        bucket = address_pseudonym(self._key, address)
        wait = await self._buckets.peek(bucket)
        if wait is None:
            return None
        now = self._clock()
        episode = self._episodes.get(bucket)
        if episode is not None and now < episode.open_until:
            episode.suppressed += 1
            episode.open_until = now + self._quiet_s
            self._episodes.move_to_end(bucket)
            return Throttled(wait, audit=False, suppressed=0)
        reported = episode.suppressed if episode is not None else 0
        self._remember(bucket, _Episode(now + self._quiet_s, 0))
        return Throttled(wait, audit=True, suppressed=reported)

    async def failed(self, address: str) -> int:
        """Charge a failed authentication; the count of silent refusals its alert should report."""
        bucket = address_pseudonym(self._key, address)
        await self._buckets.charge(bucket)
        episode = self._episodes.get(bucket)
        if episode is None:
            return 0
        reported, episode.suppressed = episode.suppressed, 0
        if self._clock() >= episode.open_until:
            del self._episodes[bucket]
        return reported

    def _remember(self, bucket: str, episode: _Episode) -> None:
        self._episodes[bucket] = episode
        self._episodes.move_to_end(bucket)
        while len(self._episodes) > self._max:
            # Losing the oldest episode costs at most one extra alert (or one unreported count).
            self._episodes.popitem(last=False)
