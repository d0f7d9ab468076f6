"""Limits fail closed with a reason code, and hostile bytes never crash the engine."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlp.context import InspectContext
from dlp.engine import Engine
from tests.media.conftest import make_engine
from tests.media.fixtures import blob_resource, encode, image_block, text_image, text_pdf, tool_result, zip_of

RESPONSE = InspectContext()
#: What a broken attachment may come back as: passed (not media after all), or failed closed.
ACCEPTABLE_FAILURES = {None, "media_unreadable", "media_limit_exceeded"}


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels, with one tiny compressed row."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + struct.pack(">I", len(idat))
        + b"IDAT"
        + idat
        + struct.pack(">I", zlib.crc32(b"IDAT" + idat))
    )


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return make_engine(
        tmp_path_factory.mktemp("tight"),
        media_max_bytes=200_000,
        media_max_pages=2,
        media_max_archive_depth=2,
        media_max_archive_ratio=50,
    )


def failure(engine: Engine, content: dict[str, object]) -> str | None:
    outcome = engine.inspect(tool_result(content), RESPONSE)
    if outcome.failure is not None:
        assert outcome.blocked and outcome.error is not None
        assert outcome.error["data"]["reason"] == outcome.failure
    return outcome.failure


def nested_zip(depth: int) -> bytes:
    inner: bytes = zip_of({"note.txt": "nothing"})
    for level in range(depth - 1):
        inner = zip_of({f"level{level}.zip": inner})
    return inner


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("decompression bomb header", image_block(png_header(100_000, 100_000)), "media_limit_exceeded"),
        (
            "over the byte limit",
            blob_resource(b"%PDF-1.7\n" + b"0" * 300_000, "application/pdf"),
            "media_limit_exceeded",
        ),
        (
            "too many pages",
            blob_resource(text_pdf((("a",), ("b",), ("c",))), "application/pdf"),
            "media_limit_exceeded",
        ),
        ("archive too deep", blob_resource(nested_zip(3), "application/zip"), "media_limit_exceeded"),
        (
            "zip bomb ratio",
            blob_resource(zip_of({"zeros.txt": b"0" * 1_000_000}), "application/zip"),
            "media_limit_exceeded",
        ),
        ("archive within limits", blob_resource(nested_zip(2), "application/zip"), None),
        ("truncated PNG", image_block(encode(text_image())[:300]), "media_unreadable"),
        ("truncated PDF", blob_resource(text_pdf()[:400], "application/pdf"), "media_unreadable"),
        (
            "PDF header then garbage",
            blob_resource(b"%PDF-1.4\n" + bytes(range(256)) * 20, "application/pdf"),
            "media_unreadable",
        ),
    ],
)
def test_limits_and_broken_media_fail_closed(
    tight: Engine, name: str, content: dict[str, object], reason: str | None
) -> None:
    assert failure(tight, content) == reason, name


def test_pixel_limit_applies_to_real_images(tmp_path: Path) -> None:
    engine = make_engine(tmp_path, media_max_pixels=10_000)
    assert failure(engine, image_block(encode(text_image()))) == "media_limit_exceeded"


def test_ocr_time_limit(tmp_path: Path) -> None:
    engine = make_engine(tmp_path, ocr_timeout_s=0.001)
    assert failure(engine, image_block(encode(text_image()))) == "media_limit_exceeded"


def test_on_error_tombstone_replaces_the_result(tmp_path: Path) -> None:
    engine = make_engine(tmp_path, "name: t\non_error: tombstone\n")
    outcome = engine.inspect(tool_result(image_block(png_header(100_000, 100_000))), RESPONSE)
    assert outcome.tombstoned and outcome.failure == "media_limit_exceeded"


PDF = text_pdf((("Invoice 42 for ACME",),))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(min_value=0, max_value=len(PDF)), flips=st.lists(st.integers(0, len(PDF) - 1), max_size=8)
)
def test_mangled_pdfs_never_crash(tight: Engine, cut: int, flips: list[int]) -> None:
    data = bytearray(PDF)
    for index in flips:
        data[index] ^= 0x5A
    content = blob_resource(bytes(data[:cut] or b"%PDF-"), "application/pdf")
    assert failure(tight, content) in ACCEPTABLE_FAILURES


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.binary(min_size=1, max_size=2048),
    magic=st.sampled_from(
        [b"", b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"PK\x03\x04", b"GIF89a", b"\xff\xd8\xff"]
    ),
)
def test_garbage_behind_magic_numbers_never_crashes(tight: Engine, data: bytes, magic: bytes) -> None:
    assert failure(tight, image_block(magic + data)) in ACCEPTABLE_FAILURES
