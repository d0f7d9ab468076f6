"""Ships spooled audit events to a sink, in order, with exponential back-off.

Every event is spooled on disk first, then delivered; a failed delivery leaves it spooled and
the next attempt waits longer (doubling up to a cap). :meth:`Shipper.flush` delivers what it
can right now and is what tests and shutdown call; :meth:`Shipper.start` runs it on a
background thread that wakes when events arrive or the back-off expires.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from dlp.audit.sinks import Sink
from dlp.audit.spool import Spool
from dlp.errors import SinkUnavailable

log = logging.getLogger(__name__)


class Shipper:
    """Spool-backed, in-order, at-least-once delivery to one sink."""

    def __init__(
        self,
        sink: Sink,
        spool_dir: Path,
        *,
        batch_size: int = 200,
        initial_backoff_s: float = 1.0,
        max_backoff_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.sink = sink
        self._spool = Spool(spool_dir, sink.name)
        self._batch_size = batch_size
        self._initial_backoff = initial_backoff_s
        self._max_backoff = max_backoff_s
        self._backoff = 0.0
        self._next_attempt = 0.0
        self._clock = clock
        self._flush_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def submit(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Spool records for delivery and wake the background thread."""
        self._spool.append(records)
        self._wake.set()

    def flush(self) -> int:
        """Deliver spooled records now unless backing off; returns how many were delivered."""
        delivered = 0
        with self._flush_lock:
            if self._clock() < self._next_attempt:
                return 0
            while True:
                records, end = self._spool.pending(self._batch_size)
                if not records:
                    self._backoff = 0.0
                    return delivered
                try:
                    self.sink.send(records)
                except SinkUnavailable as exc:
                    self._backoff = min(self._max_backoff, max(self._initial_backoff, self._backoff * 2))
                    self._next_attempt = self._clock() + self._backoff
                    log.warning(
                        "audit sink %s unavailable, %d bytes spooled, retry in %.0f s: %s",
                        self.sink.name,
                        self._spool.backlog_bytes(),
                        self._backoff,
                        exc,
                    )
                    return delivered
                self._spool.commit(end)
                delivered += len(records)

    def retry_now(self) -> None:
        """Forget the back-off (an operator knows the sink is back)."""
        self._next_attempt = 0.0

    @property
    def backlog_bytes(self) -> int:
        """Spooled bytes not yet delivered."""
        return self._spool.backlog_bytes()

    def start(self) -> None:
        """Deliver in the background until :meth:`stop`."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._run, name=f"audit-shipper-{self.sink.name}", daemon=True
            )
            self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the background thread after one last flush attempt."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout_s)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            self.flush()
            wait = max(0.05, self._next_attempt - self._clock()) if self._next_attempt else 5.0
            self._wake.wait(timeout=wait)
            self._wake.clear()
        self.flush()
