"""Other attachments: the real type decides; office documents, archives and text are read; unknown
binary follows the policy's ``media.unknown_binary``."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from dlp.classifiers.extractors import Kind, sniff
from dlp.context import InspectContext
from dlp.engine import Engine
from tests.media.conftest import make_engine
from tests.media.fixtures import (
    EMAIL,
    SSN,
    blob_resource,
    docx,
    encode,
    text_image,
    text_pdf,
    tool_result,
    xlsx,
    zip_of,
)

RESPONSE = InspectContext()
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(40)


@pytest.mark.parametrize(
    ("data", "kind", "fmt"),
    [
        (encode(text_image(("x",))), Kind.IMAGE, "png"),
        (encode(text_image(("x",)), "JPEG"), Kind.IMAGE, "jpeg"),
        (encode(text_image(("x",)), "GIF"), Kind.IMAGE, "gif"),
        (encode(text_image(("x",)), "WEBP"), Kind.IMAGE, "webp"),
        (encode(text_image(("x",)), "TIFF"), Kind.IMAGE, "tiff"),
        (b"junk before the header %PDF-1.7\n", Kind.PDF, "pdf"),
        (docx("hello"), Kind.OFFICE, "docx"),
        (xlsx("hello"), Kind.OFFICE, "xlsx"),
        (zip_of({"a.txt": "hello"}), Kind.ZIP, "zip"),
        ("plain text, with accents: é ü".encode(), Kind.TEXT, "text"),
        (WAV, Kind.BINARY, "wav"),
        (b"\x00\x01\x02\x03binary", Kind.BINARY, "unknown"),
        (b"", Kind.BINARY, "unknown"),
    ],
)
def test_sniff_reads_the_bytes(data: bytes, kind: Kind, fmt: str) -> None:
    assert sniff(data) == (kind, fmt)


def only_content(outcome_message: dict[str, object]) -> dict[str, object]:
    content = outcome_message["result"]["content"]  # type: ignore[index]
    block: dict[str, object] = content[0]
    return block


NOTICE = "[removed by mcp-dlp: rule {}]"


@pytest.mark.parametrize(
    ("name", "data", "mime", "path_suffix"),
    [
        (
            "docx split runs",
            docx(f"Customer SSN {SSN} verified"),
            "application/octet-stream",
            "<office:zip1>",
        ),
        ("xlsx shared strings", xlsx(SSN), "application/vnd.ms-excel", "<office:zip2>"),
        ("zip of text", zip_of({"notes/a.txt": f"ssn {SSN}"}), "application/zip", "<zip:zip0>"),
        (
            "pdf inside zip",
            zip_of({"scan.pdf": text_pdf((("SSN " + SSN,),))}),
            "application/zip",
            "<zip:zip0:page1>",
        ),
    ],
)
def test_office_documents_and_archives_are_tombstoned(
    engine: Engine, name: str, data: bytes, mime: str, path_suffix: str
) -> None:
    outcome = engine.inspect(tool_result(blob_resource(data, mime)), RESPONSE)
    assert outcome.failure is None, name
    paths = {f.path for f in outcome.findings if f.entity == "US_SSN"}
    assert paths == {f"$.result.content[0].resource.blob{path_suffix}"}, name
    resource = only_content(outcome.message)["resource"]
    assert resource == {
        "uri": "file:///tmp/attachment",
        "mimeType": "text/plain",
        "text": NOTICE.format("national-ids"),
    }


def test_text_with_a_binary_type_is_rewritten_as_text(engine: Engine) -> None:
    data = f"Export:\nemail={EMAIL}\nssn={SSN}\n".encode()
    outcome = engine.inspect(tool_result(blob_resource(data, "application/octet-stream")), RESPONSE)
    resource = only_content(outcome.message)["resource"]
    assert isinstance(resource, dict) and resource["mimeType"] == "application/octet-stream"
    text = base64.b64decode(resource["blob"]).decode()
    assert text.startswith("Export:\nemail=[EMAIL_ADDRESS:h_") and "ssn=[US_SSN]" in text


def test_a_pdf_declared_as_an_image_is_read_as_a_pdf(engine: Engine) -> None:
    content = {"type": "image", "data": base64.b64encode(text_pdf()).decode(), "mimeType": "image/png"}
    outcome = engine.inspect(tool_result(content), RESPONSE)
    assert any(f.path.endswith("<pdf:page1>") for f in outcome.findings)


@pytest.mark.parametrize("verdict", ["allow", "tombstone", "block"])
def test_unknown_binary_follows_the_policy(tmp_path: Path, verdict: str) -> None:
    engine = make_engine(tmp_path, f"name: t\nmedia:\n  unknown_binary: {verdict}\n")
    message = tool_result({"type": "audio", "data": base64.b64encode(WAV).decode(), "mimeType": "audio/wav"})
    outcome = engine.inspect(message, RESPONSE)
    if verdict == "allow":
        assert outcome.message == message
    elif verdict == "tombstone":
        assert only_content(outcome.message) == {
            "type": "text",
            "text": NOTICE.format("media-unknown-binary"),
        }
    else:
        assert outcome.blocked and outcome.error is not None
        assert outcome.error["data"] == {"rule": "media-unknown-binary"}


def test_a_base64_field_holding_plain_text_is_inspected_as_text(engine: Engine) -> None:
    # ``data`` with a MIME type but not base64: a server bug, still inspected.
    message = tool_result({"type": "image", "data": f"not base64: {SSN}", "mimeType": "image/png"})
    outcome = engine.inspect(message, RESPONSE)
    assert only_content(outcome.message)["data"] == "not base64: [US_SSN]"


def test_media_inspection_can_be_turned_off(tmp_path: Path) -> None:
    engine = make_engine(tmp_path, media_enabled=False)
    message = tool_result(blob_resource(docx(f"SSN {SSN}"), "application/octet-stream"))
    outcome = engine.inspect(message, RESPONSE)
    assert outcome.message == message and outcome.media == (
        ("$.result.content[0].resource.blob", "application/octet-stream"),
    )
