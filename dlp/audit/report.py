"""Compliance evidence reports: which controls the audit events evidence, with counts and examples.

A report does not claim compliance; it shows an auditor the evidence the trail holds for each
control over a period, whether the trail verified intact, and where to look (event sequence
numbers). Control references are to the public texts of each framework.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Event = Mapping[str, Any]
Predicate = Callable[[Event], bool]

_REMEDIATING = {"remediated", "tombstoned", "blocked"}


def _inspection(event: Event) -> bool:
    return event.get("kind") == "inspection"


def _direction(event: Event) -> str | None:
    target = event.get("target") or {}
    value = target.get("direction")
    return str(value) if value is not None else None


def any_event(event: Event) -> bool:
    """Every recorded event evidences that recording happens."""
    return True


def remediated_response(event: Event) -> bool:
    """Sensitive data in a tool result was remediated or withheld before it reached the model."""
    return _inspection(event) and _direction(event) == "response" and event.get("verdict") in _REMEDIATING


def controlled_egress(event: Event) -> bool:
    """Sensitive data in an outgoing request was remediated or blocked."""
    return _inspection(event) and _direction(event) == "request" and event.get("verdict") in _REMEDIATING


def class_remediated(data_class: str) -> Predicate:
    """Findings of ``data_class`` were acted on (not just allowed)."""

    def predicate(event: Event) -> bool:
        classes = (event.get("findings") or {}).get("data_classes") or {}
        actions = event.get("actions") or {}
        return data_class in classes and any(a != "allow" for a in actions)

    predicate.__doc__ = f"{data_class} findings were remediated"
    return predicate


def reidentification(event: Event) -> bool:
    """A request to see an original value, allowed or denied, was recorded."""
    return event.get("kind") == "reidentify"


def oversight_signal(event: Event) -> bool:
    """A human was given something to look at: an alert, a block, or a re-identification decision."""
    return event.get("kind") in {"alert", "reidentify"} or event.get("verdict") == "blocked"


def alert(event: Event) -> bool:
    """An anomaly (burst of calls, volume of sensitive data) was flagged."""
    return event.get("kind") == "alert"


def failed_closed(event: Event) -> bool:
    """Inspection failed and the message was withheld rather than passed on raw."""
    return event.get("verdict") == "failed"


@dataclass(frozen=True)
class Control:
    """One control and the events that evidence it."""

    id: str
    title: str
    predicate: Predicate


FRAMEWORKS: dict[str, tuple[Control, ...]] = {
    "soc2": (
        Control(
            "CC6.6",
            "Logical access security measures against threats from outside system boundaries",
            remediated_response,
        ),
        Control(
            "CC6.7", "Restriction of the transmission, movement and removal of information", controlled_egress
        ),
        Control("CC7.2", "Monitoring of system components for anomalies", alert),
    ),
    "hipaa": (
        Control(
            "164.312(b)",
            "Audit controls: record and examine activity in systems that contain ePHI",
            any_event,
        ),
        Control("164.312(a)(1)", "Access control: only authorised persons access ePHI", reidentification),
        Control(
            "164.312(e)(1)",
            "Transmission security: guard ePHI transmitted over networks",
            class_remediated("PHI"),
        ),
    ),
    "pci": (
        Control("10.2", "Audit logs capture user activity and events", any_event),
        Control("10.3", "Audit logs are protected from destruction and unauthorised modification", any_event),
        Control(
            "3.4",
            "Display of full PAN is restricted (masked or rendered unreadable)",
            class_remediated("PCI"),
        ),
    ),
    "gdpr": (
        Control(
            "Art. 5(1)(c)",
            "Data minimisation: personal data limited to what is necessary",
            class_remediated("PII"),
        ),
        Control(
            "Art. 32",
            "Security of processing: pseudonymisation, confidentiality, resilience",
            lambda e: class_remediated("PII")(e) or failed_closed(e) or reidentification(e),
        ),
    ),
    "eu-ai-act": (
        Control(
            "Art. 12", "Record-keeping: automatic recording of events over the system's lifetime", any_event
        ),
        Control("Art. 14", "Human oversight: humans can monitor, interpret and intervene", oversight_signal),
    ),
    "iso42001": (Control("A.6.2.8", "AI system recording of event logs", any_event),),
}


@dataclass
class ControlEvidence:
    """Evidence collected for one control."""

    control: Control
    count: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)


def build_report(
    framework: str,
    events: Iterable[Event],
    *,
    period: tuple[str | None, str | None],
    chain_problems: int,
    examples_per_control: int = 3,
) -> dict[str, Any]:
    """The evidence report for ``framework`` as a JSON-ready dict."""
    if framework not in FRAMEWORKS:
        raise ValueError(f"unknown framework {framework!r}; choose one of {', '.join(sorted(FRAMEWORKS))}")
    evidence = [ControlEvidence(control) for control in FRAMEWORKS[framework]]
    total = 0
    for event in events:
        total += 1
        for item in evidence:
            if item.control.predicate(event):
                item.count += 1
                if len(item.examples) < examples_per_control:
                    item.examples.append(
                        {
                            "seq": event.get("seq"),
                            "time": event.get("time"),
                            "kind": event.get("kind"),
                            "verdict": event.get("verdict"),
                        }
                    )
    return {
        "framework": framework,
        "period": {"from": period[0], "to": period[1]},
        "events": total,
        "chain": {"verified": chain_problems == 0, "problems": chain_problems},
        "controls": [
            {
                "id": item.control.id,
                "title": item.control.title,
                "evidence": (item.control.predicate.__doc__ or "").strip(),
                "count": item.count,
                "examples": item.examples,
            }
            for item in evidence
        ],
    }


def render_markdown(report: Mapping[str, Any]) -> str:
    """The report as Markdown for an auditor."""
    period = report["period"]
    chain = report["chain"]
    integrity = "verified intact" if chain["verified"] else f"NOT intact ({chain['problems']} problems)"
    start, end = period["from"] or "start", period["to"] or "now"
    lines = [
        f"# mcp-dlp evidence report: {report['framework']}",
        "",
        f"Period: {start} to {end}. Events examined: {report['events']}.",
        f"Audit chain: {integrity}.",
        "",
        "| Control | Title | Evidence | Events | Examples (seq) |",
        "|---|---|---|---:|---|",
    ]
    for control in report["controls"]:
        examples = ", ".join(str(example["seq"]) for example in control["examples"]) or "none"
        lines.append(
            f"| {control['id']} | {control['title']} | {control['evidence']} | {control['count']} | "
            f"{examples} |"
        )
    lines.append("")
    lines.append("Counts show evidence recorded by mcp-dlp; they do not by themselves establish compliance.")
    return "\n".join(lines) + "\n"
