"""Authentication, roles, rate limits and the kill switch in front of every route (opt-in).

With ``auth_enabled`` every request but the liveness probe, the API docs and the OAuth
protected-resource metadata must carry ``Authorization: Bearer <API key or JWT>`` (or
``X-API-Key``). A 401 names the metadata document (RFC 9728) as the MCP authorization spec asks,
so an MCP client can discover the authorization server. The caller becomes a
:class:`~dlp.auth.identity.Principal` in ``scope["dlp.principal"]``; the routes take user, roles
and tenant from it, never from the body. An address that failed authentication too often is
refused (429) before its credential is even looked at (:mod:`dlp.auth.failure_limit`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio
from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from dlp.audit.event import AuditEvent, EventKind, Verdict
from dlp.audit.trail import AuditTrail
from dlp.auth.authenticator import Authenticator
from dlp.auth.caller_limit import CallerLimiter
from dlp.auth.failure_limit import FailureLimiter, Throttled, client_address
from dlp.auth.identity import AUDITOR_ROLE, METRICS_ROLE, Principal
from dlp.auth.killswitch import KillSwitch
from dlp.auth.ratelimit import LimiterUnavailable, retry_after
from dlp.auth.tls import TLS_SUBJECT_KEY, subject_principal
from dlp.config import Config
from dlp.errors import AuditError, AuthenticationFailed
from dlp.http.problems import PROBLEM_JSON

log = logging.getLogger("dlp.http.security")

METADATA_PATH = "/.well-known/oauth-protected-resource"
PRINCIPAL_KEY = "dlp.principal"
#: Reachable without a credential: liveness, the schema, and how to get a credential.
_OPEN_PREFIXES = ("/healthz", "/docs", "/openapi.json", "/redoc", METADATA_PATH)
#: Routes that forward or reveal data: stopped by the kill switch.
_FORWARDING_PREFIXES = ("/v1/inspect", "/v1/redact", "/v1/reidentify", "/mcp")
#: Path prefix -> roles that may use it (admin may use everything).
_ROLE_GATES = (("/metrics", (METRICS_ROLE,)), ("/v1/audit", (AUDITOR_ROLE,)), ("/v1/admin", ()))


def principal_of(request: Request) -> Principal | None:
    """The authenticated caller of ``request`` (None when authentication is off)."""
    principal = request.scope.get(PRINCIPAL_KEY)
    return principal if isinstance(principal, Principal) else None


@dataclass(frozen=True, slots=True)
class Guard:
    """Everything the middleware consults."""

    authenticator: Authenticator
    killswitch: KillSwitch
    #: Requests per authenticated caller (None: unlimited).
    limiter: CallerLimiter | None
    resource_url: str | None
    #: Failed authentications per client address (None: unlimited).
    failures: FailureLimiter | None = None


def build_guard(config: Config, clock: Callable[[], float] = time.monotonic) -> Guard:
    """The guard for ``config`` (authentication on); ``clock`` drives the in-memory buckets."""
    return Guard(
        Authenticator.from_config(config),
        KillSwitch(config.resolved_database_url),
        CallerLimiter.from_config(config, clock),
        config.auth_resource_url.rstrip("/") if config.auth_resource_url else None,
        FailureLimiter.from_config(config, clock),
    )


def base_url(scope: Scope, configured: str | None) -> str:
    """The service's public origin: configured, or as the request reached it."""
    if configured:
        return configured
    headers = Headers(scope=scope)
    host = headers.get("host") or "localhost"
    return f"{scope.get('scheme', 'http')}://{host}"


