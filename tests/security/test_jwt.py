"""Bearer JWTs against a real local JWKS server: what is accepted, what is refused, key rotation."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from dlp.auth.jwt_bearer import JwtVerifier
from dlp.errors import AuthenticationFailed, ConfigError
from dlp.http.app import create_app
from tests.cli.support import shared_engine, tool_result
from tests.security.conftest import auth_config
from tests.security.support import AUDIENCE, ISSUER, JwksServer, SigningKey, jwks_server


class Clock:
    """A clock the test moves (the JWKS cache and refetch throttle are time based)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def rsa_key() -> SigningKey:
    return SigningKey("rsa-1")


@pytest.fixture(scope="module")
def ec_key() -> SigningKey:
    return SigningKey("ec-1", kind="EC")


@pytest.fixture
def server(rsa_key: SigningKey, ec_key: SigningKey) -> Iterator[JwksServer]:
    with jwks_server() as running:
        running.keys = [rsa_key.jwk, ec_key.jwk]
        yield running


def verifier(server: JwksServer, clock: Clock | None = None, **kw: Any) -> JwtVerifier:
    return JwtVerifier(issuer=ISSUER, jwks_url=server.url, audience=AUDIENCE, clock=clock or Clock(), **kw)


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize("key_name", ["rsa_key", "ec_key"])
def test_valid_tokens_name_the_caller(
    server: JwksServer, key_name: str, request: pytest.FixtureRequest
) -> None:
    key: SigningKey = request.getfixturevalue(key_name)
    principal = verifier(server).verify(key.token(roles=["analyst", "auditor"]))
    assert (principal.user, principal.tenant, principal.roles, principal.method) == (
        "alice", "acme", ("analyst", "auditor"), "jwt"
    )  # fmt: skip


def test_roles_may_be_a_space_separated_string(server: JwksServer, rsa_key: SigningKey) -> None:
    assert verifier(server).verify(rsa_key.token(roles="a b")).roles == ("a", "b")


def test_claim_names_are_configurable(server: JwksServer, rsa_key: SigningKey) -> None:
    token = rsa_key.token(org="globex", groups=["admin"], roles=None, tenant=None)
    principal = verifier(server, roles_claim="groups", tenant_claim="org").verify(token)
    assert (principal.tenant, principal.roles) == ("globex", ("admin",))


NOW = int(time.time())
REFUSED_CLAIMS = {
    "wrong issuer": {"iss": "https://evil.test"},
    "wrong audience": {"aud": "https://other.test"},
    "expired": {"exp": NOW - 3600, "nbf": NOW - 7200, "iat": NOW - 7200},
    "not yet valid": {"nbf": NOW + 3600},
    "no exp": {"exp": None},
    "no tenant": {"tenant": None},
    "no subject": {"sub": None},
    "roles not a list": {"roles": {"admin": True}},
}


@pytest.mark.parametrize("claims", REFUSED_CLAIMS.values(), ids=REFUSED_CLAIMS.keys())
def test_bad_claims_are_refused(server: JwksServer, rsa_key: SigningKey, claims: dict[str, Any]) -> None:
    with pytest.raises(AuthenticationFailed):
        verifier(server).verify(rsa_key.token(**claims))


def test_alg_none_is_refused(server: JwksServer, rsa_key: SigningKey) -> None:
    claims = jwt.decode(rsa_key.token(), options={"verify_signature": False})
    unsigned = _b64({"alg": "none", "kid": rsa_key.kid, "typ": "JWT"}) + "." + _b64(claims) + "."
    with pytest.raises(AuthenticationFailed):
        verifier(server).verify(unsigned)


def test_hs256_signed_with_the_public_key_is_refused(server: JwksServer, rsa_key: SigningKey) -> None:
    # The classic key-confusion forgery: HMAC with the published public key as the secret.
    claims = jwt.decode(rsa_key.token(), options={"verify_signature": False})
    header = {"alg": "HS256", "kid": rsa_key.kid}
    forged = ".".join([_b64(header), _b64(claims)])
    import hashlib  # noqa: PLC0415
    import hmac  # noqa: PLC0415

    signature = hmac.new(rsa_key.public_pem(), forged.encode(), hashlib.sha256).digest()
    forged += "." + base64.urlsafe_b64encode(signature).rstrip(b"=").decode()
    with pytest.raises(AuthenticationFailed):
        verifier(server, algorithms=("RS256", "HS256")).verify(forged)


