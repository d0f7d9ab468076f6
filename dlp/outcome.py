"""The result of inspecting one message, and its values-free summary."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dlp.decision import Decision
from dlp.findings import Finding


@dataclass(frozen=True, slots=True)
class Outcome:
    """Result of inspecting one message. Holds no sensitive value except inside ``message``."""

    #: What goes on: the rewritten message, a JSON-RPC error response when blocked, or None for a
    #: blocked notification (it is dropped).
    message: Any
    findings: tuple[Finding, ...]
    decision: Decision
    blocked: bool = False
    tombstoned: bool = False
    #: The JSON-RPC error object when blocked.
    error: dict[str, Any] | None = None
    #: Error code when inspection itself failed and the message was failed closed.
    failure: str | None = None
    #: Keyed fingerprints of the findings' values, aligned with ``findings`` (for correlation
    #: in the audit trail without storing values).
    fingerprints: tuple[str, ...] = ()
    #: Binary media slots found (paths and MIME types), inspected only when extractors are set.
    media: tuple[tuple[str, str | None], ...] = ()
    elapsed_ms: float = 0.0

    def summary(self) -> dict[str, Any]:
        """Values-free summary for logs, audit events and API responses."""
        per_entity: dict[str, int] = {}
        per_class: dict[str, int] = {}
        for finding in self.findings:
            per_entity[finding.entity] = per_entity.get(finding.entity, 0) + 1
            per_class[finding.data_class.value] = per_class.get(finding.data_class.value, 0) + 1
        actions: dict[str, int] = {}
        for item in self.decision.actions:
            actions[item.action.value] = actions.get(item.action.value, 0) + 1
        return {
            "blocked": self.blocked,
            "tombstoned": self.tombstoned,
            "failure": self.failure,
            "entities": per_entity,
            "data_classes": per_class,
            "actions": actions,
            "rules": list(self.decision.matched_rules),
            "policy": {
                "name": self.decision.policy_name,
                "version": self.decision.policy_version,
                "sha256": self.decision.policy_sha256,
            },
            "media": [{"path": path, "mime_type": mime} for path, mime in self.media],
            "elapsed_ms": round(self.elapsed_ms, 3),
        }
