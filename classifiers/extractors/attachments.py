"""All the text inside an attachment of any type, for attachments that are inspected, not repainted.

Office documents, archives, files embedded in PDFs: their text is found (recursively, within the
limits) and scanned; if anything in them must be remediated the whole attachment is replaced,
because rewriting a docx or a zip in place is where redaction tools leak.
"""

from __future__ import annotations

import io
import warnings
import zlib
from dataclasses import dataclass, field

from PIL import Image

from dlp.classifiers.extractors.archive import is_office_xml, members, xml_text
from dlp.classifiers.extractors.layout import Layout
from dlp.classifiers.extractors.limits import MediaLimits
from dlp.classifiers.extractors.ocr import ocr
from dlp.classifiers.extractors.pdf import PdfReader
from dlp.classifiers.extractors.sniff import Kind, sniff
from dlp.errors import MediaLimitExceeded, MediaUnreadable

#: The only Pillow decoders used: formats such as EPS would hand hostile bytes to Ghostscript.
_DECODERS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")


@dataclass(frozen=True, slots=True)
class TextUnit:
    """One piece of text found in an attachment, and where (``zip:2``, ``pdf:page1``, ``image``)."""

    part: str
    text: str
    #: Mean OCR confidence when the text was recognised from pixels, else None.
    confidence: float | None = None

    def __repr__(self) -> str:
        return f"TextUnit(part={self.part!r}, chars={len(self.text)}, confidence={self.confidence})"


@dataclass(slots=True)
class Extraction:
    """Texts of an attachment and what could not be read."""

    units: list[TextUnit] = field(default_factory=list)
    #: Parts of a type with no text to extract (audio, unknown binary).
    opaque: list[str] = field(default_factory=list)


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Ancillary PNG chunks that can carry text: never dropped, a broken one keeps the image unreadable.
_PNG_TEXT_CHUNKS = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf"})


def _without_broken_ancillary_chunks(data: bytes) -> bytes | None:
    """The PNG with ancillary, text-free chunks whose CRC is wrong left out; None if not repairable.

    Real servers ship PNGs whose colour profile (iCCP) fails its checksum, and Pillow refuses
    the whole file. Those chunks hold no pixels and no text, so dropping them changes nothing a
    detector could see; a broken critical or text-bearing chunk is still unreadable.
    """
    if not data.startswith(_PNG_SIGNATURE):
        return None
    kept = [_PNG_SIGNATURE]
    offset = len(_PNG_SIGNATURE)
    dropped = False
    while offset + 12 <= len(data):
        length = int.from_bytes(data[offset : offset + 4], "big")
        end = offset + 12 + length
        if end > len(data):
            return None
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        crc = int.from_bytes(data[offset + 8 + length : end], "big")
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            ancillary = kind[:1].islower()
            if not ancillary or kind in _PNG_TEXT_CHUNKS:
                return None
            dropped = True
        else:
            kept.append(data[offset:end])
        offset = end
    return b"".join(kept) if dropped else None


def open_image(data: bytes, limits: MediaLimits) -> Image.Image:
    """Decode an image after checking its header's size against the pixel limit (bomb guard)."""
    try:
        return _open_image(data, limits)
    except MediaUnreadable:
        repaired = _without_broken_ancillary_chunks(data)
        if repaired is None:
            raise
        return _open_image(repaired, limits)


def _open_image(data: bytes, limits: MediaLimits) -> Image.Image:
    try:
        # Image.open reads the header only; the pixel check comes before any decoding.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=_DECODERS)
            limits.check_pixels(image.width, image.height, "image")
            frames = int(getattr(image, "n_frames", 1))
            limits.check_pages(frames, "image")
            image.load()
    except (MediaLimitExceeded, MediaUnreadable):
        raise
    except Image.DecompressionBombError:
        raise MediaLimitExceeded("image exceeds the decompression-bomb limit") from None
    except (OSError, ValueError, SyntaxError, EOFError, ZeroDivisionError, IndexError) as exc:
        # Pillow's decoders signal corrupt data with these (SyntaxError for broken headers).
        raise MediaUnreadable(f"image cannot be decoded ({type(exc).__name__})") from None
    return image


