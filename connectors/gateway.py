"""The HTTP gateway: each configured upstream as a Streamable HTTP MCP endpoint at ``/<name>``.

Mounted by the service at ``/mcp``, so clients connect to ``/mcp/<name>``. A client session
(``Mcp-Session-Id``, created by ``initialize``) owns one upstream connection (a child process
per session for stdio upstreams, an upstream session for remote ones) and one
:class:`~dlp.connectors.router.Router`, so every message is inspected exactly as the stdio
wrapper inspects it.

* POST a request: answered with one JSON body when the response is the first thing the
  server sends for it; as an SSE stream (related server messages first, the response last)
  when progress, logging or a server request comes first and the client accepts SSE.
* POST a notification or a response (to a server request): 202 Accepted.
* GET: the SSE stream of server messages that belong to no open request.
* DELETE: ends the session and its upstream.

A session ends, and its id stops working, when its stdio upstream process exits. A POST without
a session that speaks the stateless 2026-07-28 revision is served by :mod:`.gateway_modern`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from dlp.audit.trail import AuditTrail
from dlp.auth.killswitch import KillSwitch
from dlp.config import Config
from dlp.connectors import modern_wire
from dlp.connectors.gateway_config import GatewayConfig, UpstreamConfig
from dlp.connectors.gateway_modern import ModernHandler
from dlp.connectors.gateway_session import END_OF_STREAM, GatewaySession
from dlp.connectors.gateway_wiring import Identify, Identity, base_context, session_upstream
from dlp.connectors.modern_pool import ModernPool
from dlp.connectors.router import PARSE_ERROR, Router
from dlp.context import Direction, InspectContext
from dlp.engine import Engine, Outcome
from dlp.errors import DLPError
from dlp.wiring import build_engine, build_tenant_engines

__all__ = ["Gateway", "Identify", "Identity", "create_gateway_app"]

SESSION_HEADER = "Mcp-Session-Id"


def _rpc_error(msg_id: Any, code: int, text: str, status: int) -> JSONResponse:
    return JSONResponse(
        {"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": text}}, status_code=status
    )


class Gateway:
    """Sessions of every upstream, and the request handlers."""

    def __init__(
        self,
        config: Config,
        gateway_config: GatewayConfig,
        engine: Engine,
        environ: Mapping[str, str],
        trail: AuditTrail | None,
        identify: Identify,
        halted: Callable[[], bool] | None = None,
    ) -> None:
        self._identify = identify
        self._config = config
        self._gateway = gateway_config
        self._engines = build_tenant_engines(config, engine)
        self._halted = halted
        self._environ = dict(environ)
        self._trail = trail
        self._sessions: dict[str, GatewaySession] = {}
        self.pool = ModernPool(config, gateway_config, self._router, environ)
        self._modern = ModernHandler(self.pool, identify, gateway_config.sse_keepalive_s)

    # -- sessions -----------------------------------------------------------------------------------

    def _new_session(
        self, name: str, upstream_config: UpstreamConfig, request: Request, loop: asyncio.AbstractEventLoop
    ) -> GatewaySession:
        """A session with its upstream started (blocking: it may spawn a process)."""
        session_id = secrets.token_urlsafe(24)
        identity = self._identify(request)
        agent = request.headers.get("user-agent", "http-client")
        base = base_context(name, upstream_config, identity, agent, session_id)
        router = self._router(base)
        upstream = session_upstream(upstream_config, self._environ, self._config.max_payload_bytes)
        session = GatewaySession(session_id, router, upstream, loop, upstream_config.upstream_timeout_s)
        # A session id is a bearer secret only together with the upstream and caller it was made for.
        session.owner = (name, identity)
        session.start()
        return session

    def _router(self, base: InspectContext) -> Router:
        """A connection's router: the tenant's policy, the audit trail and the kill switch."""
        return Router(self._engines.for_tenant(base.tenant), base, record=self._record, halted=self._halted)

    def _record(self, outcome: Outcome, context: InspectContext, size: int) -> None:
        if self._trail is not None:
            self._trail.record(
                outcome, context, request_bytes=size if context.direction is Direction.REQUEST else None
            )

    async def _reap(self) -> None:
        now = time.monotonic()
        idle = [
            s for s in self._sessions.values()
            if s.closed or now - s.last_used > self._gateway.session_idle_timeout_s
        ]  # fmt: skip
        for session in idle:
            self._sessions.pop(session.session_id, None)
            await anyio.to_thread.run_sync(session.close)

    async def close(self) -> None:
        """End every session and stateless connection (the app's shutdown, the kill switch)."""
        for session in list(self._sessions.values()):
            await anyio.to_thread.run_sync(session.close)
        self._sessions.clear()
        await anyio.to_thread.run_sync(self.pool.close)

    # -- handlers --------------------------------------------------------------------------------------

    async def handle(self, request: Request) -> Response:
        """Dispatch by method for ``/<name>``."""
        name = request.path_params["name"]
        upstream_config = self._gateway.upstreams.get(name)
        if upstream_config is None:
            return JSONResponse({"error": f"no upstream named {name!r}"}, status_code=404)
        origin = request.headers.get("origin")
        if origin is not None and origin not in self._gateway.allowed_origins:
            # DNS rebinding: a web page must not reach a local gateway through the user's browser.
            return JSONResponse({"error": "origin not allowed"}, status_code=403)
        if request.method == "POST":
            return await self._post(request, name, upstream_config)
        if not request.headers.get(SESSION_HEADER):
            # No session to stream or end: 405, which clients (the TypeScript SDK's GET probe, a
            # stateless 2026-07-28 client) read as "use POST"; a 404 would tell them the session died.
            return JSONResponse(
                {"error": f"{request.method} needs an Mcp-Session-Id; send requests with POST"},
                status_code=405,
                headers={"Allow": "GET, POST, DELETE"},
            )
        session = self._session(request, name)
        if session is None:
            return JSONResponse({"error": "unknown or missing Mcp-Session-Id"}, status_code=404)
        if request.method == "DELETE":
            self._sessions.pop(session.session_id, None)
            await anyio.to_thread.run_sync(session.close)
            return Response(status_code=204)
        if "text/event-stream" not in request.headers.get("accept", ""):
            return Response(status_code=405, headers={"Allow": "POST, DELETE"})
        return self._sse(session, session.backlog, None)

    def _session(self, request: Request, name: str) -> GatewaySession | None:
        """The live session the request names, if it belongs to this upstream and this caller."""
        session = self._sessions.get(request.headers.get(SESSION_HEADER, ""))
        if session is None or session.owner != (name, self._identify(request)):
            return None
        if session.closed:  # its upstream exited: the id is dead
            self._sessions.pop(session.session_id, None)
            return None
        return session

    async def _post(self, request: Request, name: str, upstream_config: UpstreamConfig) -> Response:
        body = await request.body()
        if len(body) > self._config.max_payload_bytes:
            return _rpc_error(None, PARSE_ERROR, "message larger than the gateway's limit", 413)
        try:
            message = json.loads(body)
        except ValueError:
            return _rpc_error(None, PARSE_ERROR, "Parse error: the body is not JSON", 400)
        if not isinstance(message, dict):
            return _rpc_error(None, -32600, "send one JSON-RPC message per request (no batches)", 400)
        await self._reap()
        session_id = request.headers.get(SESSION_HEADER)
        if not session_id and modern_wire.is_modern(message, request.headers):
            return await self._modern.post(request, name, upstream_config, message)
        if message.get("method") == "initialize" and not session_id:
            if len(self._sessions) >= self._gateway.max_sessions:
                return _rpc_error(message.get("id"), -32000, "too many sessions; try again later", 503)
            caller = self._identify(request)
            held = sum(1 for s in self._sessions.values() if s.owner is not None and s.owner[1] == caller)
            if held >= self._gateway.max_sessions_per_caller:
                text = "this caller holds too many sessions; end one (DELETE) or try again later"
                return _rpc_error(message.get("id"), -32000, text, 429)
            try:
                session = await anyio.to_thread.run_sync(
                    self._new_session, name, upstream_config, request, asyncio.get_running_loop()
                )
            except DLPError as exc:
                return _rpc_error(message.get("id"), -32002, f"upstream unavailable: {exc.code}", 502)
            self._sessions[session.session_id] = session
        else:
            found = self._session(request, name)
            if found is None:
                status = 400 if not session_id else 404
                return _rpc_error(message.get("id"), -32000, "unknown or missing Mcp-Session-Id", status)
            session = found
        headers = {SESSION_HEADER: session.session_id}
        is_request = isinstance(message.get("method"), str) and "id" in message
        if not is_request:
            await anyio.to_thread.run_sync(session.from_client, body)
            params = message.get("params")
            if message.get("method") == "notifications/cancelled" and isinstance(params, dict):
                session.cancel_request(params.get("requestId"))
            return Response(status_code=202, headers=headers)
        msg_id = message["id"]
        queue = session.open_request(msg_id)
        streaming = False
        try:
            await anyio.to_thread.run_sync(session.from_client, body)
            accepts_sse = "text/event-stream" in request.headers.get("accept", "")
            while True:
                # The answer alone goes back as one JSON body (no SSE event-size limit at the
                # client, less overhead); anything the server sends first opens an SSE stream.
                data = await queue.get()
                if data == END_OF_STREAM:  # cancelled by the client: nobody reads an answer
                    return Response(status_code=204, headers=headers)
                if _answers(data, msg_id):
                    return Response(data, media_type="application/json", headers=headers)
                if accepts_sse:
                    streaming = True
                    return self._sse(session, queue, msg_id, headers, first=data)
                session.backlog.put_nowait(data)  # a JSON-only client: the GET stream gets it
        finally:
            if not streaming:
                session.close_request(msg_id, queue)

    def _sse(
        self,
        session: GatewaySession,
        queue: asyncio.Queue[bytes],
        msg_id: Any,
        headers: dict[str, str] | None = None,
        first: bytes | None = None,
    ) -> StreamingResponse:
        async def events() -> AsyncIterator[bytes]:
            pending = first
            try:
                while True:
                    data, pending = (pending, None) if pending is not None else (await queue.get(), None)
                    if data == END_OF_STREAM:
                        return
                    yield b"event: message\ndata: " + data + b"\n\n"
                    if msg_id is not None and _answers(data, msg_id):
                        return
            finally:
                if msg_id is not None:
                    session.close_request(msg_id, queue)

        return StreamingResponse(
            events(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no", **(headers or {})},
        )


def _answers(data: bytes, msg_id: Any) -> bool:
    try:
        message = json.loads(data)
    except ValueError:
        return False
    return isinstance(message, dict) and "method" not in message and message.get("id") == msg_id


def create_gateway_app(
    config: Config,
    gateway_config: GatewayConfig,
    *,
    environ: Mapping[str, str],
    engine: Engine | None = None,
    trail: AuditTrail | None = None,
    identify: Identify | None = None,
) -> Starlette:
    """The gateway as an ASGI app (routes ``/<name>``); mount it at ``/mcp``.

    ``environ`` supplies the values of ``env_from`` and ``headers_from_env`` (the caller reads
    the process environment; nothing here does). ``identify`` maps a request to the caller the
    service authenticated (user, roles, tenant go into every inspection context and audit event);
    without it every caller is anonymous in tenant ``default``.
    """
    killswitch = KillSwitch(config.resolved_database_url)
    gateway = Gateway(
        config,
        gateway_config,
        engine or build_engine(config),
        environ,
        trail,
        identify or (lambda _r: Identity()),
        halted=killswitch.stops_forwarding,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        # Runs when the gateway is served on its own; a parent app that mounts it calls
        # ``app.state.gateway.close()`` from its own shutdown (Starlette skips mounted lifespans).
        yield
        await gateway.close()

    app = Starlette(
        routes=[Route("/{name}", gateway.handle, methods=["GET", "POST", "DELETE"])], lifespan=lifespan
    )
    app.state.gateway = gateway
    return app
