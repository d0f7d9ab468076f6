"""The real type of an attachment, read from its first bytes (magic numbers), never from its MIME type.

A declared ``image/png`` may be a PDF, a ``application/octet-stream`` may be plain text; an
attacker picks the label, so only the bytes decide which extractor runs.
"""

from __future__ import annotations

import io
import zipfile
from enum import StrEnum
from typing import Final

#: How much of an attachment is examined to tell text from binary.
_TEXT_PROBE: Final = 8192

_IMAGE_MAGIC: Final = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
)
_BINARY_MAGIC: Final = (
    (b"ID3", "mp3"),
    (b"OggS", "ogg"),
    (b"fLaC", "flac"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"\x7fELF", "elf"),
    (b"MZ", "exe"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
)
_OFFICE_PARTS: Final = (
    ("word/document.xml", "docx"),
    ("xl/workbook.xml", "xlsx"),
    ("ppt/presentation.xml", "pptx"),
)


class Kind(StrEnum):
    """Which extractor an attachment goes to."""

    IMAGE = "image"
    PDF = "pdf"
    OFFICE = "office"
    ZIP = "zip"
    TEXT = "text"
    BINARY = "binary"


def sniff(data: bytes) -> tuple[Kind, str]:
    """``(kind, format)`` of ``data``: ``(IMAGE, "png")``, ``(OFFICE, "docx")``, ``(BINARY, "unknown")``..."""
    for magic, name in _IMAGE_MAGIC:
        if data.startswith(magic):
            return Kind.IMAGE, name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Kind.IMAGE, "webp"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return Kind.BINARY, "wav"
    # PDF readers accept the header anywhere in the first kilobyte, so an attacker can prefix junk.
    if b"%PDF-" in data[:1024]:
        return Kind.PDF, "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    if data[4:8] == b"ftyp":
        return Kind.BINARY, "mp4"
    for magic, name in _BINARY_MAGIC:
        if data.startswith(magic):
            return Kind.BINARY, name
    if _is_text(data):
        return Kind.TEXT, "text"
    return Kind.BINARY, "unknown"


def _zip_kind(data: bytes) -> tuple[Kind, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        # Starts like a zip but has no readable directory: the archive reader reports it.
        return Kind.ZIP, "zip"
    for part, name in _OFFICE_PARTS:
        if part in names:
            return Kind.OFFICE, name
    return Kind.ZIP, "zip"


def _is_text(data: bytes) -> bool:
    probe = data[:_TEXT_PROBE]
    if not probe or b"\x00" in probe:
        return False
    try:
        probe.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the probe's end is still text.
        if exc.start < len(probe) - 3:
            return False
    printable = sum(1 for byte in probe if byte >= 0x20 or byte in b"\t\n\r\f")
    return printable >= 0.95 * len(probe)
