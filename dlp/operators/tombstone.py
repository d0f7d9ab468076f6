"""Tombstone: the whole slot (or, decided by the engine, the whole response) becomes a notice."""

from __future__ import annotations

from dlp.decision import Action, FindingAction, OperatorContext


def notice(rule_id: str) -> str:
    """``[removed by mcp-dlp: rule <rule_id>]``; rule ids are restricted to safe characters."""
    return f"[removed by mcp-dlp: rule {rule_id}]"


class TombstoneOperator:
    """Gives the notice that replaces the whole slot (see :func:`dlp.operators.rewrite_text`)."""

    __slots__ = ()
    action: Action = Action.TOMBSTONE

    def apply(self, value: str, item: FindingAction, context: OperatorContext) -> str:
        """The notice naming the rule; the caller replaces the whole slot with it."""
        return notice(item.rule_id)
