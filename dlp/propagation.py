"""Same value, same verdict: a value found in one slot of a message is found in every other."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from dlp.findings import Finding
from dlp.overlaps import CONTAINER_ENTITIES
from dlp.walker import Slot

#: Shortest value that is propagated to other slots of the same message (shorter ones collide).
_MIN_PROPAGATED_LENGTH = 4
_MAX_PROPAGATED_VALUES = 256
#: Below this many (slot, value) pairs a find() per pair is cheaper than compiling one regex.
_FIND_BUDGET = 4000


def propagate_values(slots: Sequence[Slot], per_slot: list[list[Finding]]) -> list[list[Finding]]:
    """Same value, same verdict: a value found in one slot is also found wherever else it appears.

    A tool result often carries the same record in structuredContent and in a text block, and
    context that helped in one copy (a field name) is missing in the other; both copies must be
    remediated alike.
    """
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
    if not known:
        return per_slot
    if len(slots) * len(known) <= _FIND_BUDGET:
        return [
            found + list(_by_find(slot.text, found, known))
            for slot, found in zip(slots, per_slot, strict=True)
        ]
    # A structured result has hundreds of small slots and many values: one regex pass per slot
    # (a lookahead, so values that overlap are all seen; at one position the longest wins, and it
    # contains the shorter) costs less than a find() per value and slot. For a few of either, the
    # regex's compilation costs more than the finds.
    alternatives = "|".join(re.escape(value) for value in sorted(known, key=len, reverse=True))
    occurrences = re.compile(f"(?=({alternatives}))")
    result: list[list[Finding]] = []
    for slot, found in zip(slots, per_slot, strict=True):
        extra: list[Finding] = []
        covered = {(f.start, f.end) for f in found}
        for match in occurrences.finditer(slot.text):
            value = match.group(1)
            start, end = match.start(), match.start() + len(value)
            if (start, end) not in covered and _standalone(slot.text, start, end):
                source = known[value]
                extra.append(replace(source, start=start, end=end, detector=f"{source.detector}+propagated"))
        result.append(found + extra)
    return result


def _by_find(text: str, found: list[Finding], known: dict[str, Finding]) -> list[Finding]:
    """Occurrences of the known values in ``text`` not already found there, one find() per value."""
    extra: list[Finding] = []
    covered = {(f.start, f.end) for f in found}
    for value, source in known.items():
        start = text.find(value)
        while start >= 0:
            end = start + len(value)
            if (start, end) not in covered and _standalone(text, start, end):
                extra.append(replace(source, start=start, end=end, detector=f"{source.detector}+propagated"))
            start = text.find(value, end)
    return extra


def _standalone(text: str, start: int, end: int) -> bool:
    """The occurrence is not part of a longer word or number."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() and text[start].isalnum()) and not (
        after.isalnum() and text[end - 1].isalnum()
    )
