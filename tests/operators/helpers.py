"""Builders shared by the operator tests."""

from __future__ import annotations

from dlp.decision import Action, FindingAction, OperatorContext, TombstoneScope
from dlp.findings import Finding
from dlp.operators import OperatorSet

KEY = bytes(range(32))
CTX = OperatorContext(tenant="acme")


def item(
    action: Action,
    start: int,
    end: int,
    entity: str = "EMAIL_ADDRESS",
    rule_id: str = "r1",
    keep_last: int = 4,
    mask_char: str = "*",
    scope: TombstoneScope = TombstoneScope.FIELD,
) -> FindingAction:
    """A FindingAction for span start..end."""
    finding = Finding.of(entity, start, end, 0.9, "test").at("$.result.content[0].text")
    return FindingAction(finding, action, rule_id, keep_last=keep_last, mask_char=mask_char, scope=scope)


def operators() -> OperatorSet:
    """An operator set with a fixed key and no vault."""
    return OperatorSet(hash_key=KEY)
