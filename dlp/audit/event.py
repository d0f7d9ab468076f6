"""The audit event: who, which agent, which tool, what was found, what was done. Never values.

Field names follow OCSF where one fits (``time``, ``actor``, ``severity``); the full schema is
documented in ``docs/audit.md``. Findings appear only as counts, JSON paths, detector names and
keyed fingerprints (HMAC-SHA256 under the deployment's hash key, truncated), which correlate
repeated values without revealing them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dlp.context import InspectContext
from dlp.engine import Outcome


class EventKind(StrEnum):
    """What the event records."""

    INSPECTION = "inspection"
    REIDENTIFY = "reidentify"
    KEY_OPERATION = "key_operation"
    ALERT = "alert"


class Verdict(StrEnum):
    """What happened to the message."""

    ALLOWED = "allowed"
    REMEDIATED = "remediated"
    TOMBSTONED = "tombstoned"
    BLOCKED = "blocked"
    FAILED = "failed"
    #: An alert: nothing was done to a message, something looks wrong.
    FLAGGED = "flagged"


def utc_millis(moment: datetime | None = None) -> str:
    """``2026-11-21T04:45:12.345Z``: UTC with milliseconds, the trail's one time format."""
    value = (moment or datetime.now(UTC)).astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


class AuditEvent(BaseModel):
    """One record of the trail, before the store chains it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    time: str = Field(default_factory=utc_millis)
    kind: EventKind = EventKind.INSPECTION
    tenant: str = "default"
    actor: dict[str, Any] = Field(default_factory=dict, description="user, roles, agent, session")
    target: dict[str, Any] = Field(
        default_factory=dict, description="server, connector, tool, method, direction"
    )
    verdict: Verdict = Verdict.ALLOWED
    findings: dict[str, Any] = Field(default_factory=dict)
    actions: dict[str, int] = Field(default_factory=dict)
    rules: list[str] = Field(default_factory=list)
    policy: dict[str, str] = Field(default_factory=dict)
    failure: str | None = None
    latency_ms: float | None = None
    detail: dict[str, Any] = Field(default_factory=dict, description="kind-specific, values-free")


def _verdict(outcome: Outcome) -> Verdict:
    if outcome.failure is not None:
        return Verdict.FAILED
    if outcome.blocked:
        return Verdict.BLOCKED
    if outcome.tombstoned:
        return Verdict.TOMBSTONED
    if any(item.action.value != "allow" for item in outcome.decision.actions):
        return Verdict.REMEDIATED
    return Verdict.ALLOWED


def inspection_event(outcome: Outcome, context: InspectContext) -> AuditEvent:
    """The audit event for one inspected message."""
    summary = outcome.summary()
    return AuditEvent(
        kind=EventKind.INSPECTION,
        tenant=context.tenant,
        actor={
            "user": context.user,
            "roles": list(context.roles),
            "agent": context.agent,
            "session": context.session,
        },
        target={
            "server": context.server,
            "connector": context.connector,
            "tool": context.tool,
            "method": context.method,
            "direction": context.direction.value,
        },
        verdict=_verdict(outcome),
        findings={
            "entities": summary["entities"],
            "data_classes": summary["data_classes"],
            "paths": sorted({f.path for f in outcome.findings}),
            "detectors": sorted({f.detector for f in outcome.findings}),
            "fingerprints": sorted({fp for fp in outcome.fingerprints if fp}),
        },
        actions=summary["actions"],
        rules=summary["rules"],
        policy=summary["policy"],
        failure=outcome.failure,
        latency_ms=round(outcome.elapsed_ms, 3),
    )
