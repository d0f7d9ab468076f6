"""Requests in flight on a shared stateless connection, and which one each upstream message answers.

Many HTTP exchanges share one upstream connection, so each request goes upstream under an id of
the gateway's own (``dlp-<n>``), with its progress token replaced by that id too. An answer is
matched by that id, a progress notification by its token, a ``subscriptions/listen`` frame by its
subscription id, and each is given back the client's own values before the client sees it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dlp.connectors import modern_wire as wire

#: What an exchange receives: one message for the client, and the HTTP status when it is the
#: final answer (None for a notification before it). Empty data with a status: no body.
Item = tuple[bytes, int | None]


def encode(message: Any) -> bytes:
    """Compact JSON, as the proxy writes every message it rebuilds."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def error_message(msg_id: Any, code: int, text: str) -> bytes:
    """A JSON-RPC error response from the gateway itself."""
    return encode({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": text}})


@dataclass(eq=False)
class Exchange:
    """One client request in flight, and the queue its messages go to."""

    gid: str
    client_id: Any
    method: str
    #: What a sealed ``requestState`` is bound to: connection owner, method, tool name or URI.
    binding: tuple[object, ...]
    progress: Any
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[Item] = field(default_factory=asyncio.Queue)
    done: bool = False

    @property
    def listen(self) -> bool:
        """A ``subscriptions/listen`` stream: long-lived by design."""
        return self.method == "subscriptions/listen"

    def put(self, data: bytes, status: int | None) -> None:
        """Hand a message to the asyncio side (from any thread)."""
        # A closed event loop (the gateway shut down) has nobody waiting any more.
        with contextlib.suppress(RuntimeError):
            self.loop.call_soon_threadsafe(self.queue.put_nowait, (data, status))


class Exchanges:
    """The exchanges open on one connection; thread-safe."""

    def __init__(self, owner: tuple[object, ...]) -> None:
        self._owner = owner
        self._ids = itertools.count(1)
        self._open: dict[str, Exchange] = {}
        self._lock = threading.Lock()

    def open(self, message: Mapping[str, Any], loop: asyncio.AbstractEventLoop) -> Exchange:
        """Register a client request under a new gateway id."""
        params = message.get("params")
        params = params if isinstance(params, Mapping) else {}
        method = str(message.get("method"))
        meta = params.get("_meta")
        target = params.get(wire.NAMED_METHODS.get(method, ""))
        exchange = Exchange(
            gid=f"dlp-{next(self._ids)}",
            client_id=message.get("id"),
            method=method,
            binding=(*self._owner, method, target if isinstance(target, str) else None),
            progress=meta.get("progressToken") if isinstance(meta, Mapping) else None,
            loop=loop,
        )
        with self._lock:
            self._open[exchange.gid] = exchange
        return exchange

    def get(self, gid: Any) -> Exchange | None:
        """The open exchange with gateway id ``gid``."""
        with self._lock:
            return self._open.get(gid) if isinstance(gid, str) else None

    def close(self, exchange: Exchange) -> bool:
        """Mark ``exchange`` finished; False if it already was."""
        with self._lock:
            found = self._open.pop(exchange.gid, None) is not None
        exchange.done = True
        return found

    def __bool__(self) -> bool:
        with self._lock:
            return bool(self._open)

    def find(self, message: Mapping[str, Any], hint: Exchange | None) -> Exchange | None:
        """The exchange an upstream message belongs to (``hint``: the POST it arrived on)."""
        with self._lock:
            if "method" not in message:
                return self._open.get(str(message.get("id"))) or hint
            params = message.get("params")
            params = params if isinstance(params, Mapping) else {}
            meta = params.get("_meta")
            tagged = meta.get(wire.SUBSCRIPTION_ID_META_KEY) if isinstance(meta, Mapping) else None
            for key in (params.get("progressToken"), tagged):
                if isinstance(key, str) and key in self._open:
                    return self._open[key]
            if hint is not None or message.get("method") != "notifications/message":
                return hint
            # A log line over stdio names no request: the caller's newest request gets it.
            requests = [e for e in self._open.values() if not e.listen]
            return requests[-1] if requests else None


def restore_notification(message: dict[str, Any], exchange: Exchange) -> None:
    """Give a notification back the client's progress token and subscription id."""
    params = message.get("params")
    if not isinstance(params, dict):
        return
    if params.get("progressToken") == exchange.gid:
        params["progressToken"] = exchange.progress
    meta = params.get("_meta")
    if isinstance(meta, dict) and meta.get(wire.SUBSCRIPTION_ID_META_KEY) == exchange.gid:
        meta[wire.SUBSCRIPTION_ID_META_KEY] = exchange.client_id
