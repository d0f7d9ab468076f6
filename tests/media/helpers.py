"""Assertions shared by the media tests: what OCR or a PDF text extraction finds in an output."""

from __future__ import annotations

import base64
import io
from typing import Any

import pdfplumber
from PIL import Image

from dlp.classifiers.extractors import ocr
from dlp.engine import Engine, Outcome
from dlp.findings import ScanContext
from tests.media.fixtures import CARD, EMAIL, MRN, SSN

PLANTED_VALUES = (SSN, CARD, EMAIL, MRN, SSN.replace("-", ""), CARD.replace(" ", ""))


def ocr_text(data: bytes) -> str:
    return ocr(Image.open(io.BytesIO(data)), "eng", 30, 100_000_000).text


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def entities_in(engine: Engine, text: str) -> set[str]:
    return {f.entity for f in engine.scan_text(text, ScanContext(), ner=False)}


def leaked(engine: Engine, text: str) -> tuple[set[str], list[str]]:
    """Planted entities the detectors still find in ``text``, and planted values still in it."""
    planted = {"US_SSN", "CREDIT_CARD", "EMAIL_ADDRESS", "MEDICAL_RECORD_NUMBER"}
    compact = text.replace(" ", "")
    values = [v for v in PLANTED_VALUES if v in text or v.replace(" ", "") in compact]
    return entities_in(engine, text) & planted, values


def first_block(outcome: Outcome) -> dict[str, Any]:
    block: dict[str, Any] = outcome.message["result"]["content"][0]
    return block


def decoded(value: str) -> bytes:
    return base64.b64decode(value)
