"""rewrite_text: offsets against the original, whole-slot tombstones, bad spans refused."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlp.context import InspectContext
from dlp.decision import Action, OperatorContext, TombstoneScope
from dlp.errors import InspectionError
from dlp.operators import OperatorSet, operator_context, rewrite_text
from tests.operators.helpers import CTX, KEY, item, operators

TEXT = "mail ann@ex.com or call 555-123-4567 now"
#      0    5         15      24          36


def test_right_to_left_offsets_from_the_original() -> None:
    actions = [
        item(Action.MASK, 24, 36, entity="PHONE_NUMBER"),
        item(Action.REDACT, 5, 15),
    ]
    assert rewrite_text(TEXT, actions, CTX, operators()) == "mail [EMAIL_ADDRESS] or call ***-***-4567 now"


def test_mixed_lengths_keep_every_offset() -> None:
    text = "a1b22c333d"
    actions = [
        item(Action.REDACT, 1, 2, entity="X"),
        item(Action.REDACT, 3, 5, entity="YY_LONGER"),
        item(Action.MASK, 6, 9, entity="Z", keep_last=1),
    ]
    assert rewrite_text(text, actions, CTX, operators()) == "a[X]b[YY_LONGER]c**3d"


def test_allow_and_empty_leave_text_alone() -> None:
    assert rewrite_text(TEXT, [], CTX, operators()) == TEXT
    assert rewrite_text(TEXT, [item(Action.ALLOW, 5, 15)], CTX, operators()) == TEXT


def test_allow_may_overlap_other_actions() -> None:
    actions = [item(Action.ALLOW, 0, 15), item(Action.REDACT, 5, 15)]
    assert rewrite_text(TEXT, actions, CTX, operators()).startswith("mail [EMAIL_ADDRESS] or")


def test_hash_in_context() -> None:
    out = rewrite_text(TEXT, [item(Action.HASH, 5, 15)], CTX, operators())
    assert out.startswith("mail [EMAIL_ADDRESS:h_") and out.endswith("] or call 555-123-4567 now")


@pytest.mark.parametrize("scope", [TombstoneScope.FIELD, TombstoneScope.RESPONSE])
def test_tombstone_replaces_the_whole_slot(scope: TombstoneScope) -> None:
    actions = [item(Action.REDACT, 5, 15), item(Action.TOMBSTONE, 24, 36, rule_id="phone-wipe", scope=scope)]
    assert rewrite_text(TEXT, actions, CTX, operators()) == "[removed by mcp-dlp: rule phone-wipe]"


def test_block_that_reaches_the_rewriter_still_removes_the_slot() -> None:
    actions = [item(Action.TOMBSTONE, 5, 15, rule_id="t"), item(Action.BLOCK, 24, 36, rule_id="b")]
    assert rewrite_text(TEXT, actions, CTX, operators()) == "[removed by mcp-dlp: rule b]"


def test_overlapping_spans_are_refused_without_values() -> None:
    actions = [item(Action.REDACT, 5, 15), item(Action.REDACT, 10, 20)]
    with pytest.raises(InspectionError, match="overlapping spans") as caught:
        rewrite_text(TEXT, actions, CTX, operators())
    assert "ann@ex.com" not in str(caught.value)


def test_span_outside_the_text_is_refused() -> None:
    with pytest.raises(InspectionError, match="outside a slot of 40 characters"):
        rewrite_text(TEXT, [item(Action.REDACT, 30, 45)], CTX, operators())


def test_tokenize_without_vault_fails_the_rewrite() -> None:
    with pytest.raises(InspectionError, match="vault"):
        rewrite_text(TEXT, [item(Action.TOKENIZE, 5, 15)], CTX, operators())


def test_operator_context_from_inspect_context() -> None:
    context = InspectContext(tenant="acme", connector="jira", tool="search", user="u1", roles=("admin",))
    assert operator_context(context) == OperatorContext(
        tenant="acme", connector="jira", tool="search", user="u1"
    )


#: Span text is drawn from a private-use block that gaps and labels never contain, so "no span
#: text survives" can be checked exactly: not one of these characters may reach the output.
SECRET_CHARS = st.characters(min_codepoint=0xE000, max_codepoint=0xE0FF)
PLAIN_CHARS = st.characters(codec="utf-8", exclude_categories=("Co", "Cs"))


@st.composite
def slot_with_disjoint_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A text of alternating plain gaps and secret spans, with the spans' offsets."""
    text, spans = "", []
    for _ in range(draw(st.integers(0, 8))):
        text += draw(st.text(alphabet=PLAIN_CHARS, max_size=6))
        secret = draw(st.text(alphabet=SECRET_CHARS, min_size=1, max_size=12))
        spans.append((len(text), len(text) + len(secret)))
        text += secret
    text += draw(st.text(alphabet=PLAIN_CHARS, max_size=6))
    return text, spans


@settings(max_examples=300, deadline=None)
@given(
    slot_with_disjoint_spans(),
    st.sampled_from(["EMAIL_ADDRESS", "US_SSN", "SECRET", "PERSON"]),
    st.randoms(use_true_random=False),
)
def test_redacting_every_span_leaves_none_of_it(
    case: tuple[str, list[tuple[int, int]]], entity: str, rnd: random.Random
) -> None:
    text, spans = case
    actions = [item(Action.REDACT, start, end, entity=entity) for start, end in spans]
    rnd.shuffle(actions)  # order of the actions must not matter
    out = rewrite_text(text, actions, CTX, OperatorSet(hash_key=KEY))
    assert not any(0xE000 <= ord(char) <= 0xE0FF for char in out)
    assert out.count(f"[{entity}]") >= len(spans)
    # Everything outside the spans survives, in order.
    gaps, cursor = [], 0
    for start, end in sorted(spans):
        gaps.append(text[cursor:start])
        cursor = end
    gaps.append(text[cursor:])
    assert out == f"[{entity}]".join(gaps)
