"""Redact: the value becomes its entity label, ``[EMAIL_ADDRESS]``."""

from __future__ import annotations

from dlp.decision import Action, FindingAction, OperatorContext


def label(entity: str) -> str:
    """The bracketed label that stands in for a redacted value."""
    return f"[{entity}]"


class RedactOperator:
    """Replaces a value with its entity label; the agent still knows what kind of data was there."""

    __slots__ = ()
    action: Action = Action.REDACT

    def apply(self, value: str, item: FindingAction, context: OperatorContext) -> str:
        """``[ENTITY]``, whatever the value."""
        return label(item.finding.entity)
