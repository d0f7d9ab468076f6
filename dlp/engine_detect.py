"""The detection stage of :class:`~dlp.engine.Engine`: every detector over a message's slots.

Plain detectors run on every slot, batch detectors on the text slots together, and the slow
gated ones (NER) only on the slots their gate accepts. Twin slots (the same text in the same
field context) are scanned once. What the engine does with the findings afterwards (health
context, policy, overlaps, rewriting) stays in :mod:`dlp.engine`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from dlp.context import InspectContext
from dlp.engine_parts import EngineParts, FreeTextHint
from dlp.errors import InspectionError
from dlp.findings import Finding, ScanContext
from dlp.overlaps import Rank, resolve
from dlp.walker import Slot

__all__ = ["Detection", "check_deadline"]


class Detection:
    """Runs the detectors of one :class:`EngineParts`; stateless, so thread-safe if they are."""

    # No dataclass: its repr would print the parts, fingerprint key included.
    __slots__ = ("_parts",)

    def __init__(self, parts: EngineParts) -> None:
        self._parts = parts

    def scan(self, text: str, scan_context: ScanContext, ner: bool, rank: Rank) -> list[Finding]:
        """Findings in one text, overlaps settled by the policy's decision and ``rank``."""
        slot = Slot(
            location=(),
            text=text,
            field_name=scan_context.field_name,
            field_path_tail=scan_context.field_path_tail,
        )
        per_slot = self.detect([slot], deadline=None, ner=ner, connector=scan_context.connector)
        # Overlaps are settled as inspect settles them, so `scan` reports what the engine acts on.
        decided = self._parts.policy.decide(per_slot[0], InspectContext(connector=scan_context.connector))
        return [item.finding for item in resolve(decided.actions, rank=rank)]

    def detect(
        self, slots: Sequence[Slot], deadline: float | None, ner: bool, connector: str | None
    ) -> list[list[Finding]]:
        """Each slot's findings (overlaps left in), in the order of ``slots``."""
        # A structured tool result usually repeats itself (MCP asks servers to send the JSON of
        # ``structuredContent`` as a text block too): the same text in the same field context is
        # scanned once. Findings carry offsets only, so they apply to every twin.
        keys = [
            (slot.text, slot.is_number, _scan_context(slot, connector, self._parts.free_text_hint))
            for slot in slots
        ]
        first: dict[tuple[str, bool, ScanContext], int] = {}
        unique: list[Slot] = []
        twin_of: list[int] = []
        for slot, key in zip(slots, keys, strict=True):
            if key not in first:
                first[key] = len(unique)
                unique.append(slot)
            twin_of.append(first[key])
        found = self._detect_unique(unique, [key[2] for key in first], deadline, ner)
        return [list(found[index]) for index in twin_of]

    def _detect_unique(
        self, slots: Sequence[Slot], contexts: Sequence[ScanContext], deadline: float | None, ner: bool
    ) -> list[list[Finding]]:
        results: list[list[Finding]] = []
        for slot, context in zip(slots, contexts, strict=True):
            found: list[Finding] = []
            for detector in self._parts.detectors:
                found.extend(detector.detect(slot.text, context))
            results.append(found)
            check_deadline(deadline)
        text_slots = [i for i, slot in enumerate(slots) if not slot.is_number]
        for batch_detector in self._parts.batch_detectors:
            batch = batch_detector.detect_batch(
                [slots[i].text for i in text_slots], [contexts[i] for i in text_slots]
            )
            for i, found_in_slot in zip(text_slots, batch, strict=True):
                results[i].extend(found_in_slot)
            check_deadline(deadline)
        if ner and self._parts.gated_detectors:
            gated = [i for i in text_slots if self._parts.ner_gate(slots[i].text, contexts[i])]
            for gated_detector in self._parts.gated_detectors:
                if not gated:
                    break
                batch = gated_detector.detect_batch(
                    [slots[i].text for i in gated], [contexts[i] for i in gated]
                )
                for i, found_in_slot in zip(gated, batch, strict=True):
                    results[i].extend(found_in_slot)
                check_deadline(deadline)
        return results


def _scan_context(slot: Slot, connector: str | None, hint: FreeTextHint | None) -> ScanContext:
    """What detectors may know of a slot. No path: detection must not depend on where the text
    sits beyond its field names, which is what lets twin slots share one scan."""
    field_name = slot.field_name.lower() if slot.field_name else None
    tail = slot.field_path_tail.lower() if slot.field_path_tail else None
    free_text: bool | None = False if slot.is_number else None
    if free_text is None and hint is not None and field_name is not None:
        free_text = hint(connector, field_name, tail)
    return ScanContext(field_name=field_name, field_path_tail=tail, connector=connector, free_text=free_text)


def check_deadline(deadline: float | None) -> None:
    """Raise :class:`InspectionError` once ``deadline`` (a ``perf_counter`` time) has passed."""
    if deadline is not None and time.perf_counter() > deadline:
        raise InspectionError("inspection exceeded its time limit")
