"""Alerts, Prometheus metrics and compliance reports over audit events."""

from __future__ import annotations

from dlp.audit.alerts import AlertMonitor, AlertThresholds
from dlp.audit.event import AuditEvent, EventKind, Verdict
from dlp.audit.metrics import Metrics
from dlp.audit.report import FRAMEWORKS, build_report, render_markdown


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def call(findings: int = 0, session: str = "s1", direction: str = "response") -> AuditEvent:
    return AuditEvent(
        actor={"user": "u", "session": session},
        target={"direction": direction, "tool": "t"},
        verdict=Verdict.REMEDIATED if findings else Verdict.ALLOWED,
        findings={"entities": {"US_SSN": findings}, "data_classes": {"PII": findings}} if findings else {},
        actions={"redact": findings} if findings else {},
        latency_ms=1.5,
    )


def test_a_burst_of_calls_raises_one_alert_per_window() -> None:
    clock = Clock()
    monitor = AlertMonitor(AlertThresholds(window_s=60, max_calls=5, max_findings=1000), clock)
    alerts = [a for _ in range(12) for a in monitor.observe(call())]
    assert [a.detail["alert"] for a in alerts] == ["tool_call_burst"]
    assert alerts[0].kind is EventKind.ALERT and alerts[0].verdict is Verdict.FLAGGED
    clock.now += 61
    assert monitor.observe(call()) == []  # the window emptied
    assert monitor.observe(call(), request_bytes=10**7)[0].detail["alert"] == "oversized_arguments"


def test_sensitive_volume_is_per_session() -> None:
    monitor = AlertMonitor(AlertThresholds(max_calls=1000, max_findings=50), Clock())
    assert monitor.observe(call(30, session="a")) == []
    assert monitor.observe(call(30, session="b")) == []
    assert monitor.observe(call(30, session="a"))[0].detail["alert"] == "sensitive_volume"


def test_metrics_carry_no_identity_in_labels() -> None:
    metrics = Metrics()
    metrics.observe(call(3))
    metrics.observe(
        AuditEvent(
            kind=EventKind.INSPECTION,
            actor={"user": "alice@example.com"},
            target={"direction": "request"},
            verdict=Verdict.FAILED,
            failure="payload_too_large",
        )
    )
    text = metrics.render().decode()
    assert 'mcp_dlp_findings_total{data_class="PII",entity="US_SSN"} 3.0' in text
    assert 'mcp_dlp_errors_total{reason="payload_too_large"} 1.0' in text
    assert "alice" not in text and "s1" not in text


def test_every_framework_reports_its_controls() -> None:
    events = [{"seq": i, **call(2 if i % 2 else 0).model_dump(mode="json")} for i in range(1, 11)]
    events.append({"seq": 11, "kind": "reidentify", "verdict": "allowed", "time": "t"})
    for framework, controls in FRAMEWORKS.items():
        report = build_report(framework, events, period=("2026-01-01", None), chain_problems=0)
        assert [c["id"] for c in report["controls"]] == [c.id for c in controls]
        assert report["events"] == 11 and report["chain"]["verified"]
        markdown = render_markdown(report)
        assert markdown.startswith(f"# mcp-dlp evidence report: {framework}")
    gdpr = build_report("gdpr", events, period=(None, None), chain_problems=2)
    minimisation = gdpr["controls"][0]
    assert minimisation["count"] == 5 and len(minimisation["examples"]) == 3
    assert "NOT intact (2 problems)" in render_markdown(gdpr)
