"""The HTTP service: ``create_app(config)`` returns a FastAPI app around one engine.

The engine is synchronous; each request runs it in a worker thread under a deadline. A request
that runs past it is answered as blocked (fail closed), and the worker is abandoned, not killed:
the engine checks its own time limit between detectors and stops soon after.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from importlib import metadata
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dlp.audit.trail import AuditTrail, build_audit_trail
from dlp.auth.identity import Principal
from dlp.auth.killswitch import KillSwitch
from dlp.config import Config
from dlp.context import InspectContext
from dlp.engine import Engine, Outcome
from dlp.errors import AuditError, InputError, PayloadTooDeep, PayloadTooLarge
from dlp.http.admin_routes import admin_router
from dlp.http.audit_routes import audit_router
from dlp.http.body import ENVELOPE_DEPTH, ENVELOPE_SLACK_BYTES, parse_json, read_limited
from dlp.http.models import FindingOut, InspectRequest, InspectResponse, RedactResponse
from dlp.http.problems import ProblemError, install_handlers, safe_errors
from dlp.http.security import Guard, KillSwitchMiddleware, SecurityMiddleware, build_guard, principal_of
from dlp.http.vault_routes import vault_router
from dlp.jsonrpc import error_response
from dlp.reidentification import engine_scrubber
from dlp.tenancy import TenantEngines
from dlp.vault import open_store
from dlp.wiring import build_engine, build_tenant_engines

log = logging.getLogger("dlp.http")

#: Added to the engine's own time limit before the service gives up waiting for it.
DEADLINE_GRACE_S = 2.0
_BODY_DOC = {
    "required": True,
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InspectRequest"}}},
}


def create_app(
    config: Config,
    *,
    engine: Engine | None = None,
    trail: AuditTrail | None = None,
    mounts: Sequence[tuple[str, ASGIApp]] = (),
    on_shutdown: Sequence[Callable[[], Awaitable[None]]] = (),
    on_killswitch: Sequence[Callable[[], Awaitable[None]]] = (),
    guard: Guard | None = None,
) -> FastAPI:
    """The service for ``config``; ``engine`` (and ``guard``, with auth) let tests pass their own.

    With ``config.audit_enabled`` every inspection is recorded in the audit trail (built from the
    config unless ``trail`` is given), and the audit and metrics endpoints are served. With
    ``config.auth_enabled`` every route but /healthz needs a credential (docs/security.md), and
    ``on_killswitch`` runs when an admin turns the kill switch on (the gateway ends its sessions).
    """
    if engine is None:
        engine = build_engine(config)
    if trail is None and config.audit_enabled:
        trail = build_audit_trail(config)
    service = _Service(config, build_tenant_engines(config, engine), trail)
    guard = (guard or build_guard(config)) if config.auth_enabled else None

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        for close in on_shutdown:
            await close()
        if trail is not None:
            # Store what is queued and sign the chain head before the process goes.
            await anyio.to_thread.run_sync(trail.close)

    app = FastAPI(
        lifespan=lifespan,
        title="mcp-dlp",
        version=_version(),
        description="Inspect and remediate MCP JSON-RPC messages per a data-loss-prevention policy.",
    )
    install_handlers(app)
    if guard is not None:
        # Added before AccessLog so the access log (outermost) also records refused requests.
        app.add_middleware(SecurityMiddleware, guard=guard, trail=trail)
        app.include_router(admin_router(config, guard, on_killswitch, trail))
    else:
        # Without authentication there is no admin endpoint, but `mcp-dlp killswitch on` still
        # stops every forwarding route of this service.
        app.add_middleware(KillSwitchMiddleware, killswitch=KillSwitch(config.resolved_database_url))
    app.add_middleware(AccessLog)

    @app.get("/healthz", summary="Liveness and what the engine loaded (no secrets)")
    async def healthz() -> dict[str, Any]:
        info = engine.info.as_dict() if engine.info is not None else {}
        return {"status": "ok", "version": _version(), "engine": info}

    @app.post(
        "/v1/inspect",
        response_model=InspectResponse,
        summary="Findings and verdict for one message (no values, nothing rewritten)",
        openapi_extra={"requestBody": _BODY_DOC},
    )
    async def inspect(request: Request) -> InspectResponse:
        outcome = await service.run(request)
        return InspectResponse(
            findings=[FindingOut.of(f) for f in outcome.findings],
            summary=outcome.summary(),
            blocked=outcome.blocked,
        )

    @app.post(
        "/v1/redact",
        response_model=RedactResponse,
        summary="The message rewritten per policy, or the JSON-RPC error that replaces it",
        openapi_extra={"requestBody": _BODY_DOC},
    )
    async def redact(request: Request) -> RedactResponse:
        outcome = await service.run(request)
        return RedactResponse(
            message=outcome.message, summary=outcome.summary(), blocked=outcome.blocked, error=outcome.error
        )

    if trail is not None:
        app.include_router(audit_router(trail, authenticated=guard is not None))
    if config.http_reidentify_enabled or guard is not None:
        # With authentication the requester is the proven caller, so the route is safe to serve.
        app.include_router(
            vault_router(
                lambda: open_store(config), trail, engine_scrubber(engine), authenticated=guard is not None
            )
        )
    for path, sub_app in mounts:
        app.mount(path, sub_app)
    _document_request_body(app)
    return app


class _Service:
    """Reads, validates and inspects one request body."""

    def __init__(self, config: Config, engines: TenantEngines, trail: AuditTrail | None) -> None:
        self._engines = engines
        self._trail = trail
        self._body_limit = config.max_payload_bytes + ENVELOPE_SLACK_BYTES
        self._max_depth = config.max_depth + ENVELOPE_DEPTH
        self._deadline = config.inspection_timeout_s + DEADLINE_GRACE_S
        # Inspection is CPU-bound: more worker threads than cores only add latency (the default
        # anyio pool is 40). Created on first use, inside the running event loop.
        self._limiter: anyio.CapacityLimiter | None = None

    def _workers(self) -> anyio.CapacityLimiter:
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(max(2, os.cpu_count() or 2))
        return self._limiter

    async def run(self, request: Request) -> Outcome:
        body = await read_limited(request, self._body_limit)
        document = parse_json(body, self._max_depth)
        try:
            parsed = InspectRequest.model_validate(document)
        except ValidationError as exc:
            raise ProblemError(
                422,
                "invalid_request",
                "the request body does not match the schema (see /docs); offending values are not echoed",
                safe_errors(exc.errors()),
            ) from None
        message = parsed.message
        method = message.get("method")
        context = parsed.context.to_context(method if isinstance(method, str) else None)
        principal = principal_of(request)
        if principal is not None:
            context = _as_principal(context, parsed.context.model_fields_set, principal)
        # The tenant's own policy decides (with authentication on, the caller's tenant).
        engine = self._engines.for_tenant(context.tenant)
        try:
            # Validate the JSON-RPC shape first: a malformed message is the caller's error (4xx),
            # not a verdict on its content.
            message = engine.parse(message)
        except PayloadTooLarge as exc:
            raise ProblemError(413, exc.code, str(exc)) from None
        except PayloadTooDeep as exc:
            raise ProblemError(400, exc.code, str(exc)) from None
        except InputError as exc:
            raise ProblemError(422, exc.code, str(exc)) from None
        try:
            with anyio.fail_after(self._deadline):
                outcome: Outcome = await anyio.to_thread.run_sync(
                    engine.inspect, message, context, abandon_on_cancel=True, limiter=self._workers()
                )
        except TimeoutError:
            log.warning("inspection timed out; failing closed", extra={"deadline_s": self._deadline})
            outcome = _timed_out(message)
        self._audit(outcome, context)
        log.info(
            "inspected",
            extra={
                "findings": len(outcome.findings),
                "entities": sorted({f.entity for f in outcome.findings}),
                "rules": list(outcome.decision.matched_rules),
                "blocked": outcome.blocked,
                "failure": outcome.failure,
            },
        )
        return outcome

    def _audit(self, outcome: Outcome, context: InspectContext) -> None:
        if self._trail is None:
            return
        try:
            self._trail.record(outcome, context)
        except AuditError as exc:
            # No record, no release: a message whose inspection cannot be audited is refused.
            raise ProblemError(
                503, exc.code, "the audit trail cannot be written; nothing was released"
            ) from None


def _as_principal(context: InspectContext, named: set[str], principal: Principal) -> InspectContext:
    """The context with the authenticated caller's user, roles and tenant (the body cannot choose)."""
    if "tenant" in named and context.tenant != principal.tenant:
        raise ProblemError(403, "tenant_mismatch", "the body names a tenant the caller does not belong to")
    return context.model_copy(
        update={"user": principal.user, "roles": principal.roles, "tenant": principal.tenant}
    )


def _timed_out(message: dict[str, Any]) -> Outcome:
    from dlp.decision import Decision  # noqa: PLC0415

    error = error_response(message, "failed", rule_id="on_error", failure="inspection_timeout")
    return Outcome(
        message=error,
        findings=(),
        decision=Decision(blocked_by="on_error"),
        blocked=True,
        error=error.get("error") if error else None,
        failure="inspection_timeout",
    )


class AccessLog:
    """One log line per request: method, route template, status, milliseconds (no path, no query)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request through and log how it ended."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            route = getattr(scope.get("route"), "path", None) or "<unmatched>"
            log.info(
                "request",
                extra={
                    "method": scope.get("method"),
                    "route": route,
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000.0, 2),
                },
            )


def _document_request_body(app: FastAPI) -> None:
    """Add :class:`InspectRequest` to the OpenAPI components (the routes read their body by hand)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, routes=app.routes, description=app.description
            )
            request_schema = InspectRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(request_schema.pop("$defs", {}))
            components["InspectRequest"] = request_schema
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _version() -> str:
    try:
        return metadata.version("mcp-dlp")
    except metadata.PackageNotFoundError:
        return "unknown"