class SecurityMiddleware:
    """Authenticates, checks roles, rate-limits and honours the kill switch."""

    def __init__(self, app: ASGIApp, guard: Guard, trail: AuditTrail | None = None) -> None:
        self.app, self.guard, self.trail = app, guard, trail

    async def _alert(
        self,
        scope: Scope,
        alert: str,
        reason: str,
        principal: Principal | None = None,
        extra: dict[str, int] | None = None,
    ) -> None:
        """Audit a refused caller: who (as far as known), where from, which route, why; no credential."""
        if self.trail is None:
            return
        client = scope.get("client")
        headers = Headers(scope=scope)
        actor: dict[str, object] = {
            "user": principal.user if principal else None,
            "roles": list(principal.roles) if principal else [],
            "agent": (headers.get("user-agent") or "")[:128] or None,
            "address": client[0] if client else None,
        }
        event = AuditEvent(
            kind=EventKind.ALERT,
            tenant=principal.tenant if principal else "*",
            actor=actor,
            # The route's first two segments only: the rest of a path can carry identifiers.
            target={"method": "http/" + "/".join(scope.get("path", "").split("/")[1:3])},
            verdict=Verdict.BLOCKED,
            detail={"alert": alert, "reason": reason, **(extra or {})},
        )
        try:
            await anyio.to_thread.run_sync(self.trail.record_events, [event])
        except AuditError:
            # The caller is refused either way; the failing trail already answers 503 elsewhere.
            log.error("refused caller not audited: the audit trail cannot be written")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the request, or pass it on with the caller in the scope."""
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(_OPEN_PREFIXES):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        try:
            principal = await self._check(scope, send, path, headers)
        except (SQLAlchemyError, LimiterUnavailable) as exc:
            # The key table, kill switch or limit store is unreachable: refuse, never let through.
            log.error("security check unavailable", extra={"error": type(exc).__name__})
            await _problem(
                send, 503, "security_unavailable", "the service cannot check credentials or limits"
            )
            return
        if principal is not None:
            scope[PRINCIPAL_KEY] = principal
            await self.app(scope, receive, send)

    async def _check(self, scope: Scope, send: Send, path: str, headers: Headers) -> Principal | None:
        """The caller, or None once a refusal has been sent."""
        failures, address = self.guard.failures, client_address(scope.get("client"))
        if failures is not None and (throttled := await failures.check(address)) is not None:
            # Before authenticating: a throttled address costs no key lookup and no JWT check.
            await self._throttled(scope, send, throttled)
            return None
        try:
            principal = await self._authenticate(scope, headers)
        except AuthenticationFailed as exc:
            suppressed = await failures.failed(address) if failures is not None else 0
            presented = "authorization" in headers or "x-api-key" in headers
            # RFC 9728: the metadata of resource https://host/mcp lives at /.well-known/...-resource/mcp.
            suffix = "/mcp" if path.startswith("/mcp") else ""
            metadata = base_url(scope, self.guard.resource_url) + METADATA_PATH + suffix
            challenge = f'Bearer resource_metadata="{metadata}"'
            if presented:
                challenge += ', error="invalid_token"'
            log.info("unauthenticated", extra={"reason": str(exc)})
            # Fixed texts and counts, no values.
            extra = {"suppressed": suppressed} if suppressed else None
            await self._alert(scope, "authentication_failed", str(exc), extra=extra)
            await _problem(
                send, 401, exc.code, "a valid credential is required", {"WWW-Authenticate": challenge}
            )
            return None
        for prefix, roles in _ROLE_GATES:
            if path.startswith(prefix) and not principal.has_any(*roles):
                await self._alert(scope, "forbidden", "role", principal)
                await _problem(send, 403, "forbidden", "the caller's roles do not allow this endpoint")
                return None
        if self.guard.limiter is not None:
            wait = await self.guard.limiter.hit(principal.tenant, principal.user)
            if wait is not None:
                headers_out = {"Retry-After": retry_after(wait)}
                await _problem(send, 429, "rate_limited", "too many requests; retry later", headers_out)
                return None
        if path.startswith(_FORWARDING_PREFIXES) and await anyio.to_thread.run_sync(
            self.guard.killswitch.engaged
        ):
            await _problem(send, 503, "kill_switch", "the kill switch is on: nothing is forwarded")
            return None
        return principal

    async def _throttled(self, scope: Scope, send: Send, throttled: Throttled) -> None:
        """Refuse an address over its failure budget; audit only the first refusal of an episode."""
        if self.trail is not None:
            self.trail.metrics.auth_throttled.inc()
        if throttled.audit:
            log.warning("client address throttled after failed authentications")
            extra = {"retry_after_s": int(retry_after(throttled.retry_after_s))}
            if throttled.suppressed:
                extra["suppressed"] = throttled.suppressed
            await self._alert(
                scope, "authentication_throttled", "too many failed authentications", extra=extra
            )
        headers_out = {"Retry-After": retry_after(throttled.retry_after_s)}
        detail = "too many failed authentications from this address; retry later"
        await _problem(send, 429, "authentication_throttled", detail, headers_out)

    async def _authenticate(self, scope: Scope, headers: Headers) -> Principal:
        subject = scope.get(TLS_SUBJECT_KEY)
        # Only the TLS layer sets this key (from a certificate the client CA verified); a header
        # credential, when also present, is checked instead.
        if isinstance(subject, dict) and "authorization" not in headers and "x-api-key" not in headers:
            principal = subject_principal(subject)
            if principal is None:
                raise AuthenticationFailed("the client certificate names no CN and O")
            return principal
        return await anyio.to_thread.run_sync(self.guard.authenticator.authenticate, headers)


class KillSwitchMiddleware:
    """The kill switch alone, for a service without authentication: forwarding routes answer 503."""

    def __init__(self, app: ASGIApp, killswitch: KillSwitch) -> None:
        self.app, self.killswitch = app, killswitch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse a forwarding request while the switch is on (or cannot be read)."""
        if scope["type"] == "http" and scope.get("path", "").startswith(_FORWARDING_PREFIXES):
            try:
                engaged = await anyio.to_thread.run_sync(self.killswitch.engaged)
            except SQLAlchemyError as exc:
                log.error("kill switch unreadable", extra={"error": type(exc).__name__})
                await _problem(send, 503, "security_unavailable", "the service cannot read the kill switch")
                return
            if engaged:
                await _problem(send, 503, "kill_switch", "the kill switch is on: nothing is forwarded")
                return
        await self.app(scope, receive, send)


def protected_resource_metadata(resource: str, config: Config) -> dict[str, Any]:
    """The RFC 9728 document describing this service as an OAuth protected resource."""
    document: dict[str, Any] = {
        "resource": resource,
        "bearer_methods_supported": ["header"],
        "resource_name": "mcp-dlp",
    }
    if config.auth_jwt_issuer:
        document["authorization_servers"] = [config.auth_jwt_issuer]
    return document


async def _problem(
    send: Send, status: int, code: str, detail: str, extra: dict[str, str] | None = None
) -> None:
    titles = {401: "Unauthorized", 403: "Forbidden", 429: "Too Many Requests", 503: "Service Unavailable"}
    body = json.dumps(
        {
            "type": "about:blank",
            "title": titles.get(status, "Error"),
            "status": status,
            "detail": detail,
            "code": code,
        }
    ).encode()
    headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
