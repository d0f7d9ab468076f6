"""Images: OCR finds the planted values, the policy decides, and the returned pixels no longer hold them."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest
from PIL import Image, PngImagePlugin

from dlp.context import InspectContext
from dlp.engine import Engine
from tests.media.fixtures import (
    EMAIL,
    LINES,
    PLANTED,
    SSN,
    b64,
    encode,
    image_block,
    noisy_scan,
    text_image,
    tool_result,
)
from tests.media.helpers import decoded, first_block, leaked, ocr_text

RESPONSE = InspectContext(tool="read_media_file")


def sans() -> tuple[bytes, str]:
    return encode(text_image()), "PNG"


def serif_large_jpeg() -> tuple[bytes, str]:
    return encode(text_image(font_name="DejaVuSerif.ttf", size=30), "JPEG", quality=90), "JPEG"


def mono_small() -> tuple[bytes, str]:
    return encode(text_image(font_name="DejaVuSansMono.ttf", size=16)), "PNG"


def transparent() -> tuple[bytes, str]:
    return encode(text_image(font_name="DejaVuSans-Bold.ttf", size=20, mode="RGBA")), "PNG"


def rotated() -> tuple[bytes, str]:
    return encode(text_image().transpose(Image.Transpose.ROTATE_90)), "PNG"


def scan() -> tuple[bytes, str]:
    return encode(noisy_scan(text_image(size=24), sparsity=100), "JPEG", quality=85), "JPEG"


FIXTURES: dict[str, Callable[[], tuple[bytes, str]]] = {
    "sans-png": sans,
    "serif-30-jpeg": serif_large_jpeg,
    "mono-16-png": mono_small,
    "bold-transparent-png": transparent,
    "rotated-90": rotated,
    "noisy-scan": scan,
}


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_planted_values_are_painted_out(engine: Engine, name: str) -> None:
    data, fmt = FIXTURES[name]()
    before, _values = leaked(engine, ocr_text(data))
    assert before == set(PLANTED), f"fixture {name} does not read back: {before}"
    outcome = engine.inspect(tool_result(image_block(data)), RESPONSE)
    assert outcome.failure is None and not outcome.blocked
    found = {f.entity for f in outcome.findings}
    assert set(PLANTED) <= found
    assert all(f.path == "$.result.content[0].data<image>" for f in outcome.findings)
    block = first_block(outcome)
    assert block["type"] == "image" and block["mimeType"] == "image/png"
    out = decoded(block["data"])
    original, result = Image.open(io.BytesIO(data)), Image.open(io.BytesIO(out))
    assert (result.format, result.size) == (fmt, original.size)
    entities, values = leaked(engine, ocr_text(out))
    assert entities == set() and values == []
    # Text that was not sensitive is still there.
    assert "Follow-up" in ocr_text(out) or "two weeks" in ocr_text(out)


def test_an_image_without_findings_passes_byte_for_byte(engine: Engine) -> None:
    data = encode(text_image(("Quarterly roadmap review", "Ship the new dashboard")))
    message = tool_result(image_block(data))
    outcome = engine.inspect(message, RESPONSE)
    assert outcome.findings == () and outcome.message == message


def test_a_tiny_icon_passes(engine: Engine) -> None:
    data = encode(Image.new("RGBA", (20, 20), (10, 120, 200, 255)))
    message = tool_result(image_block(data))
    assert engine.inspect(message, RESPONSE).message == message


def test_metadata_is_inspected_and_dropped(engine: Engine) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"scanned for {EMAIL}, SSN {SSN}")
    data = encode(text_image(("Nothing to see here",)), pnginfo=info)
    outcome = engine.inspect(tool_result(image_block(data)), RESPONSE)
    assert {f.path for f in outcome.findings} == {"$.result.content[0].data<image:metadata>"}
    out = Image.open(io.BytesIO(decoded(first_block(outcome)["data"])))
    assert "Comment" not in out.info and out.size == (Image.open(io.BytesIO(data))).size


def test_policy_tombstones_an_image(strict_engine: Engine) -> None:
    data = encode(text_image())
    message = tool_result(image_block(data), {"type": "text", "text": "see attached"})
    outcome = strict_engine.inspect(message, RESPONSE)
    assert not outcome.blocked
    assert first_block(outcome) == {"type": "text", "text": "[removed by mcp-dlp: rule tombstone-ssn-images]"}
    assert outcome.message["result"]["content"][1] == {"type": "text", "text": "see attached"}


def test_data_uri_inside_text_is_repainted(engine: Engine) -> None:
    data = encode(text_image())
    markdown = f"Screenshot: ![shot](data:image/png;base64,{b64(data)}) done. Mail {EMAIL}"
    outcome = engine.inspect(tool_result({"type": "text", "text": markdown}), RESPONSE)
    text = first_block(outcome)["text"]
    assert text.startswith("Screenshot: ![shot](data:image/png;base64,") and EMAIL not in text
    payload = text.split("base64,", 1)[1].split(")", 1)[0]
    entities, values = leaked(engine, ocr_text(decoded(payload)))
    assert entities == set() and values == []
    paths = {f.path for f in outcome.findings}
    assert "$.result.content[0].text<embedded@20><image>" in paths
    # Base64 is not scanned as text: no finding overlaps the payload itself.
    assert "$.result.content[0].text" in paths


def test_bare_base64_image_in_a_json_field(engine: Engine) -> None:
    data = encode(text_image())
    record = json.dumps({"ticket": "OPS-1", "screenshot": b64(data)})
    outcome = engine.inspect(tool_result({"type": "text", "text": record}), RESPONSE)
    rebuilt = json.loads(first_block(outcome)["text"])
    assert rebuilt["ticket"] == "OPS-1"
    entities, _values = leaked(engine, ocr_text(decoded(rebuilt["screenshot"])))
    assert entities == set()


def test_declared_type_is_ignored(engine: Engine) -> None:
    # A PNG labelled JPEG (or octet-stream) is still read as the PNG it is.
    data = encode(text_image())
    outcome = engine.inspect(tool_result(image_block(data, mime="application/octet-stream")), RESPONSE)
    assert {"US_SSN", "CREDIT_CARD"} <= {f.entity for f in outcome.findings}
    assert Image.open(io.BytesIO(decoded(first_block(outcome)["data"]))).format == "PNG"


def test_unreadable_text_is_tombstoned_as_low_confidence(engine: Engine) -> None:
    # Heavy blur leaves shapes tesseract half-reads: a "nothing found" there means nothing.
    from PIL import ImageFilter  # noqa: PLC0415

    blurred = text_image(LINES, size=22).filter(ImageFilter.GaussianBlur(3.2))
    outcome = engine.inspect(tool_result(image_block(encode(blurred))), RESPONSE)
    assert first_block(outcome) == {"type": "text", "text": "[removed by mcp-dlp: rule media-low-confidence]"}


def test_analysis_reprs_hold_no_values(engine: Engine) -> None:
    from dlp.media.analysis import MediaSettings, analyse_image  # noqa: PLC0415

    data = encode(text_image())
    analysis = analyse_image(
        data, "png", "$.x", lambda text, path: engine.scan_text(text, ner=False), MediaSettings()
    )
    shown = repr(analysis)
    assert analysis.hits and SSN not in shown and EMAIL not in shown and "4111" not in shown
