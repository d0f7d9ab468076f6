"""Prometheus metrics: calls, findings per entity, actions, blocks, errors, latency.

Labels are drawn from small closed sets (entity names, actions, verdicts, directions, error
codes); no value, user, session or tenant identifier is ever a label. Each service instance
owns its registry, so tests and several engines in one process never share counters.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from dlp.audit.event import AuditEvent, EventKind
from dlp.entities import data_class_of

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class Metrics:
    """The service's counters and histograms."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages = Counter(
            "mcp_dlp_messages", "Messages inspected", ["direction", "verdict"], registry=self.registry
        )
        self.findings = Counter(
            "mcp_dlp_findings", "Findings", ["entity", "data_class"], registry=self.registry
        )
        self.actions = Counter(
            "mcp_dlp_actions", "Remediation actions applied", ["action"], registry=self.registry
        )
        self.errors = Counter(
            "mcp_dlp_errors", "Inspections that failed closed", ["reason"], registry=self.registry
        )
        self.alerts = Counter("mcp_dlp_alerts", "Alerts raised", ["alert"], registry=self.registry)
        # Every refusal counts here, though only the first of an episode is an alert.
        self.auth_throttled = Counter(
            "mcp_dlp_auth_throttled",
            "Requests refused unchecked: their address failed authentication too often",
            registry=self.registry,
        )
        self.latency = Histogram(
            "mcp_dlp_inspection_seconds",
            "Time to inspect one message",
            ["direction"],
            registry=self.registry,
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
        )
        self.spool_bytes = Gauge(
            "mcp_dlp_audit_spool_bytes", "Audit bytes waiting for a sink", ["sink"], registry=self.registry
        )

    def observe(self, event: AuditEvent) -> None:
        """Count one audit event."""
        if event.kind is EventKind.ALERT:
            self.alerts.labels(alert=str(event.detail.get("alert", "unknown"))).inc()
            return
        if event.kind is not EventKind.INSPECTION:
            return
        direction = str(event.target.get("direction") or "unknown")
        self.messages.labels(direction=direction, verdict=event.verdict.value).inc()
        for entity, count in event.findings.get("entities", {}).items():
            # The entity's own class: health-context elevation to PHI is per message and is in the event.
            self.findings.labels(entity=entity, data_class=data_class_of(entity).value).inc(count)
        for action, count in event.actions.items():
            self.actions.labels(action=action).inc(count)
        if event.failure:
            self.errors.labels(reason=event.failure.split(":", 1)[0]).inc()
        if event.latency_ms is not None:
            self.latency.labels(direction=direction).observe(event.latency_ms / 1000.0)

    def render(self) -> bytes:
        """The Prometheus text exposition."""
        return generate_latest(self.registry)
