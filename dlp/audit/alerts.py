"""Alerts written into the same trail: possible exfiltration and out-of-bounds arguments.

The monitor keeps, per session, a sliding window of tool calls and of sensitive findings; when
either goes over its threshold it emits one alert event (and no more for that session and kind
until the window has passed, so an ongoing burst is one alert, not hundreds).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from dlp.audit.event import AuditEvent, EventKind, Verdict


@dataclass(frozen=True)
class AlertThresholds:
    """When the monitor speaks up."""

    window_s: float = 60.0
    #: Tool calls per session in one window.
    max_calls: int = 120
    #: Sensitive findings per session in one window.
    max_findings: int = 200
    #: Bytes of one request going out (tool arguments); larger ones are unusual.
    max_request_bytes: int = 256 * 1024


class AlertMonitor:
    """Watches inspection events and returns alert events to append after them."""

    def __init__(
        self, thresholds: AlertThresholds | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._limits = thresholds or AlertThresholds()
        self._clock = clock
        self._windows: dict[str, deque[tuple[float, int]]] = {}
        self._last_alert: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def observe(self, event: AuditEvent, request_bytes: int | None = None) -> list[AuditEvent]:
        """Alerts raised by ``event`` (usually none)."""
        session = _session_key(event)
        findings = sum(int(n) for n in event.findings.get("entities", {}).values())
        now = self._clock()
        alerts: list[AuditEvent] = []
        with self._lock:
            window = self._windows.setdefault(session, deque())
            window.append((now, findings))
            while window and window[0][0] < now - self._limits.window_s:
                window.popleft()
            calls = len(window)
            found = sum(n for _, n in window)
            if calls > self._limits.max_calls and self._may_alert(session, "tool_call_burst", now):
                alerts.append(
                    _alert(event, "tool_call_burst", calls, self._limits.max_calls, self._limits.window_s)
                )
            if found > self._limits.max_findings and self._may_alert(session, "sensitive_volume", now):
                alerts.append(
                    _alert(event, "sensitive_volume", found, self._limits.max_findings, self._limits.window_s)
                )
            if request_bytes is not None and request_bytes > self._limits.max_request_bytes:
                alerts.append(
                    _alert(event, "oversized_arguments", request_bytes, self._limits.max_request_bytes, 0)
                )
        return alerts

    def _may_alert(self, session: str, kind: str, now: float) -> bool:
        last = self._last_alert.get((session, kind))
        if last is not None and now - last < self._limits.window_s:
            return False
        self._last_alert[(session, kind)] = now
        return True


def _session_key(event: AuditEvent) -> str:
    actor = event.actor
    return "\x00".join(
        str(part) for part in (event.tenant, actor.get("session"), actor.get("user"), actor.get("agent"))
    )


def _alert(source: AuditEvent, name: str, observed: int, threshold: int, window_s: float) -> AuditEvent:
    return AuditEvent(
        kind=EventKind.ALERT,
        tenant=source.tenant,
        actor=source.actor,
        target=source.target,
        verdict=Verdict.FLAGGED,
        detail={
            "alert": name,
            "observed": observed,
            "threshold": threshold,
            "window_s": window_s,
            "trigger_event": source.id,
        },
    )
