"""One caller's stateless (2026-07-28) connection to one upstream, shared by that caller's requests.

Every request is inspected by the connection's :class:`~dlp.connectors.router.Router` on the
way out and its answer on the way back, as in a session. Requests of many HTTP exchanges share
the upstream connection (one child process for a stdio upstream, one connection pool for a
remote one); :mod:`.modern_exchange` keeps their ids apart. The upstream's ``requestState`` is
taken out before inspection and sealed before the client sees it (:mod:`.request_state`), and
opened again, outside inspection, when the client retries.
"""

from __future__ import annotations

import asyncio
import json
import queue
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any

from dlp.connectors import modern_wire as wire
from dlp.connectors.modern_exchange import Exchange, Exchanges, encode, error_message, restore_notification
from dlp.connectors.modern_http import RemoteLink
from dlp.connectors.request_state import StateSealer
from dlp.connectors.router import Delivery, Router, Side
from dlp.connectors.upstream import StdioUpstream
from dlp.jsonrpc import FAILED_CODE

_PROBE_ID = "dlp-probe"
#: ``_to_client`` has no parsed form of its data yet (None is a parse result: not JSON).
_UNPARSED: Any = object()


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


class ModernChannel:
    """Router, upstream link and open exchanges of one (upstream, caller); thread-safe."""

    def __init__(
        self,
        router: Router,
        link: StdioUpstream | RemoteLink,
        sealer: StateSealer,
        owner: Sequence[object],
        timeout_s: float,
    ) -> None:
        self._router = router
        self._link = link
        self._sealer = sealer
        self._timeout = timeout_s
        self._exchanges = Exchanges(tuple(owner))
        self._closed = threading.Event()
        self._probe: queue.Queue[Any] = queue.Queue()
        #: ``x-mcp-header`` annotations of the upstream's tools, from the ``tools/list`` it answered.
        self.maps = wire.HeaderMaps()
        self.last_used = time.monotonic()

    # -- lifecycle ----------------------------------------------------------------------------------

    def start(self) -> None:
        """Connect (start the process) and the watchdog that answers requests the upstream never does."""
        if isinstance(self._link, RemoteLink):
            self._link.start(self._from_remote, self._remote_ended)
        else:
            self._link.start(self._from_stdio, self._gone)
        threading.Thread(target=self._watchdog, name="gw-modern-watchdog", daemon=True).start()

    def probe(self, meta: Mapping[str, Any], timeout_s: float) -> bool:
        """Whether the stdio upstream answers ``server/discover`` with a stateless version (blocking).

        The gateway's own request, never shown to a client; silence or any error means the
        upstream speaks only the handshake versions (the spec's fallback signal).
        """
        assert isinstance(self._link, StdioUpstream)
        request = {"jsonrpc": "2.0", "id": _PROBE_ID, "method": "server/discover", "params": {"_meta": meta}}
        self._link.send(encode(request))
        try:
            answer = self._probe.get(timeout=timeout_s)
        except queue.Empty:
            return False
        result = answer.get("result") if isinstance(answer, dict) else None
        versions = result.get("supportedVersions") if isinstance(result, dict) else None
        return isinstance(versions, list) and any(v in wire.MODERN_PROTOCOL_VERSIONS for v in versions)

    @property
    def alive(self) -> bool:
        """The upstream is still there (a stdio process that exited ends the connection)."""
        return not self._closed.is_set() and self._link.alive

    @property
    def busy(self) -> bool:
        """Requests are in flight (an idle connection with none may be reaped)."""
        return bool(self._exchanges)

    @property
    def waiting(self) -> int:
        """Requests sent upstream and not answered (nor cancelled) yet."""
        return self._router.waiting

    @property
    def pid(self) -> int | None:
        """The stdio upstream's process id (operators and tests); None for a remote upstream."""
        return self._link.pid if isinstance(self._link, StdioUpstream) else None

    def close(self) -> None:
        """End the upstream connection (blocking); requests still open get an error."""
        if self._closed.is_set():
            return
        self._closed.set()
        self._link.close()
        self._gone("connection was closed by the gateway")

    # -- client to upstream -----------------------------------------------------------------------------

    def open(self, message: Mapping[str, Any], loop: asyncio.AbstractEventLoop) -> Exchange:
        """Register a request; its messages will arrive on the returned exchange's queue."""
        self.last_used = time.monotonic()
        return self._exchanges.open(message, loop)

    def send(self, exchange: Exchange, message: Mapping[str, Any], headers: Mapping[str, str]) -> None:
        """Inspect the request and forward it under the exchange's id (blocking: a worker thread)."""
        params = dict(message.get("params") or {})
        state: str | None = None
        if "requestState" in params:
            # The upstream's own opaque value: opened here, put back after inspection.
            state = self._sealer.open(params.pop("requestState"), exchange.binding)
            if state is None:
                text = "requestState is not valid for this request (altered, expired or another caller's)"
                self._finish(exchange, error_message(exchange.client_id, wire.INVALID_PARAMS, text), 400)
                return
        if exchange.progress is not None and isinstance(params.get("_meta"), Mapping):
            params["_meta"] = {**params["_meta"], "progressToken": exchange.gid}
        outgoing = {**message, "id": exchange.gid, "params": params}
        for delivery in self._router.from_client(encode(outgoing)):
            if delivery.to is Side.CLIENT:
                self._to_client(delivery.data, exchange)
            else:
                self._to_upstream(delivery.data, exchange, message, headers, state)

    def _to_upstream(
        self, data: bytes, exchange: Exchange, original: Mapping[str, Any], headers: Mapping[str, str],
        state: str | None,
    ) -> None:  # fmt: skip
        forwarded = json.loads(data) if state is not None or isinstance(self._link, RemoteLink) else None
        if forwarded is not None and state is not None:
            forwarded["params"] = {**forwarded.get("params", {}), "requestState": state}
            data = encode(forwarded)
        if isinstance(self._link, StdioUpstream):
            self._link.send(data)
            return
        assert forwarded is not None
        changed = (original.get("params") or {}).get("arguments") != forwarded["params"].get("arguments")
        self._link.send(exchange.gid, data, wire.upstream_headers(forwarded, self.maps, headers, changed))

    def cancel(self, exchange: Exchange) -> None:
        """The client closed its stream: the request is cancelled upstream (blocking)."""
        if not self._exchanges.close(exchange):
            return
        if isinstance(self._link, RemoteLink):
            self._link.cancel(exchange.gid)
        notice = {
            "jsonrpc": "2.0",
            "method": "notifications/cancelled",
            "params": {"requestId": exchange.gid, "reason": "the client closed the stream"},
        }
        # Through the router, so it forgets the request; only stdio carries the notice itself.
        for delivery in self._router.from_client(encode(notice)):
            if delivery.to is Side.UPSTREAM and isinstance(self._link, StdioUpstream):
                self._link.send(delivery.data)

    # -- upstream to client (the link's threads) --------------------------------------------------------

    def _from_stdio(self, raw: bytes) -> None:
        message = _parse(raw)
        if isinstance(message, dict) and message.get("id") == _PROBE_ID and "method" not in message:
            self._probe.put(message)
        elif isinstance(message, dict) and "method" in message and "id" in message:
            # The stateless revision has no server-to-client requests (MRTR replaced them).
            text = "server-to-client requests are not part of protocol 2026-07-28"
            assert isinstance(self._link, StdioUpstream)
            self._link.send(error_message(message["id"], wire.METHOD_NOT_FOUND, text))
        else:
            self._from_upstream(raw, message, None, None)

    def _from_remote(self, gid: str, raw: bytes, status: int) -> None:
        message = _parse(raw)
        if isinstance(message, dict) and "method" not in message and message.get("id") != gid:
            # An error the upstream could not tie to a request (id null): it is this POST's answer.
            message = {**message, "id": gid}
            raw = encode(message)
        self._from_upstream(raw, message, self._exchanges.get(gid), status)

    def _from_upstream(self, raw: bytes, message: Any, hint: Exchange | None, status: int | None) -> None:
        result = message.get("result") if isinstance(message, dict) else None
        state = result.pop("requestState", None) if isinstance(result, dict) else None
        if state is not None:
            raw = encode(message)
        for delivery in self._router.from_upstream(raw):
            if delivery.to is Side.CLIENT:
                # The router hands on the very bytes it got when the policy changed nothing: the
                # message parsed above is then that delivery, and need not be parsed again.
                parsed = message if delivery.data is raw else _UNPARSED
                self._to_client(delivery.data, hint, state, status, parsed)
            elif isinstance(self._link, StdioUpstream):
                self._link.send(delivery.data)

    def _remote_ended(self, gid: str, status: int | None) -> None:
        exchange = self._exchanges.get(gid)
        if exchange is not None:
            text = "The upstream MCP server ended the request without an answer"
            body = b"" if status is not None else error_message(exchange.client_id, FAILED_CODE, text)
            self._finish(exchange, body, status or 502)

    def _gone(self, reason: str) -> None:
        # A probe still waiting learns at once that nobody will answer (not after its timeout).
        self._probe.put(None)
        self._deliver(self._router.upstream_gone(reason))

    def _watchdog(self) -> None:
        while self._link.alive and not self._closed.wait(timeout=min(1.0, self._timeout / 4)):
            if self._router.stopped():
                self.close()  # the kill switch revokes pooled connections too
                return
            late = self._router.expire(self._timeout)
            # A listen stream is long-lived by design: the request timeout does not end it.
            self._deliver([d for d in late if not self._listening(d.data)])

    def _listening(self, data: bytes) -> bool:
        message = _parse(data)
        exchange = self._exchanges.get(message.get("id")) if isinstance(message, dict) else None
        return exchange is not None and exchange.listen

    def _deliver(self, deliveries: Sequence[Delivery]) -> None:
        for delivery in deliveries:
            if delivery.to is Side.CLIENT:
                self._to_client(delivery.data, None)

    def _to_client(
        self,
        data: bytes,
        hint: Exchange | None,
        state: Any = None,
        status: int | None = None,
        parsed: Any = _UNPARSED,
    ) -> None:
        message = _parse(data) if parsed is _UNPARSED else parsed
        exchange = self._exchanges.find(message, hint) if isinstance(message, dict) else None
        if exchange is None or exchange.done or not isinstance(message, dict):
            return
        if "method" in message:
            restore_notification(message, exchange)
            exchange.put(encode(message), None)
            return
        message["id"] = exchange.client_id
        result = message.get("result")
        if (
            isinstance(result, dict)
            and isinstance(state, str)
            and result.get("resultType") == "input_required"
        ):
            result["requestState"] = self._sealer.seal(state, exchange.binding)
        if exchange.method == "tools/list":
            self.maps.learn(message)
        if status is None:  # stdio: the status the spec gives the answer
            error = message.get("error")
            code = error.get("code") if isinstance(error, dict) else None
            status = wire.http_status(code) if isinstance(code, int) else 200
        self._finish(exchange, encode(message), status)

    def _finish(self, exchange: Exchange, data: bytes, status: int) -> None:
        self._exchanges.close(exchange)
        self.last_used = time.monotonic()
        exchange.put(data, status)
