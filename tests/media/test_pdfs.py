"""PDFs: text layers, scanned pages and hidden parts are inspected; the redacted copy holds no text."""

from __future__ import annotations

import io
from typing import Any

import pdfplumber
import pypdfium2
import pytest

from dlp.context import InspectContext
from dlp.engine import Engine
from tests.media.fixtures import (
    EMAIL,
    LINES,
    PLANTED,
    SSN,
    blob_resource,
    noisy_scan,
    text_image,
    text_pdf,
    tool_result,
    with_attachment,
)
from tests.media.helpers import decoded, leaked, ocr_text, pdf_text

RESPONSE = InspectContext(tool="read_media_file")
PDF_PATH = "$.result.content[0].resource.blob"


def resource(outcome_message: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = outcome_message["result"]["content"][0]["resource"]
    return found


def rendered_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        texts = []
        for index in range(len(document)):
            image = document[index].render(scale=150 / 72).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")
            texts.append(ocr_text(buffer.getvalue()))
        return "\n".join(texts)
    finally:
        document.close()


def test_text_layer_findings_are_gone_from_the_rebuilt_pdf(engine: Engine) -> None:
    data = text_pdf((LINES, ("Page two mentions nothing sensitive",)))
    assert SSN in pdf_text(data)
    outcome = engine.inspect(tool_result(blob_resource(data, "application/pdf")), RESPONSE)
    assert outcome.failure is None
    assert set(PLANTED) <= {f.entity for f in outcome.findings}
    assert {f.path for f in outcome.findings} == {f"{PDF_PATH}<pdf:page1>"}
    out = decoded(resource(outcome.message)["blob"])
    assert resource(outcome.message)["mimeType"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(out)) as pdf:
        assert len(pdf.pages) == 2
        assert all(not page.extract_words() and not page.annots for page in pdf.pages)
        assert "Author" not in pdf.metadata
    # The pixels: OCR of the rebuilt pages finds none of the planted values, and keeps the rest.
    seen = rendered_text(out)
    assert leaked(engine, seen) == (set(), [])
    assert "Page two" in seen


def test_scanned_page_is_read_by_ocr_and_painted(engine: Engine) -> None:
    data = text_pdf((("Cover page",),), scanned=noisy_scan(text_image(size=26), skew=0.8, sparsity=400))
    outcome = engine.inspect(tool_result(blob_resource(data, "application/pdf")), RESPONSE)
    assert outcome.failure is None
    ocr_paths = {f.path for f in outcome.findings}
    assert ocr_paths == {f"{PDF_PATH}<pdf:page2:ocr>"}
    assert {"US_SSN", "EMAIL_ADDRESS"} <= {f.entity for f in outcome.findings}
    out = decoded(resource(outcome.message)["blob"])
    assert pdf_text(out).strip() == ""
    entities, values = leaked(engine, rendered_text(out))
    assert entities == set() and values == []


@pytest.mark.parametrize(
    ("options", "part"),
    [
        ({"author": f"Grace Hopper <{EMAIL}>"}, "metadata"),
        ({"note": f"Reviewer: SSN {SSN}"}, "annotations"),
        ({"field_value": SSN}, "forms"),
    ],
)
def test_hidden_parts_are_inspected_and_dropped(engine: Engine, options: dict[str, Any], part: str) -> None:
    data = text_pdf((("Nothing on the page itself",),), **options)
    outcome = engine.inspect(tool_result(blob_resource(data, "application/pdf")), RESPONSE)
    assert f"{PDF_PATH}<pdf:{part}>" in {f.path for f in outcome.findings}
    out = decoded(resource(outcome.message)["blob"])
    with pdfplumber.open(io.BytesIO(out)) as pdf:
        assert all(not page.annots for page in pdf.pages)
        assert "Author" not in pdf.metadata and "AcroForm" not in pdf.doc.catalog
    assert SSN not in out.decode("latin-1") and EMAIL not in out.decode("latin-1")


def test_embedded_file_with_findings_is_dropped(engine: Engine) -> None:
    data = with_attachment(text_pdf((("Invoice attached",),)), "notes.txt", f"customer ssn {SSN}".encode())
    outcome = engine.inspect(tool_result(blob_resource(data, "application/pdf")), RESPONSE)
    assert f"{PDF_PATH}<pdf:attachment0>" in {f.path for f in outcome.findings}
    out = pypdfium2.PdfDocument(decoded(resource(outcome.message)["blob"]))
    try:
        assert out.count_attachments() == 0
    finally:
        out.close()


def test_clean_pdf_passes_unchanged(engine: Engine) -> None:
    message = tool_result(blob_resource(text_pdf((("Release notes for version 2",),)), "application/pdf"))
    outcome = engine.inspect(message, RESPONSE)
    assert outcome.findings == () and outcome.message == message


def test_policy_blocks_card_numbers_in_pdfs(strict_engine: Engine) -> None:
    outcome = strict_engine.inspect(tool_result(blob_resource(text_pdf(), "application/pdf")), RESPONSE)
    assert outcome.blocked and outcome.error is not None
    assert outcome.error["data"] == {"rule": "block-cards-in-pdfs"}


def test_a_rotated_page_is_blanked_rather_than_painted_beside_the_text(engine: Engine) -> None:
    data = text_pdf((LINES,), rotation=90)
    outcome = engine.inspect(tool_result(blob_resource(data, "application/pdf")), RESPONSE)
    assert set(PLANTED) <= {f.entity for f in outcome.findings}
    out = decoded(resource(outcome.message)["blob"])
    assert pdf_text(out).strip() == ""
    assert leaked(engine, rendered_text(out)) == (set(), [])
