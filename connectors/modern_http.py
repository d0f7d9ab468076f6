"""A remote Streamable HTTP upstream spoken to in the stateless revision: one POST per request.

No session, no GET stream: each request the gateway forwards is its own POST, answered with one
JSON body or an SSE stream of related notifications ending with the response. Closing that
stream is the request's cancellation (2026-07-28 has no client notifications over HTTP).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

import httpx

from dlp.connectors.upstream import remote_client, sse_data
from dlp.errors import ProxyError

log = logging.getLogger(__name__)

#: (gateway request id, one JSON-RPC message, the upstream's HTTP status).
OnReply = Callable[[str, bytes, int], None]
#: (gateway request id, HTTP status when the upstream answered without a JSON-RPC body).
OnEnd = Callable[[str, int | None], None]


class RemoteLink:
    """Forwards requests to one remote URL; each POST runs in a thread of its own."""

    def __init__(self, url: str, headers: Mapping[str, str], limit: int, timeout_s: float) -> None:
        self._url = url
        self._limit = limit
        self._client = remote_client(headers, timeout_s)
        self._open: dict[str, httpx.Response] = {}
        self._cancelled: set[str] = set()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._on_reply: OnReply | None = None
        self._on_end: OnEnd | None = None

    @property
    def alive(self) -> bool:
        """Until closed: a remote upstream has no process that could exit."""
        return not self._closed.is_set()

    def start(self, on_reply: OnReply, on_end: OnEnd) -> None:
        """Where answers go; nothing is connected until the first request."""
        self._on_reply, self._on_end = on_reply, on_end

    def send(self, gid: str, data: bytes, headers: Mapping[str, str]) -> None:
        """POST one request (in its own thread: an SSE answer may stay open a long time)."""
        threading.Thread(
            target=self._post, args=(gid, data, dict(headers)), name="gw-modern-post", daemon=True
        ).start()

    def cancel(self, gid: str) -> None:
        """Close the POST of ``gid``: the spec's cancellation of that request."""
        with self._lock:
            self._cancelled.add(gid)
            response = self._open.pop(gid, None)
        if response is not None:
            response.close()

    def _post(self, gid: str, data: bytes, headers: dict[str, str]) -> None:
        assert self._on_reply is not None and self._on_end is not None
        status: int | None = None
        try:
            with self._client.stream(
                "POST", self._url, content=data, headers={"Content-Type": "application/json", **headers}
            ) as response:
                with self._lock:
                    if gid in self._cancelled:
                        return
                    self._open[gid] = response
                kind = response.headers.get("content-type", "")
                if kind.startswith("text/event-stream"):
                    for event in sse_data(response.iter_lines(), self._limit):
                        self._on_reply(gid, event, response.status_code)
                elif kind.startswith("application/json"):
                    body = response.read().strip()
                    if body and len(body) <= self._limit:
                        self._on_reply(gid, body, response.status_code)
                if response.status_code >= 300:
                    status = response.status_code
        except (httpx.HTTPError, ProxyError) as exc:
            log.debug("upstream POST ended: %s", type(exc).__name__)
        finally:
            with self._lock:
                self._open.pop(gid, None)
                cancelled = gid in self._cancelled
                self._cancelled.discard(gid)
        if not cancelled:
            self._on_end(gid, status)

    def close(self) -> None:
        """Close every open POST and the connection pool."""
        self._closed.set()
        with self._lock:
            open_posts = list(self._open.values())
            self._open.clear()
        for response in open_posts:
            response.close()
        self._client.close()
