"""Tokenize: the vault seals the original and a reversible token takes its place.

Without a configured vault the operator fails closed: it raises instead of passing the value
through, so a policy that says ``tokenize`` never leaks because a deployment forgot the vault.
"""

from __future__ import annotations

from dlp.decision import Action, FindingAction, OperatorContext, Tokenizer
from dlp.errors import InspectionError


class TokenizeOperator:
    """Delegates to the vault's :class:`Tokenizer`; raises when there is none."""

    __slots__ = ("tokenizer",)
    action: Action = Action.TOKENIZE

    def __init__(self, tokenizer: Tokenizer | None) -> None:
        self.tokenizer = tokenizer

    def __repr__(self) -> str:
        return f"TokenizeOperator(configured={self.tokenizer is not None})"

    def apply(self, value: str, item: FindingAction, context: OperatorContext) -> str:
        """The vault's token for ``value``; VaultError from the vault propagates."""
        finding = item.finding
        where = f"{finding.entity} at {finding.path} [{finding.start}:{finding.end}] (rule {item.rule_id})"
        if self.tokenizer is None:
            raise InspectionError(f"tokenize needs a vault but none is configured: {where}")
        token = self.tokenizer.tokenize(value, finding.entity, context)
        # A tokenizer bug that echoes its input would defeat the whole action.
        if not isinstance(token, str) or not token or token == value:
            raise InspectionError(f"the vault returned an unusable token: {where}")
        return token