def image_frames(image: Image.Image) -> list[Image.Image]:
    """Every frame of a (possibly animated or multi-page) image, as separate images."""
    count = int(getattr(image, "n_frames", 1))
    frames: list[Image.Image] = []
    for index in range(count):
        image.seek(index)
        frames.append(image.copy())
    image.seek(0)
    return frames


def image_metadata(image: Image.Image) -> str:
    """Text an image carries besides its pixels: PNG text chunks, comments, EXIF strings."""
    values: list[str] = []
    for key, value in image.info.items():
        if isinstance(value, bytes) and key in ("comment", "xmp", "XML:com.adobe.xmp"):
            values.append(f"{key}: {value.decode('utf-8', errors='replace')}")
        elif isinstance(value, str):
            values.append(f"{key}: {value}")
    try:
        exif = image.getexif()
    except (OSError, ValueError, SyntaxError):
        exif = None
    if exif:
        for tag, value in exif.items():
            if isinstance(value, str):
                values.append(f"{tag}: {value}")
            elif isinstance(value, bytes) and len(value) < 4096:
                values.append(f"{tag}: {value.decode('utf-8', errors='replace')}")
    return "\n".join(values)


def ocr_units(image: Image.Image, limits: MediaLimits, part: str) -> list[tuple[TextUnit, Layout]]:
    """OCR every frame of ``image``."""
    found: list[tuple[TextUnit, Layout]] = []
    for index, frame in enumerate(image_frames(image)):
        layout = ocr(frame, limits.ocr_language, limits.ocr_timeout_s, limits.max_pixels)
        name = part if index == 0 else f"{part}:frame{index + 1}"
        found.append((TextUnit(name, layout.text, layout.mean_confidence()), layout))
    return found


def extract(data: bytes, limits: MediaLimits, part: str = "", depth: int = 0) -> Extraction:
    """Every text inside ``data`` by its real type, recursing into archives and PDF attachments."""
    limits.check_bytes(len(data), "attachment")
    result = Extraction()
    kind, _format = sniff(data)
    prefix = f"{part}:" if part else ""
    if kind is Kind.TEXT:
        result.units.append(TextUnit(part or "text", data.decode("utf-8", errors="replace")))
    elif kind is Kind.IMAGE:
        image = open_image(data, limits)
        result.units.append(TextUnit(f"{prefix}image-metadata", image_metadata(image)))
        result.units.extend(unit for unit, _layout in ocr_units(image, limits, f"{prefix}image"))
    elif kind is Kind.PDF:
        with PdfReader(data, limits) as pdf:
            for page in pdf.pages():
                result.units.append(TextUnit(f"{prefix}page{page.number}", page.layout.text))
                if page.needs_ocr:
                    image = pdf.render(page.number - 1)
                    layout = ocr(image, limits.ocr_language, limits.ocr_timeout_s, limits.max_pixels)
                    result.units.append(
                        TextUnit(f"{prefix}page{page.number}:ocr", layout.text, layout.mean_confidence())
                    )
            result.units.extend(TextUnit(f"{prefix}{name}", text) for name, text in pdf.document_parts())
            for index, attached in enumerate(pdf.attachments()):
                _merge(result, extract(attached, limits, f"{prefix}attachment{index}", depth + 1))
    elif kind in (Kind.ZIP, Kind.OFFICE):
        for member in members(data, limits, depth + 1):
            name = f"{prefix}zip{member.index}"
            if kind is Kind.OFFICE and is_office_xml(member.name):
                result.units.append(TextUnit(name, xml_text(member.data)))
            elif not (kind is Kind.OFFICE and member.name.endswith((".rels", ".xml"))):
                _merge(result, extract(member.data, limits, name, depth + 1))
    else:
        result.opaque.append(part or "binary")
    result.units = [unit for unit in result.units if unit.text.strip()]
    return result


def _merge(into: Extraction, other: Extraction) -> None:
    into.units.extend(other.units)
    into.opaque.extend(other.opaque)
