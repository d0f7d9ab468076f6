"""Same-value propagation: the search over distinct texts finds exactly what a search per slot finds.

``reference`` is the search per slot and per value that the joined-text search replaced (a find()
per value below the budget, one lookahead regex per slot above it); both branches are checked
against it on texts built from a few characters, so values overlap, nest and repeat.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlp import propagation
from dlp.findings import Finding
from dlp.propagation import propagate_values
from dlp.walker import Slot

_ALPHABET = "ab1 .-é\x00"


def _standalone(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() and text[start].isalnum()) and not (
        after.isalnum() and text[end - 1].isalnum()
    )


def _propagated(source: Finding, start: int, end: int) -> Finding:
    return replace(source, start=start, end=end, detector=f"{source.detector}+propagated")


def reference(slots: list[Slot], per_slot: list[list[Finding]], budget: int) -> list[list[Finding]]:
    """Propagation as first written: one search per slot and value, or one regex per slot."""
    known: dict[str, Finding] = {}
    for slot, found in zip(slots, per_slot, strict=True):
        for finding in found:
            value = slot.text[finding.start : finding.end]
            if finding.entity == "SOURCE_CODE" or len(value.strip()) < 4:
                continue
            best = known.get(value)
            if best is None or finding.score > best.score:
                known[value] = finding
            if len(known) >= 256:
                break
    if not known:
        return per_slot
    result: list[list[Finding]] = []
    alternatives = "|".join(re.escape(value) for value in sorted(known, key=len, reverse=True))
    occurrences = re.compile(f"(?=({alternatives}))")
    for slot, found in zip(slots, per_slot, strict=True):
        covered = {(f.start, f.end) for f in found}
        extra: list[Finding] = []
        if len(slots) * len(known) <= budget:
            for value, source in known.items():
                start = slot.text.find(value)
                while start >= 0:
                    end = start + len(value)
                    if (start, end) not in covered and _standalone(slot.text, start, end):
                        extra.append(_propagated(source, start, end))
                    start = slot.text.find(value, end)
        else:
            for match in occurrences.finditer(slot.text):
                start, end = match.start(), match.start() + len(match.group(1))
                if (start, end) not in covered and _standalone(slot.text, start, end):
                    extra.append(_propagated(known[match.group(1)], start, end))
        result.append(found + extra)
    return result


@st.composite
def messages(draw: st.DrawFn) -> tuple[list[Slot], list[list[Finding]]]:
    texts = draw(st.lists(st.text(_ALPHABET, min_size=1, max_size=30), min_size=1, max_size=8))
    # Twins: the same text in several slots, as structuredContent and its text block give.
    texts += draw(st.lists(st.sampled_from(texts), max_size=4))
    slots = [
        Slot(location=("s", i), text=text, field_name=None, field_path_tail=None)
        for i, text in enumerate(texts)
    ]
    per_slot: list[list[Finding]] = []
    for text in texts:
        found: list[Finding] = []
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            start = draw(st.integers(min_value=0, max_value=len(text) - 1))
            end = draw(st.integers(min_value=start + 1, max_value=len(text)))
            entity = draw(st.sampled_from(["EMAIL_ADDRESS", "PERSON", "SOURCE_CODE"]))
            score = draw(st.sampled_from([0.5, 0.85, 1.0]))
            found.append(Finding.of(entity, start, end, score, draw(st.sampled_from(["x", "y"]))))
        per_slot.append(found)
    return slots, per_slot


@given(messages())
def test_below_the_budget_every_occurrence_is_propagated_as_before(
    message: tuple[list[Slot], list[list[Finding]]],
) -> None:
    slots, per_slot = message
    assert propagate_values(slots, per_slot) == reference(slots, per_slot, budget=propagation._FIND_BUDGET)


@given(messages())
def test_above_the_budget_the_longest_occurrence_is_propagated_as_before(
    message: tuple[list[Slot], list[list[Finding]]],
) -> None:
    slots, per_slot = message
    with pytest.MonkeyPatch.context() as patch:
        # A budget of zero sends every message down the joined-text branch.
        patch.setattr(propagation, "_FIND_BUDGET", 0)
        assert propagate_values(slots, per_slot) == reference(slots, per_slot, budget=0)


def test_no_occurrence_spans_two_texts() -> None:
    # The value holds a NUL, so the texts are joined by another character: joined by a NUL,
    # "xx ab" and "cd yy" would read "xx ab\x00cd yy" and hold the value across their border.
    texts = ["xx ab", "cd yy", "ab\x00cd"]
    slots = [
        Slot(location=(i,), text=text, field_name=None, field_path_tail=None) for i, text in enumerate(texts)
    ]
    per_slot: list[list[Finding]] = [[], [], [Finding.of("PERSON", 0, 5, 0.9, "x")]]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(propagation, "_FIND_BUDGET", 0)
        assert propagate_values(slots, per_slot) == per_slot


@pytest.mark.parametrize(("budget", "starts"), [(propagation._FIND_BUDGET, [2]), (0, [2, 4])])
def test_overlapping_occurrences_of_one_value(budget: int, starts: list[int]) -> None:
    # Below the budget a value's occurrences are taken left to right without overlap; above it,
    # every start position counts. Both are kept as they were.
    slots = [
        Slot(location=(i,), text=text, field_name=None, field_path_tail=None)
        for i, text in enumerate(["-a-a", "x -a-a-a"])
    ]
    per_slot: list[list[Finding]] = [[Finding.of("PERSON", 0, 4, 0.9, "x")], []]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(propagation, "_FIND_BUDGET", budget)
        result = propagate_values(slots, per_slot)
    assert result == reference(slots, per_slot, budget=budget)
    assert [f.start for f in result[1]] == starts
