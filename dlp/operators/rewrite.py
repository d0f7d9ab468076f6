"""Rewrite one text slot from the policy's actions, every offset read against the ORIGINAL text.

Replacements change lengths, so applying them one by one left to right would shift every later
span; we cut the original at the (sorted, disjoint) spans and join the pieces once, which gives
the same result as applying them right to left, in linear time. A ``tombstone`` (or a ``block``
that reached here: the engine should have stopped the message) replaces the whole slot, because a
half-removed field still says too much.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from dlp.context import InspectContext
from dlp.decision import ACTION_STRENGTH, Action, FindingAction, Operator, OperatorContext, Tokenizer
from dlp.errors import InspectionError
from dlp.operators.hashing import HashOperator
from dlp.operators.mask import MaskOperator
from dlp.operators.redact import RedactOperator
from dlp.operators.tokenize import TokenizeOperator
from dlp.operators.tombstone import TombstoneOperator, notice

#: Actions whose operator replaces the whole slot instead of one span.
WHOLE_SLOT = frozenset({Action.TOMBSTONE, Action.BLOCK})


class OperatorSet:
    """The operators one engine uses, built from its hash key and (optional) vault tokenizer."""

    __slots__ = ("_by_action",)

    def __init__(self, hash_key: bytes, tokenizer: Tokenizer | None = None) -> None:
        operators: tuple[Operator, ...] = (
            RedactOperator(),
            MaskOperator(),
            HashOperator(hash_key),
            TokenizeOperator(tokenizer),
            TombstoneOperator(),
        )
        self._by_action: Mapping[Action, Operator] = MappingProxyType({op.action: op for op in operators})

    def __repr__(self) -> str:
        return f"OperatorSet(actions={sorted(self._by_action)})"

    def operator(self, action: Action) -> Operator:
        """The operator for ``action``; raises InspectionError for allow and block (no operator)."""
        found = self._by_action.get(action)
        if found is None:
            raise InspectionError(f"no operator rewrites action '{action}'")
        return found

    def replacement(self, value: str, item: FindingAction, context: OperatorContext) -> str:
        """What replaces ``value`` under ``item``'s action (allow returns it unchanged)."""
        if item.action is Action.ALLOW:
            return value
        return self.operator(item.action).apply(value, item, context)


def operator_context(context: InspectContext) -> OperatorContext:
    """The part of the inspection context operators may see."""
    return OperatorContext(
        tenant=context.tenant, connector=context.connector, tool=context.tool, user=context.user
    )


def rewrite_text(
    text: str, actions: Sequence[FindingAction], context: OperatorContext, operators: OperatorSet
) -> str:
    """``text`` with every non-allow action applied; raises InspectionError on bad spans."""
    active = [item for item in actions if item.action is not Action.ALLOW]
    if not active:
        return text
    whole = [item for item in active if item.action in WHOLE_SLOT]
    if whole:
        strongest = max(whole, key=lambda item: (ACTION_STRENGTH[item.action], -item.finding.start))
        return notice(strongest.rule_id)
    active.sort(key=lambda item: item.finding.start)
    pieces: list[str] = []
    cursor = 0
    for item in active:
        finding = item.finding
        if finding.end > len(text):
            raise InspectionError(
                f"span [{finding.start}:{finding.end}] of {finding.entity} at {finding.path} "
                f"is outside a slot of {len(text)} characters"
            )
        if finding.start < cursor:
            # The engine resolves overlaps before deciding; replacing overlapping spans would
            # leave part of a value behind, so refuse instead of guessing.
            raise InspectionError(
                f"overlapping spans at {finding.path}: {finding.entity} [{finding.start}:{finding.end}] "
                f"starts before offset {cursor}"
            )
        pieces.append(text[cursor : finding.start])
        pieces.append(operators.replacement(text[finding.start : finding.end], item, context))
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces)
