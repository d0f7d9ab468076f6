"""The gateway's stateless mode: a 2026-07-28 request is one POST, inspected both ways, no session.

A POST without ``Mcp-Session-Id`` whose body carries the per-request envelope (or is
``server/discover``) is validated as the spec requires (``MCP-Protocol-Version``, ``Mcp-Method``
and ``Mcp-Name`` against the body: ``400`` and ``-32020`` on a mismatch, ``-32022`` for an
unserved version), then sent on the caller's pooled connection to the upstream
(:mod:`.modern_pool`) and answered with one JSON body, or with an SSE stream when notifications
come first, when the answer takes longer than the keep-alive interval, or for
``subscriptions/listen``. Closing the stream cancels the request upstream. An upstream that
speaks only the handshake versions gets the client the answer a legacy server gives
(``400`` without a modern error), so the client falls back to ``initialize``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from dlp.connectors import modern_wire as wire
from dlp.connectors.gateway_config import UpstreamConfig
from dlp.connectors.gateway_wiring import Identify
from dlp.connectors.modern_channel import ModernChannel
from dlp.connectors.modern_exchange import Exchange, Item
from dlp.connectors.modern_pool import ModernPool
from dlp.errors import DLPError

_SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _rpc_error(msg_id: Any, code: int, text: str, status: int, data: Any = None) -> JSONResponse:
    error: dict[str, Any] = {"code": code, "message": text}
    if data is not None:
        error["data"] = data
    return JSONResponse({"jsonrpc": "2.0", "id": msg_id, "error": error}, status_code=status)


class ModernHandler:
    """Answers stateless POSTs for every upstream."""

    def __init__(self, pool: ModernPool, identify: Identify, keepalive_s: float) -> None:
        self._pool = pool
        self._identify = identify
        self._keepalive = keepalive_s

    async def post(
        self, request: Request, name: str, upstream_config: UpstreamConfig, message: Any
    ) -> Response:
        """One stateless exchange (``message`` is the parsed body, a JSON object)."""
        if "id" not in message:
            # No client notifications exist on this wire; one that arrives is accepted and dropped.
            return Response(status_code=202)
        msg_id = message["id"]
        if not isinstance(message.get("method"), str):
            return _rpc_error(None, wire.INVALID_REQUEST, "the body must be one JSON-RPC request", 400)
        accept = request.headers.get("accept", "")
        accepts_sse = "text/event-stream" in accept
        if message["method"] == "subscriptions/listen" and not accepts_sse:
            return Response(status_code=406)  # a listen answer is a stream
        rejection = wire.check_request(message, request.headers.items())
        if rejection is not None:
            return _rpc_error(msg_id, rejection.code, rejection.message, rejection.status, rejection.data)
        identity = self._identify(request)
        if self._pool.full(name, identity):
            return _rpc_error(msg_id, -32000, "too many connections; try again later", 503)
        # The caller's open connection is found on the event loop; only starting one (a process
        # and its probe) needs a worker thread.
        channel = self._pool.ready(name, identity)
        if channel is None:
            agent = request.headers.get("user-agent", "http-client")
            try:
                channel = await anyio.to_thread.run_sync(
                    self._pool.channel, name, upstream_config, identity, agent, wire.envelope(message)
                )
            except DLPError as exc:
                return _rpc_error(msg_id, -32002, f"upstream unavailable: {exc.code}", 502)
        if channel is None:
            # What a handshake-era server answers: 400 with no modern error, so the client falls back.
            text = (
                f"upstream {name!r} speaks only the initialize-handshake protocol versions; send initialize"
            )
            return _rpc_error(msg_id, wire.INVALID_REQUEST, text, 400)
        mismatch = wire.check_param_headers(message, request.headers, channel.maps)
        if mismatch is not None:
            return _rpc_error(msg_id, mismatch.code, mismatch.message, mismatch.status, mismatch.data)
        exchange = channel.open(message, asyncio.get_running_loop())
        await anyio.to_thread.run_sync(channel.send, exchange, message, request.headers)
        return await self._answer(request, channel, exchange, accepts_sse)

    async def _answer(
        self, request: Request, channel: ModernChannel, exchange: Exchange, accepts_sse: bool
    ) -> Response:
        """JSON when the answer comes first and in time; otherwise an SSE stream."""
        if exchange.listen:
            return self._stream(channel, exchange, None)
        watcher = asyncio.ensure_future(_disconnected(request))
        getter: asyncio.Future[Item] | None = None
        try:
            while True:
                getter = asyncio.ensure_future(exchange.queue.get())
                done, _ = await asyncio.wait(
                    {getter, watcher},
                    timeout=self._keepalive if accepts_sse else None,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                if getter not in done:
                    if watcher in done:
                        _cancel_soon(channel, exchange)
                        return Response(status_code=204)  # nobody reads it: the client is gone
                    return self._stream(channel, exchange, None)  # slow: keep the line alive
                data, status = getter.result()
                if status is not None:
                    if not data:  # the upstream's own bodiless refusal, passed on as it came
                        return Response(status_code=status)
                    return Response(data, status_code=status, media_type="application/json")
                if accepts_sse:
                    return self._stream(channel, exchange, (data, status))
                # A JSON-only client cannot take notifications: only the answer reaches it.
        finally:
            watcher.cancel()
            if getter is not None and not getter.done():
                getter.cancel()

    def _stream(self, channel: ModernChannel, exchange: Exchange, first: Item | None) -> StreamingResponse:
        keepalive = self._keepalive

        async def events() -> AsyncIterator[bytes]:
            pending = first
            try:
                if pending is None:  # committed by silence: a comment gets bytes moving at once
                    yield b": ping\n\n"
                while True:
                    if pending is None:
                        try:
                            pending = await asyncio.wait_for(exchange.queue.get(), keepalive)
                        except TimeoutError:
                            yield b": ping\n\n"
                            continue
                    data, status = pending
                    pending = None
                    if data:
                        yield b"event: message\ndata: " + data + b"\n\n"
                    if status is not None:
                        return
            finally:
                if not exchange.done:
                    # The client closed the stream: on this wire that is the request's cancellation.
                    _cancel_soon(channel, exchange)

        return StreamingResponse(events(), media_type="text/event-stream", headers=_SSE_HEADERS)


async def _disconnected(request: Request) -> None:
    """Returns when the client goes away (the body has been read: only the disconnect is left)."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


def _cancel_soon(channel: ModernChannel, exchange: Exchange) -> None:
    # Off the event loop and not awaited: the caller may itself be being cancelled.
    threading.Thread(target=channel.cancel, args=(exchange,), name="gw-modern-cancel", daemon=True).start()
