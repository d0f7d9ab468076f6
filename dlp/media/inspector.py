"""The engine's media stage: analyse every attachment of a message, then remediate per decision.

The engine calls :meth:`MediaInspector.begin` after text detection; the returned pass adds its
findings to the message's, and once the policy has decided, :meth:`MediaPass.edits` paints,
rebuilds, rewrites or tombstones each attachment. Its findings carry paths such as
``$.result.content[1].data<image>`` so rules with ``paths`` can single out media.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dlp.classifiers.extractors import Kind, PdfReader, open_image, sniff
from dlp.decision import ACTION_STRENGTH, Action, Decision, FindingAction, OperatorContext
from dlp.engine import MediaEdits, MediaScan, TextRewriter
from dlp.errors import InspectionError
from dlp.findings import Finding
from dlp.media.analysis import (
    UNKNOWN_BINARY_RULE,
    Analysis,
    MediaSettings,
    analyse_container,
    analyse_image,
    analyse_pdf,
    analyse_text,
)
from dlp.media.embedded import Embedded, find_embedded
from dlp.media.paint import encode, image_pdf, paint
from dlp.media.tombstone import tombstone_block
from dlp.operators.tombstone import notice
from dlp.overlaps import subsume
from dlp.policy.model import MediaVerdict
from dlp.walker import MediaSlot, PathPart, Slot, format_path

#: Text slots shorter than this cannot hold an embedded image worth a regex pass.
_MIN_EMBEDDED_TEXT = 96
_WHOLE = frozenset({Action.TOMBSTONE, Action.BLOCK})

Location = tuple[PathPart, ...]


@dataclass(slots=True)
class _Item:
    """One attachment: where it is, its bytes and what analysing it found."""

    location: Location
    analysis: Analysis
    data: bytes = field(repr=False)
    #: The block holding a media field (for the tombstone's shape); None for embedded payloads.
    parent: dict[str, Any] | None = field(default=None, repr=False)
    #: An embedded payload: the exact substring of the slot text and its span there.
    embedded: Embedded | None = None
    original: str = field(default="", repr=False)
    #: The field was not base64 at all: it is text and is rewritten as text.
    raw_text: bool = False


def _key(finding: Finding) -> tuple[str, int, int, str]:
    # The engine may raise a finding's data class after analysis, so match on what locates it.
    return (finding.path, finding.start, finding.end, finding.entity)


def _parent(message: Any, location: Location) -> dict[str, Any] | None:
    node = message
    for part in location[:-1]:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return node if isinstance(node, dict) else None


class MediaInspector:
    """Analyses images, PDFs and attachments with the extractors and remediates them."""

    def __init__(self, settings: MediaSettings, rewrite: TextRewriter) -> None:
        self._settings = settings
        self._rewrite = rewrite

    def __repr__(self) -> str:
        return f"MediaInspector(settings={self._settings!r})"

    def begin(
        self,
        message: Any,
        slots: Sequence[Slot],
        media: Sequence[MediaSlot],
        scan: MediaScan,
        deadline: float | None,
    ) -> MediaPass:
        """Analyse the media slots and the payloads embedded in text slots."""
        items: list[_Item] = []
        for slot in media:
            items.append(self._media_slot(message, slot, scan))
        for text_slot in slots:
            if text_slot.is_number or len(text_slot.text) < _MIN_EMBEDDED_TEXT:
                continue
            for embedded in find_embedded(text_slot.text):
                items.append(self._embedded(text_slot, embedded, scan))
        return MediaPass(items, self._settings, self._rewrite)

    def _media_slot(self, message: Any, slot: MediaSlot, scan: MediaScan) -> _Item:
        compact = "".join(slot.data.split())
        self._settings.limits.check_bytes(len(compact) * 3 // 4, "attachment")
        try:
            data = base64.b64decode(compact, validate=True)
        except (binascii.Error, ValueError):
            # Not base64: a server put text in a binary field. Inspect and rewrite it as text.
            analysis = analyse_text(slot.data, slot.path, scan)
            return _Item(slot.location, analysis, b"", _parent(message, slot.location), raw_text=True)
        analysis = self._analyse(data, slot.path, scan)
        return _Item(slot.location, analysis, data, _parent(message, slot.location))

    def _embedded(self, slot: Slot, embedded: Embedded, scan: MediaScan) -> _Item:
        body = slot.text[embedded.body_start : embedded.end]
        self._settings.limits.check_bytes(len(body) * 3 // 4, "embedded attachment")
        data = base64.b64decode(body[: len(body) - len(body) % 4], validate=False)
        path = format_path(slot.location) + f"<embedded@{embedded.start}>"
        original = slot.text[embedded.start : embedded.end]
        return _Item(slot.location, self._analyse(data, path, scan), data, None, embedded, original)

    def _analyse(self, data: bytes, path: str, scan: MediaScan) -> Analysis:
        settings = self._settings
        settings.limits.check_bytes(len(data), "attachment")
        kind, image_format = sniff(data)
        if kind is Kind.IMAGE:
            return analyse_image(data, image_format, path, scan, settings)
        if kind is Kind.PDF:
            return analyse_pdf(data, path, scan, settings)
        if kind is Kind.TEXT:
            try:
                return analyse_text(data.decode("utf-8"), path, scan)
            except UnicodeDecodeError:
                # Text at the start, binary later: inspect it as an opaque attachment.
                return analyse_container(data, Kind.BINARY, path, scan, settings)
        if kind is Kind.BINARY:
            analysis = Analysis(Kind.BINARY, image_format)
            if settings.unknown_binary is not MediaVerdict.ALLOW:
                analysis.verdict = (settings.unknown_binary, UNKNOWN_BINARY_RULE)
            return analysis
        return analyse_container(data, kind, path, scan, settings)


class MediaPass:
    """The analysed media of one message (see :class:`dlp.engine.MediaPass`)."""

    def __init__(self, items: list[_Item], settings: MediaSettings, rewrite: TextRewriter) -> None:
        self._items = items
        self._settings = settings
        self._rewrite = rewrite

    def __repr__(self) -> str:
        return f"MediaPass(items={len(self._items)})"

    @property
    def findings(self) -> list[tuple[Finding, str]]:
        """Every finding in the media, located, with its value (for the fingerprint)."""
        return [(hit.finding, hit.value) for item in self._items for hit in item.analysis.hits]

    @property
    def blocked_by(self) -> str | None:
        """The rule id of the first attachment whose verdict is ``block``."""
        for item in self._items:
            verdict = item.analysis.verdict
            if verdict is not None and verdict[0] is MediaVerdict.BLOCK:
                return verdict[1]
        return None

    def hides(self, location: Location, finding: Finding) -> bool:
        """True when ``finding`` lies in an embedded payload of that slot (base64 read as text)."""
        return any(
            item.embedded is not None
            and item.location == location
            and finding.start < item.embedded.end
            and item.embedded.start < finding.end
            for item in self._items
        )

    def edits(self, decision: Decision, context: OperatorContext) -> MediaEdits:
        """Paint, rebuild, rewrite or tombstone each attachment as the decision says."""
        chosen = {_key(item.finding): item for item in decision.actions}
        replacements: dict[Location, Any] = {}
        patches: dict[Location, list[tuple[str, str]]] = {}
        for item in self._items:
            active: list[FindingAction] = []
            for hit in item.analysis.hits:
                action = chosen.get(_key(hit.finding))
                if action is None:
                    raise InspectionError(f"no decision for a finding at {hit.finding.path}")
                if action.action is not Action.ALLOW:
                    active.append(action)
            value = self._remediate(item, active, context)
            if value is None:
                continue
            if isinstance(value, dict):
                replacements[item.location[:-1]] = value
            elif item.embedded is not None:
                patches.setdefault(item.location, []).append((item.original, value))
            else:
                replacements[item.location] = value
        return MediaEdits(replacements=replacements, patches=patches)

    def _remediate(
        self, item: _Item, active: list[FindingAction], context: OperatorContext
    ) -> str | dict[str, Any] | None:
        """The new value of the item: base64, text, a tombstone (dict or notice), or None."""
        verdict = item.analysis.verdict
        whole = next((a for a in active if a.action in _WHOLE), None)
        if verdict is not None and verdict[0] is MediaVerdict.TOMBSTONE:
            return self._tombstone(item, verdict[1])
        if whole is not None:
            return self._tombstone(item, whole.rule_id)
        if not active:
            return None
        analysis = item.analysis
        if analysis.kind is Kind.TEXT and analysis.text is not None:
            text = self._rewrite(analysis.text, subsume(active), context)
            if item.raw_text:
                return text
            return self._wrap(item, text.encode("utf-8"))
        if analysis.kind is Kind.IMAGE:
            image = open_image(item.data, self._settings.limits)
            if int(getattr(image, "n_frames", 1)) > 1:
                # Rebuilding animations frame by frame is where leaks hide: replace them instead.
                return self._tombstone(item, _strongest(active).rule_id)
            painted = paint(image, _boxes(item, active, page=0))
            return self._wrap(item, encode(painted, analysis.image_format))
        if analysis.kind is Kind.PDF:
            return self._wrap(item, self._rebuild_pdf(item, active))
        # Office documents, archives: no safe way to rewrite them in place.
        return self._tombstone(item, _strongest(active).rule_id)

    def _rebuild_pdf(self, item: _Item, active: list[FindingAction]) -> bytes:
        pages = []
        with PdfReader(item.data, self._settings.limits) as pdf:
            for index in range(pdf.page_count):
                rendered = pdf.render(index)
                painted = paint(rendered, _boxes(item, active, page=index))
                pages.append((painted, rendered.width / pdf.scale, rendered.height / pdf.scale))
        return image_pdf(pages)

    def _wrap(self, item: _Item, data: bytes) -> str:
        body = base64.b64encode(data).decode("ascii")
        if item.embedded is None:
            return body
        prefix = item.original[: item.embedded.body_start - item.embedded.start]
        return prefix + body

    def _tombstone(self, item: _Item, rule_id: str) -> str | dict[str, Any]:
        if item.embedded is not None or item.raw_text or item.parent is None:
            return notice(rule_id)
        return tombstone_block(item.parent, notice(rule_id))


def _boxes(item: _Item, active: list[FindingAction], page: int) -> list[tuple[float, float, float, float]]:
    wanted = {_key(action.finding) for action in active}
    return [
        box
        for hit in item.analysis.hits
        if hit.page == page and _key(hit.finding) in wanted
        for box in hit.boxes
    ]


def _strongest(active: list[FindingAction]) -> FindingAction:
    """The action that names a tombstone: the strongest, the first of equals."""
    ranked = max(enumerate(active), key=lambda pair: (ACTION_STRENGTH[pair[1].action], -pair[0]))
    return ranked[1]
