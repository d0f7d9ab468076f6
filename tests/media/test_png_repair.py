"""PNGs with a broken, text-free ancillary chunk are read; broken critical or text chunks are not."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from dlp.classifiers.extractors.attachments import open_image
from dlp.classifiers.extractors.limits import MediaLimits
from dlp.config import Config
from dlp.errors import MediaUnreadable

LIMITS = MediaLimits.from_config(Config())


def png_with(kind: bytes, body: bytes, *, break_crc: bool) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    data = buffer.getvalue()
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    chunk = struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc ^ 1 if break_crc else crc)
    ihdr_end = 8 + 12 + 13  # signature + IHDR chunk
    return data[:ihdr_end] + chunk + data[ihdr_end:]


def test_a_broken_colour_profile_is_left_out() -> None:
    image = open_image(png_with(b"iCCP", b"icc\x00\x00" + zlib.compress(b"x" * 64), break_crc=True), LIMITS)
    assert image.size == (8, 8)


@pytest.mark.parametrize("kind", [b"tEXt", b"zTXt", b"iTXt"])
def test_a_broken_text_chunk_keeps_the_image_unreadable(kind: bytes) -> None:
    with pytest.raises(MediaUnreadable):
        open_image(png_with(kind, b"Comment\x00SSN 536-22-8741", break_crc=True), LIMITS)


def test_a_broken_critical_chunk_keeps_the_image_unreadable() -> None:
    data = bytearray(png_with(b"gAMA", struct.pack(">I", 45455), break_crc=False))
    data[-20] ^= 0xFF  # inside IDAT or IEND: critical data
    with pytest.raises(MediaUnreadable):
        open_image(bytes(data), LIMITS)
