"""Read a PDF: each page's text layer with word boxes, page renders for OCR, and the hidden parts.

Text layers and document parts come from pdfplumber (pdfminer); renders and embedded files from
pypdfium2. Both parsers face hostile input, so any error either raises becomes
:class:`MediaUnreadable` and the message fails closed: a PDF we cannot read is not let through
on the assumption that nobody else can read it either.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, TypeVar

import pdfplumber
import pypdfium2
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.utils import decode_text
from PIL import Image

from dlp.classifiers.extractors.layout import Layout, Word, lay_out
from dlp.classifiers.extractors.limits import MediaLimits
from dlp.errors import DLPError, MediaUnreadable

_POINTS_PER_INCH: Final = 72.0
#: A page whose images cover this share of its area is OCRed even if it has a text layer.
_IMAGE_AREA_SHARE: Final = 0.1
_MAX_FORM_FIELDS: Final = 2000

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PdfPage:
    """One page's text layer and geometry (points, origin top-left of the rendered page)."""

    number: int
    width: float
    height: float
    layout: Layout
    #: Text-layer boxes line up with the render (no rotation, crop box equals media box).
    aligned: bool
    #: The page has no text layer or carries images large enough to hold text: OCR its render.
    needs_ocr: bool


def _text(value: Any) -> str:
    value = resolve1(value)
    if isinstance(value, bytes):
        return decode_text(value)
    return value if isinstance(value, str) else ""


class PdfReader:
    """An open PDF within the media limits; use as a context manager."""

    def __init__(self, data: bytes, limits: MediaLimits) -> None:
        self._limits = limits
        try:
            self._plumber = pdfplumber.open(io.BytesIO(data))
            self._pdfium = pypdfium2.PdfDocument(data)
            self.page_count = len(self._plumber.pages)
        except DLPError:
            raise
        except Exception as exc:  # noqa: BLE001 - hostile input can make a parser raise anything
            raise MediaUnreadable(f"PDF cannot be read ({type(exc).__name__})") from None
        limits.check_pages(self.page_count, "PDF")
        if len(self._pdfium) != self.page_count:
            raise MediaUnreadable("PDF parsers disagree on the page count")

    def __enter__(self) -> PdfReader:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release both parsers."""
        self._plumber.close()
        self._pdfium.close()

    def pages(self) -> Iterator[PdfPage]:
        """Each page's text layer, in order."""
        for index in range(self.page_count):
            yield self._guarded(functools.partial(self._page, index))

    def _page(self, index: int) -> PdfPage:
        page = self._plumber.pages[index]
        raw = page.extract_words(keep_blank_chars=False, use_text_flow=False)
        words: list[Word] = []
        line = 0
        previous: tuple[float, float] | None = None
        # On a page turned by 90 degrees the words of one line share x, not y.
        turned = (page.rotation or 0) % 180 == 90
        for item in raw:
            top, x0 = float(item["top"]), float(item["x0"])
            across, along = (x0, top) if turned else (top, x0)
            # pdfplumber yields words in reading order; a jump across, or back along upright
            # text, starts a new line.
            if previous is not None and (
                abs(across - previous[0]) > 3.0 or (not turned and along < previous[1])
            ):
                line += 1
            previous = (across, along)
            box = (x0, top, float(item["x1"]), float(item["bottom"]))
            words.append(Word(str(item["text"]), box, line))
        width, height = float(page.width), float(page.height)
        image_area = sum(
            max(0.0, float(im["x1"]) - float(im["x0"])) * max(0.0, float(im["bottom"]) - float(im["top"]))
            for im in page.images
        )
        aligned = (page.rotation or 0) % 360 == 0 and tuple(page.cropbox) == tuple(page.mediabox)
        needs_ocr = not words or image_area >= _IMAGE_AREA_SHARE * width * height
        return PdfPage(index + 1, width, height, lay_out(words), aligned, needs_ocr)

    def render(self, index: int) -> Image.Image:
        """Page ``index`` (from 0) rendered at the configured resolution, within the pixel limit."""
        scale = self._limits.render_dpi / _POINTS_PER_INCH

        def draw() -> Image.Image:
            page = self._pdfium[index]
            width, height = page.get_size()
            self._limits.check_pixels(round(width * scale), round(height * scale), f"PDF page {index + 1}")
            image: Image.Image = page.render(scale=scale, may_draw_forms=False, draw_annots=False).to_pil()
            return image.convert("RGB")

        return self._guarded(draw)

    @property
    def scale(self) -> float:
        """Pixels per point of :meth:`render`."""
        return self._limits.render_dpi / _POINTS_PER_INCH

    def document_parts(self) -> list[tuple[str, str]]:
        """``(part, text)`` for metadata (info dictionary and XMP), annotations and form fields."""
        return self._guarded(self._parts)

    def _parts(self) -> list[tuple[str, str]]:
        parts: list[tuple[str, str]] = []
        info = "\n".join(f"{key}: {_text(value)}" for key, value in self._plumber.metadata.items())
        catalog = self._plumber.doc.catalog
        xmp = resolve1(catalog.get("Metadata"))
        if isinstance(xmp, PDFStream):
            info += "\n" + xmp.get_data().decode("utf-8", errors="replace")
        parts.append(("metadata", info))
        notes = [
            ": ".join(str(a[key]) for key in ("title", "contents", "uri") if a.get(key))
            for page in self._plumber.pages
            for a in page.annots
        ]
        parts.append(("annotations", "\n".join(n for n in notes if n)))
        form = resolve1(catalog.get("AcroForm"))
        fields = resolve1(form.get("Fields")) if isinstance(form, dict) else None
        parts.append(("forms", "\n".join(_fields(fields if isinstance(fields, list) else []))))
        return [(name, text) for name, text in parts if text.strip()]

    def attachments(self) -> list[bytes]:
        """Bytes of every embedded file, each within the media byte limit."""

        def read() -> list[bytes]:
            found: list[bytes] = []
            for index in range(self._pdfium.count_attachments()):
                data = bytes(self._pdfium.get_attachment(index).get_data())
                self._limits.check_bytes(len(data), "file embedded in a PDF")
                found.append(data)
            return found

        return self._guarded(read)

    def _guarded(self, work: Callable[[], T]) -> T:
        try:
            return work()
        except DLPError:
            raise
        except Exception as exc:  # noqa: BLE001 - hostile input can make a parser raise anything
            raise MediaUnreadable(f"PDF cannot be read ({type(exc).__name__})") from None


def _fields(fields: list[Any]) -> Iterator[str]:
    """``name: value`` of every form field, walking /Kids without following cycles."""
    stack = list(fields)
    seen = 0
    while stack and seen < _MAX_FORM_FIELDS:
        seen += 1
        field = resolve1(stack.pop())
        if not isinstance(field, dict):
            continue
        value = resolve1(field.get("V"))
        name = _text(field.get("T"))
        shown = _text(value) if not hasattr(value, "name") else str(value.name)
        if shown:
            yield f"{name}: {shown}" if name else shown
        kids = resolve1(field.get("Kids"))
        if isinstance(kids, list):
            stack.extend(kids)
