"""Turns a request's credential (API key or OAuth bearer JWT) into a :class:`Principal`."""

from __future__ import annotations

from starlette.datastructures import Headers

from dlp.auth.apikeys import PREFIX, ApiKeyStore
from dlp.auth.identity import Principal
from dlp.auth.jwt_bearer import JwtVerifier
from dlp.config import Config
from dlp.errors import AuthenticationFailed, ConfigError


class Authenticator:
    """Turns a request's credential into a :class:`Principal`."""

    def __init__(self, api_keys: ApiKeyStore, jwt: JwtVerifier | None) -> None:
        self._api_keys, self._jwt = api_keys, jwt

    @classmethod
    def from_config(cls, config: Config) -> Authenticator:
        """API keys in the configured database, plus JWTs when an issuer is configured."""
        verifier = None
        if config.auth_jwt_issuer or config.auth_jwks_url:
            if not (config.auth_jwt_issuer and config.auth_jwks_url and config.auth_jwt_audience):
                raise ConfigError("auth_jwt_issuer, auth_jwks_url and auth_jwt_audience are set together")
            verifier = JwtVerifier(
                issuer=config.auth_jwt_issuer,
                jwks_url=config.auth_jwks_url,
                audience=config.auth_jwt_audience,
                algorithms=config.auth_jwt_algorithms,
                user_claim=config.auth_user_claim,
                roles_claim=config.auth_roles_claim,
                tenant_claim=config.auth_tenant_claim,
                cache_s=config.auth_jwks_cache_s,
            )
        return cls(ApiKeyStore(config.resolved_database_url), verifier)

    def authenticate(self, headers: Headers) -> Principal:
        """The caller the headers prove; :class:`AuthenticationFailed` otherwise."""
        credential = headers.get("x-api-key")
        authorization = headers.get("authorization")
        if credential is None and authorization is not None:
            scheme, _, value = authorization.partition(" ")
            if scheme.lower() == "bearer" and value.strip():
                credential = value.strip()
        if not credential:
            raise AuthenticationFailed("no credential")
        if credential.startswith(PREFIX + "_"):
            return self._api_keys.verify(credential)
        if self._jwt is None:
            raise AuthenticationFailed("invalid credential")
        return self._jwt.verify(credential)
