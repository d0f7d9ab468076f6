"""One gateway session: a client's ``Mcp-Session-Id``, its upstream connection and its router.

Messages for the client are handed to the asyncio side through queues: the response to a
request goes to the queue of the POST that sent it (which streams it back); everything else
the server sends (notifications, its own requests) goes to the newest open POST stream, or,
when none is open, to the session's GET stream.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Sequence
from typing import Any

from dlp.connectors.router import Delivery, Router, Side
from dlp.connectors.upstream import Upstream

log = logging.getLogger(__name__)

#: Messages kept for a GET stream that is not open; older ones are dropped beyond this.
_MAX_BACKLOG = 1000
#: Put on the GET stream's queue when the session ends, so the stream ends too.
END_OF_STREAM = b""


def id_key(msg_id: Any) -> str:
    """A dict key for a JSON-RPC id that keeps 1 and "1" apart."""
    return json.dumps(msg_id, sort_keys=True)


class GatewaySession:
    """A client session bridged to one upstream connection; the engine runs in worker threads."""

    def __init__(
        self,
        session_id: str,
        router: Router,
        upstream: Upstream,
        loop: asyncio.AbstractEventLoop,
        upstream_timeout_s: float,
    ) -> None:
        self.session_id = session_id
        self._router = router
        self._upstream = upstream
        self._loop = loop
        self._timeout = upstream_timeout_s
        self._waiters: dict[str, asyncio.Queue[bytes]] = {}
        self._streams: list[asyncio.Queue[bytes]] = []
        self.backlog: asyncio.Queue[bytes] = asyncio.Queue()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self.last_used = time.monotonic()
        self.gone: str | None = None
        #: (upstream name, caller identity) the session was created for; the gateway checks it.
        self.owner: tuple[str, object] | None = None

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> None:
        """Connect to the upstream and start the watchdog that answers requests it never answers."""
        self._upstream.start(self._from_upstream, self._upstream_gone)
        threading.Thread(target=self._watchdog, name="gw-watchdog", daemon=True).start()

    def close(self) -> None:
        """End the session (blocking: call it from a worker thread)."""
        if self._mark_closed():
            self._release()

    def _mark_closed(self) -> bool:
        """Stop accepting requests; False if the session had already ended."""
        with self._lock:
            if self._closed.is_set():
                return False
            self._closed.set()
            return True

    def _release(self) -> None:
        self._loop.call_soon_threadsafe(self.backlog.put_nowait, END_OF_STREAM)
        self._upstream.close()

    @property
    def closed(self) -> bool:
        """The session was ended by the client, the idle reaper or the upstream."""
        return self._closed.is_set()

    # -- client side (asyncio) ------------------------------------------------------------------------

    def open_request(self, msg_id: Any) -> asyncio.Queue[bytes]:
        """The queue that will receive the answer to request ``msg_id`` (and related messages)."""
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        with self._lock:
            self._waiters[id_key(msg_id)] = queue
            self._streams.append(queue)
        self.last_used = time.monotonic()
        return queue

    def close_request(self, msg_id: Any, queue: asyncio.Queue[bytes]) -> None:
        """The POST that waited for ``msg_id`` is finished (answered or disconnected)."""
        with self._lock:
            self._waiters.pop(id_key(msg_id), None)
            if queue in self._streams:
                self._streams.remove(queue)
        self.last_used = time.monotonic()

    def cancel_request(self, msg_id: Any) -> None:
        """The client gave up on ``msg_id``: end the POST still waiting for its answer."""
        with self._lock:
            waiter = self._waiters.get(id_key(msg_id))
        if waiter is not None:
            waiter.put_nowait(END_OF_STREAM)

    def from_client(self, raw: bytes) -> None:
        """Inspect and route one client message (blocking: call it from a worker thread)."""
        self.last_used = time.monotonic()
        self._deliver(self._router.from_client(raw))
        if not self._upstream.alive:
            # Sent after the upstream ended: nobody will answer, so the client hears it now.
            self._deliver(self._router.upstream_gone("has ended"))

    # -- upstream side (threads) ----------------------------------------------------------------------

    def _from_upstream(self, raw: bytes) -> None:
        self._deliver(self._router.from_upstream(raw))

    def _upstream_gone(self, reason: str) -> None:
        if not self._closed.is_set():
            self.gone = reason
        # The process exited (or the remote ended the session): the session id stops working
        # before the waiting requests hear of it, not at the idle timeout.
        ended = not self._upstream.alive and self._mark_closed()
        self._deliver(self._router.upstream_gone(reason))
        if ended:
            # Released off this thread: it may be the upstream's own reader.
            threading.Thread(target=self._release, name="gw-session-end", daemon=True).start()

    def _watchdog(self) -> None:
        while not self._closed.wait(timeout=min(1.0, self._timeout / 4)):
            if self._router.stopped():
                # The kill switch revokes the session: its id stops working, its upstream ends.
                self.gone = "stopped by the kill switch"
                self.close()
                return
            self._deliver(self._router.expire(self._timeout))

    def _deliver(self, deliveries: Sequence[Delivery]) -> None:
        for delivery in deliveries:
            if delivery.to is Side.UPSTREAM:
                self._upstream.send(delivery.data)
            else:
                self._to_client(delivery.data)

    def _to_client(self, data: bytes) -> None:
        target = self._target(data)
        if target is None:
            target = self.backlog
            if target.qsize() >= _MAX_BACKLOG:
                log.warning("session backlog full: a server message was dropped (no GET stream open)")
                return
        self._loop.call_soon_threadsafe(target.put_nowait, data)

    def _target(self, data: bytes) -> asyncio.Queue[bytes] | None:
        try:
            message = json.loads(data)
        except ValueError:
            return None
        with self._lock:
            if isinstance(message, dict) and "method" not in message and "id" in message:
                waiter = self._waiters.get(id_key(message["id"]))
                if waiter is not None:
                    return waiter
            return self._streams[-1] if self._streams else None
