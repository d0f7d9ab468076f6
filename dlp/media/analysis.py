"""Analyse one attachment: the text inside it, the findings in that text, and where they sit.

Every finding keeps what remediation needs: the pixel boxes of the words it covers (images and
PDF pages), or nothing when it was found in a part without pixels (metadata, annotations, an
archive member), in which case only rebuilding or replacing the attachment removes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

from dlp.classifiers.extractors import (
    Kind,
    Layout,
    MediaLimits,
    PdfReader,
    TextUnit,
    extract,
    ocr,
    open_image,
)
from dlp.classifiers.extractors.attachments import image_metadata, ocr_units
from dlp.findings import Finding
from dlp.media.paint import Box
from dlp.policy.model import MediaVerdict

#: Scans a text found in media: ``(text, path) -> findings`` with offsets into that text.
Scan = Callable[[str, str], list[Finding]]

#: OCR output shorter than this is too little to judge a confidence on (a logo, an icon).
_MIN_JUDGED_CHARS: Final = 12
LOW_CONFIDENCE_RULE: Final = "media-low-confidence"
UNKNOWN_BINARY_RULE: Final = "media-unknown-binary"


@dataclass(frozen=True, slots=True)
class MediaSettings:
    """Limits and the policy's ``media`` verdicts, fixed when the engine is built."""

    limits: MediaLimits = field(default_factory=MediaLimits)
    unknown_binary: MediaVerdict = MediaVerdict.ALLOW
    low_confidence: MediaVerdict = MediaVerdict.TOMBSTONE
    min_confidence: float = 55.0


@dataclass(frozen=True, slots=True)
class Hit:
    """One finding in an attachment, its value (for the fingerprint) and its boxes on a page or frame."""

    finding: Finding
    value: str
    #: Page of a PDF or frame of an image (from 0); None for parts without pixels.
    page: int | None = None
    boxes: tuple[Box, ...] = ()

    def __repr__(self) -> str:
        return f"Hit(finding={self.finding!r}, page={self.page}, boxes={len(self.boxes)})"


@dataclass(slots=True)
class Analysis:
    """What one attachment holds."""

    kind: Kind
    image_format: str
    hits: list[Hit] = field(default_factory=list)
    #: A verdict on the whole attachment and the rule id it is reported under.
    verdict: tuple[MediaVerdict, str] | None = None
    #: Decoded text of a TEXT attachment (hit offsets index it).
    text: str | None = field(default=None, repr=False)


def _located(scan: Scan, text: str, path: str) -> list[tuple[Finding, str]]:
    if not text.strip():
        return []
    return [(f.at(path), text[f.start : f.end]) for f in scan(text, path)]


def _layout_hits(
    scan: Scan, layout: Layout, path: str, page: int, scale: float = 1.0, whole: Box | None = None
) -> list[Hit]:
    hits: list[Hit] = []
    for finding, value in _located(scan, layout.text, path):
        if whole is not None:
            boxes: tuple[Box, ...] = (whole,)
        else:
            boxes = tuple(
                (w.box[0] * scale, w.box[1] * scale, w.box[2] * scale, w.box[3] * scale)
                for w in layout.words_in(finding.start, finding.end)
            )
        hits.append(Hit(finding, value, page, boxes))
    return hits


def _judge(analysis: Analysis, text: str, confidence: float | None, settings: MediaSettings) -> None:
    """Record the low-confidence verdict when recognised text is too uncertain to trust."""
    if (
        confidence is not None
        and len(text.replace(" ", "")) >= _MIN_JUDGED_CHARS
        and confidence < settings.min_confidence
        and settings.low_confidence is not MediaVerdict.ALLOW
        and analysis.verdict is None
    ):
        analysis.verdict = (settings.low_confidence, LOW_CONFIDENCE_RULE)


def analyse_image(data: bytes, image_format: str, path: str, scan: Scan, settings: MediaSettings) -> Analysis:
    """OCR every frame and read the metadata of an image."""
    image = open_image(data, settings.limits)
    analysis = Analysis(Kind.IMAGE, image_format)
    for finding, value in _located(scan, image_metadata(image), f"{path}<image:metadata>"):
        analysis.hits.append(Hit(finding, value))
    for index, (unit, layout) in enumerate(ocr_units(image, settings.limits, "image")):
        analysis.hits.extend(_layout_hits(scan, layout, f"{path}<{unit.part}>", index))
        _judge(analysis, layout.text, layout.mean_confidence(), settings)
    return analysis


def analyse_pdf(data: bytes, path: str, scan: Scan, settings: MediaSettings) -> Analysis:
    """Text layer, OCR of image pages, metadata, annotations, form fields and embedded files."""
    limits = settings.limits
    analysis = Analysis(Kind.PDF, "pdf")
    with PdfReader(data, limits) as pdf:
        for page in pdf.pages():
            index = page.number - 1
            whole = None
            if not page.aligned:
                # Text-layer boxes of a rotated or cropped page do not line up with the render:
                # a finding there blanks the whole page rather than risk painting beside it.
                whole = (0.0, 0.0, page.width * pdf.scale * 2, page.height * pdf.scale * 2)
            text_path = f"{path}<pdf:page{page.number}>"
            analysis.hits.extend(_layout_hits(scan, page.layout, text_path, index, pdf.scale, whole))
            if page.needs_ocr:
                rendered = pdf.render(index)
                layout = ocr(rendered, limits.ocr_language, limits.ocr_timeout_s, limits.max_pixels)
                analysis.hits.extend(_layout_hits(scan, layout, f"{path}<pdf:page{page.number}:ocr>", index))
                _judge(analysis, layout.text, layout.mean_confidence(), settings)
        for part, text in pdf.document_parts():
            analysis.hits.extend(Hit(f, v) for f, v in _located(scan, text, f"{path}<pdf:{part}>"))
        for number, attached in enumerate(pdf.attachments()):
            inner = extract(attached, limits, f"attachment{number}", depth=1)
            _container_hits(analysis, inner.units, inner.opaque, f"{path}<pdf:", scan, settings)
    return analysis


def analyse_container(data: bytes, kind: Kind, path: str, scan: Scan, settings: MediaSettings) -> Analysis:
    """Office documents, archives and binaries: text only, no positions."""
    inner = extract(data, settings.limits)
    analysis = Analysis(kind, kind.value)
    _container_hits(analysis, inner.units, inner.opaque, f"{path}<{kind.value}:", scan, settings)
    return analysis


def _container_hits(
    analysis: Analysis,
    units: Sequence[TextUnit],
    opaque: Sequence[str],
    prefix: str,
    scan: Scan,
    settings: MediaSettings,
) -> None:
    for unit in units:
        analysis.hits.extend(Hit(f, v) for f, v in _located(scan, unit.text, f"{prefix}{unit.part}>"))
        _judge(analysis, unit.text, unit.confidence, settings)
    if opaque and settings.unknown_binary is not MediaVerdict.ALLOW and analysis.verdict is None:
        analysis.verdict = (settings.unknown_binary, UNKNOWN_BINARY_RULE)


def analyse_text(text: str, path: str, scan: Scan) -> Analysis:
    """Text in a binary wrapper (wrong MIME type): scanned and later rewritten like any text."""
    analysis = Analysis(Kind.TEXT, "text", text=text)
    analysis.hits.extend(Hit(f, v) for f, v in _located(scan, text, f"{path}<text>"))
    return analysis