def test_only_symmetric_algorithms_configured_is_a_config_error(server: JwksServer) -> None:
    with pytest.raises(ConfigError):
        verifier(server, algorithms=("HS256",))


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "mdlp_x"])
def test_garbage_is_refused(server: JwksServer, token: str) -> None:
    with pytest.raises(AuthenticationFailed):
        verifier(server).verify(token)


def test_signature_by_a_key_not_in_the_set_is_refused(server: JwksServer) -> None:
    impostor = SigningKey("rsa-1")  # same kid, different key
    with pytest.raises(AuthenticationFailed):
        verifier(server).verify(impostor.token())


def test_tampered_payload_is_refused(server: JwksServer, rsa_key: SigningKey) -> None:
    head, _body, sig = rsa_key.token().split(".")
    claims = jwt.decode(rsa_key.token(), options={"verify_signature": False}) | {"tenant": "globex"}
    with pytest.raises(AuthenticationFailed):
        verifier(server).verify(f"{head}.{_b64(claims)}.{sig}")


def test_unknown_kid_refetches_once_then_accepts_a_rotated_key(
    server: JwksServer, rsa_key: SigningKey
) -> None:
    clock = Clock()
    checker = verifier(server, clock)
    checker.verify(rsa_key.token())
    assert server.fetches == 1
    rotated = SigningKey("rsa-2")
    server.keys = [*server.keys, rotated.jwk]
    clock.now += 11  # past the refetch throttle, well inside the cache TTL
    assert checker.verify(rotated.token()).user == "alice"
    assert server.fetches == 2


def test_unknown_kid_is_refused_and_refetch_is_throttled(server: JwksServer) -> None:
    clock = Clock()
    checker = verifier(server, clock)
    stranger = SigningKey("nobody")
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            checker.verify(stranger.token())
    assert server.fetches == 1  # forged kids do not turn into a fetch each


def test_cache_expires_after_its_ttl(server: JwksServer, rsa_key: SigningKey) -> None:
    clock = Clock()
    checker = verifier(server, clock, cache_s=60)
    checker.verify(rsa_key.token())
    checker.verify(rsa_key.token())
    assert server.fetches == 1
    clock.now += 61
    checker.verify(rsa_key.token())
    assert server.fetches == 2


def test_a_key_published_for_another_algorithm_is_not_used_for_this_one(server: JwksServer) -> None:
    key = SigningKey("pinned")
    server.keys = [{**key.jwk, "alg": "PS256"}]
    with pytest.raises(AuthenticationFailed):
        verifier(server).verify(key.token())


def test_unreachable_jwks_fails_closed(rsa_key: SigningKey) -> None:
    checker = JwtVerifier(issuer=ISSUER, jwks_url="http://127.0.0.1:9/jwks", audience=AUDIENCE)
    with pytest.raises(AuthenticationFailed):
        checker.verify(rsa_key.token())


def test_the_service_takes_the_caller_from_a_jwt(
    server: JwksServer, rsa_key: SigningKey, tmp_path: Path
) -> None:
    config = auth_config(
        tmp_path,
        auth_jwt_issuer=ISSUER,
        auth_jwks_url=server.url,
        auth_jwt_audience=AUDIENCE,
        audit_enabled=False,
    )
    with TestClient(create_app(config, engine=shared_engine(tmp_path))) as client:
        body = {"message": tool_result("hi"), "context": {"tenant": "acme"}}
        good = {"Authorization": f"Bearer {rsa_key.token(roles=['admin'])}"}
        assert client.post("/v1/inspect", json=body, headers=good).status_code == 200
        assert client.get("/v1/admin/killswitch", headers=good).status_code == 200
        other_tenant = {"Authorization": f"Bearer {rsa_key.token(tenant='globex')}"}
        assert client.post("/v1/inspect", json=body, headers=other_tenant).status_code == 403
        expired = {"Authorization": f"Bearer {rsa_key.token(exp=NOW - 3600, nbf=NOW - 7200, iat=NOW - 7200)}"}
        refused = client.post("/v1/inspect", json=body, headers=expired)
        assert refused.status_code == 401 and 'error="invalid_token"' in refused.headers["www-authenticate"]
        document = client.get("/.well-known/oauth-protected-resource").json()
        assert document["authorization_servers"] == [ISSUER]
