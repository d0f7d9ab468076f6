"""OAuth 2.1 bearer JWTs checked against the issuer's JWKS: signature, iss, aud, exp, nbf.

Only asymmetric algorithms are accepted: a public JWKS cannot verify an HMAC token (an attacker
would sign with the public key as the secret), and ``alg: none`` is never a signature. A token
must name a ``kid`` found in the JWKS; an unknown one refetches the set once (the issuer may have
rotated), at most every ``min_refetch_s`` so forged kids cannot turn the service into a flood.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx
import jwt

from dlp.auth.identity import Principal
from dlp.errors import AuthenticationFailed, ConfigError

#: Algorithms whose keys can be published (RSA, RSA-PSS, ECDSA, EdDSA).
ASYMMETRIC = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
_LEEWAY_S = 30
_FETCH_TIMEOUT_S = 5.0
_MAX_JWKS_BYTES = 256 * 1024


def fetch_jwks(url: str) -> dict[str, Any]:
    """The JWKS document at ``url`` (HTTPS in production; size-limited)."""
    try:
        response = httpx.get(url, timeout=_FETCH_TIMEOUT_S, follow_redirects=False)
        response.raise_for_status()
        if len(response.content) > _MAX_JWKS_BYTES:
            raise AuthenticationFailed("the issuer's key set is too large")
        document = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise AuthenticationFailed(f"the issuer's key set cannot be fetched ({type(exc).__name__})") from None
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise AuthenticationFailed("the issuer's key set is not a JWKS document")
    return document


class JwtVerifier:
    """Verifies bearer JWTs of one issuer and maps their claims to a :class:`Principal`."""

    def __init__(
        self,
        *,
        issuer: str,
        jwks_url: str,
        audience: str,
        algorithms: tuple[str, ...] = ("RS256", "ES256", "PS256", "EdDSA"),
        user_claim: str = "sub",
        roles_claim: str = "roles",
        tenant_claim: str = "tenant",
        cache_s: float = 300.0,
        min_refetch_s: float = 10.0,
        fetch: Callable[[str], Mapping[str, Any]] = fetch_jwks,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._algorithms = tuple(a for a in algorithms if a in ASYMMETRIC)
        if not self._algorithms:
            raise ConfigError("auth_jwt_algorithms: name at least one asymmetric algorithm (RS256, ES256...)")
        self._issuer, self._jwks_url, self._audience = issuer, jwks_url, audience
        self._claims = (user_claim, roles_claim, tenant_claim)
        self._cache_s, self._min_refetch_s = cache_s, min_refetch_s
        self._fetch, self._clock = fetch, clock
        self._keys: dict[str, tuple[jwt.PyJWK, str | None]] = {}
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    def verify(self, token: str) -> Principal:
        """The caller ``token`` proves; :class:`AuthenticationFailed` otherwise."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise AuthenticationFailed("invalid bearer token") from None
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in self._algorithms or not isinstance(kid, str):
            raise AuthenticationFailed("invalid bearer token")
        key, declared = self._key(kid)
        if declared is not None and declared != alg:  # a key published for one algorithm only
            raise AuthenticationFailed("invalid bearer token")
        try:
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=[alg],
                audience=self._audience,
                issuer=self._issuer,
                leeway=_LEEWAY_S,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError:
            raise AuthenticationFailed("invalid bearer token") from None
        return self._principal(claims)

    def _principal(self, claims: dict[str, Any]) -> Principal:
        user_claim, roles_claim, tenant_claim = self._claims
        user, tenant, roles = claims.get(user_claim), claims.get(tenant_claim), claims.get(roles_claim, [])
        if isinstance(roles, str):
            roles = roles.split()
        if not isinstance(user, str) or not user or not isinstance(tenant, str) or not tenant:
            raise AuthenticationFailed("the bearer token does not name a user and a tenant")
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise AuthenticationFailed("the bearer token's roles claim is not a list of names")
        return Principal(user=user[:256], roles=tuple(roles[:64]), tenant=tenant[:128], method="jwt")

    def _key(self, kid: str) -> tuple[jwt.PyJWK, str | None]:
        with self._lock:
            now = self._clock()
            stale = self._fetched_at is None or now - self._fetched_at > self._cache_s
            may_refetch = self._fetched_at is None or now - self._fetched_at >= self._min_refetch_s
            if stale or (kid not in self._keys and may_refetch):
                self._load(now)
            key = self._keys.get(kid)
        if key is None:
            raise AuthenticationFailed("invalid bearer token")
        return key

    def _load(self, now: float) -> None:
        keys: dict[str, tuple[jwt.PyJWK, str | None]] = {}
        for entry in self._fetch(self._jwks_url).get("keys", []):
            if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
                continue
            if entry.get("kty") == "oct":  # a shared secret has no place in a public key set
                continue
            try:
                declared = entry.get("alg")
                keys[entry["kid"]] = (jwt.PyJWK(entry), declared if isinstance(declared, str) else None)
            except jwt.PyJWTError:
                continue  # a key this service cannot use (unknown kty or curve) is skipped
        self._keys, self._fetched_at = keys, now
