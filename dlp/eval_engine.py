"""Engine scoring for :mod:`dlp.eval` (``--engine``): a record inspected as the product inspects it.

Flat scoring runs every detector over a record's whole text. The product never sees a SaaS
payload that way: a tool result's JSON text is walked into string slots, NER runs only on the
slots that look like prose, and the field-name hints read each slot's key. Here a record whose
text is a JSON object or array goes into a tool result's text block, through
:meth:`Engine.inspect`, and each finding (slot path, offsets into the decoded slot value) is
placed back in the record's text by :class:`dlp.json_offsets.JsonDocument`, so the gold spans
score it unchanged. Any other record is scanned as flat scoring scans it.

Keys are never slots (the walker reads them as context only), so nothing is found in them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from dlp.context import InspectContext
from dlp.engine import Engine
from dlp.errors import InspectionError
from dlp.findings import Finding, ScanContext
from dlp.json_offsets import JsonDocument, OffsetMap
from dlp.walker import EMBEDDED, Slot, Walker

__all__ = ["EngineModeDetector"]

#: Where the record's text sits in the tool result built around it.
_TEXT_BLOCK: Final = ("result", "content", 0, "text")
_IN_RECORD: Final = (*_TEXT_BLOCK, EMBEDDED)
#: Evaluation on a loaded machine must not turn a slow record into a failed, fail-closed one.
_EVAL_TIME_LIMIT_S: Final = 3600.0


class EngineModeDetector:
    """A :data:`dlp.eval.Detect` that inspects JSON records per slot; offsets index the record."""

    def __init__(self, engine: Engine, max_depth: int, ner: bool) -> None:
        self._engine = engine.derive(timeout_s=_EVAL_TIME_LIMIT_S)
        self._walker = Walker(max_depth)
        self._ner = ner
        #: Findings that could not be placed in the record's text (inside a Python literal or a
        #: base64 blob in a JSON string): reported, not scored.
        self.unplaced = 0

    def __call__(self, text: str, context: ScanContext) -> list[Finding]:
        document = _json_container(text)
        if document is None:
            return self._engine.scan_text(text, context, ner=self._ner)
        message = {"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "text", "text": text}]}}
        outcome = self._engine.inspect(message, InspectContext(connector=context.connector))
        if outcome.failure is not None:
            # A fail-closed record has no findings; scoring it as "nothing found" would be wrong.
            raise InspectionError(f"inspection of a record failed ({outcome.failure})")
        slots, _media = self._walker.walk(message)
        by_path = {slot.path: slot for slot in slots}
        places: dict[str, OffsetMap | None] = {}
        placed: list[Finding] = []
        for finding in outcome.findings:
            if finding.path not in places:
                places[finding.path] = _place(document, by_path.get(finding.path))
            place = places[finding.path]
            if place is None:
                self.unplaced += 1
                continue
            start, end = place.span(finding.start, finding.end)
            placed.append(replace(finding, start=start, end=end))
        return placed


def _json_container(text: str) -> JsonDocument | None:
    """The record's text scanned, if it is a JSON object or array (the walker then walks it)."""
    if not text.lstrip().startswith(("{", "[")):
        return None
    try:
        return JsonDocument(text)
    except (ValueError, RecursionError):
        return None


def _place(document: JsonDocument, slot: Slot | None) -> OffsetMap | None:
    if slot is None or slot.location[: len(_IN_RECORD)] != _IN_RECORD:
        return None
    place = document.locate(slot.location[len(_IN_RECORD) :])
    if place is not None and place.value != slot.text:
        # The walker and the scanner disagree on what sits there: a bug, never a scoring choice.
        raise InspectionError(f"slot {slot.path} does not match its token in the record")
    return place
