"""Per-user request limits for re-identification (in-process, sliding one-minute window).

In-process on purpose: it needs no shared store and bounds what one compromised account can pull
through one service instance. Several instances each enforce the limit; put a shared limiter in
front of them when that matters.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_S = 60.0


class RateLimiter:
    """Sliding-window counter keyed by (tenant, user)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: dict[tuple[str, str], deque[float]] = {}

    def allow(self, tenant: str, user: str, per_minute: int) -> bool:
        """Record one request and say whether it is within ``per_minute``."""
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault((tenant, user), deque())
            while hits and hits[0] <= now - WINDOW_S:
                hits.popleft()
            if len(hits) >= per_minute:
                return False
            hits.append(now)
            return True
