"""Same value, same verdict: a value found in one slot of a message is found in every other."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import replace

from dlp.findings import Finding
from dlp.overlaps import CONTAINER_ENTITIES
from dlp.walker import Slot

#: Shortest value that is propagated to other slots of the same message (shorter ones collide).
_MIN_PROPAGATED_LENGTH = 4
_MAX_PROPAGATED_VALUES = 256
#: Up to this many (slot, value) pairs, each value is searched in each text (its occurrences left
#: to right, not overlapping one another); above it, at each position only the longest value that
#: starts there counts. The two readings differ on nested and overlapping values; both are kept.
_FIND_BUDGET = 4000

#: An occurrence of a known value in a slot's text: start, end and the value.
_Occurrence = tuple[int, int, str]


def propagate_values(slots: Sequence[Slot], per_slot: list[list[Finding]]) -> list[list[Finding]]:
    """Same value, same verdict: a value found in one slot is also found wherever else it appears.

    A tool result often carries the same record in structuredContent and in a text block, and
    context that helped in one copy (a field name) is missing in the other; both copies must be
    remediated alike.
    """
    known = _known_values(slots, per_slot)
    if not known:
        return per_slot
    texts = [slot.text for slot in slots]
    if len(slots) * len(known) <= _FIND_BUDGET:
        occurrences = {text: _every_occurrence(text, known) for text in dict.fromkeys(texts)}
    else:
        occurrences = _longest_occurrences(texts, known)
    result: list[list[Finding]] = []
    for slot, found in zip(slots, per_slot, strict=True):
        extra: list[Finding] = []
        candidates = occurrences.get(slot.text)
        if candidates:
            covered = {(f.start, f.end) for f in found}
            for start, end, value in candidates:
                if (start, end) not in covered:
                    source = known[value]
                    extra.append(
                        replace(source, start=start, end=end, detector=f"{source.detector}+propagated")
                    )
        result.append(found + extra)
    return result


def _known_values(slots: Sequence[Slot], per_slot: list[list[Finding]]) -> dict[str, Finding]:
    """Each value found, with its best-scoring finding (first found wins a tie), in order found."""
    known: dict[str, Finding] = {}
    for slot, found in zip(slots, per_slot, strict=True):
        for finding in found:
            value = slot.text[finding.start : finding.end]
            if finding.entity in CONTAINER_ENTITIES or len(value.strip()) < _MIN_PROPAGATED_LENGTH:
                continue
            best = known.get(value)
            if best is None or finding.score > best.score:
                known[value] = finding
            if len(known) >= _MAX_PROPAGATED_VALUES:
                break
    return known


def _every_occurrence(text: str, known: Iterable[str]) -> list[_Occurrence]:
    """Standalone occurrences of each value in ``text``, value by value, each value's left to right
    and not overlapping one another."""
    occurrences: list[_Occurrence] = []
    for value in known:
        start = text.find(value)
        while start >= 0:
            end = start + len(value)
            if _standalone(text, start, end):
                occurrences.append((start, end, value))
            start = text.find(value, end)
    return occurrences


def _longest_occurrences(texts: Sequence[str], known: Iterable[str]) -> dict[str, list[_Occurrence]]:
    """Per distinct text, the longest value starting at each position where one starts, kept when
    it stands alone, left to right.

    A structured result has hundreds of small slots, mostly twins, and many values: the distinct
    texts are joined by a character no value holds (so no occurrence spans two texts) and each
    value is searched once in the whole, at C speed.
    """
    distinct = list(dict.fromkeys(texts))
    used = set().union(*known)
    separator = next(chr(code) for code in range(0x110000) if chr(code) not in used)
    joined = separator.join(distinct)
    longest: dict[int, str] = {}
    for value in known:
        at = joined.find(value)
        while at >= 0:
            current = longest.get(at)
            if current is None or len(value) > len(current):
                longest[at] = value
            # Occurrences of one value may overlap ("abab" in "ababab"): every start counts.
            at = joined.find(value, at + 1)
    offsets: list[int] = []
    position = 0
    for text in distinct:
        offsets.append(position)
        position += len(text) + 1
    by_text: dict[str, list[_Occurrence]] = {}
    for at in sorted(longest):
        index = bisect.bisect_right(offsets, at) - 1
        text, value = distinct[index], longest[at]
        start = at - offsets[index]
        end = start + len(value)
        if _standalone(text, start, end):
            by_text.setdefault(text, []).append((start, end, value))
    return by_text


def _standalone(text: str, start: int, end: int) -> bool:
    """The occurrence is not part of a longer word or number."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() and text[start].isalnum()) and not (
        after.isalnum() and text[end - 1].isalnum()
    )
