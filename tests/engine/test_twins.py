"""A structured result's twin copies (structuredContent and its JSON text) are scanned once and
remediated alike; a value found in one slot is remediated wherever else it appears."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dlp.config import Config
from dlp.context import InspectContext
from dlp.engine import Engine
from dlp.findings import Finding, ScanContext
from dlp.wiring import build_engine

RECORD = {
    "customer": {"name": "Jane Roe", "email": "jane.roe@example.org", "plan": "team"},
    "ssn": "536-22-8147",
}


class CountingDetector:
    """A detector that finds nothing and counts what it is asked to scan."""

    name = "test.counting"

    def __init__(self) -> None:
        self.seen: list[tuple[str, str | None]] = []

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        self.seen.append((text, context.field_path_tail))
        return []


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(Config(data_dir=tmp_path_factory.mktemp("twins"), ner_enabled=False))


def _structured(record: dict[str, Any]) -> dict[str, Any]:
    # What the MCP specification asks of a tool with structured output: the JSON also as text.
    return {
        "jsonrpc": "2.0",
        "id": 1,
        "result": {"content": [{"type": "text", "text": json.dumps(record)}], "structuredContent": record},
    }


def test_twin_copies_are_scanned_once(engine: Engine) -> None:
    counter = CountingDetector()
    counting = engine.derive(detectors=(counter,))
    counting.inspect(_structured(RECORD), InspectContext())
    scanned = [text for text, _tail in counter.seen]
    assert sorted(scanned) == sorted({"Jane Roe", "jane.roe@example.org", "team", "536-22-8147"})


def test_twin_copies_are_remediated_alike(engine: Engine) -> None:
    outcome = engine.inspect(_structured(RECORD), InspectContext())
    result = outcome.message["result"]
    assert json.loads(result["content"][0]["text"]) == result["structuredContent"]
    assert "jane.roe@example.org" not in json.dumps(result) and "536-22-8147" not in json.dumps(result)


def test_a_value_found_by_its_field_is_remediated_in_free_text_too(engine: Engine) -> None:
    # The account number is recognised under its field name only; the prose copy has no context.
    message = {
        "jsonrpc": "2.0",
        "id": 1,
        "result": {
            "structuredContent": {"account_number": "000123456789"},
            "content": [{"type": "text", "text": "Refund sent to 000123456789 and 000123456789x today"}],
        },
    }
    outcome = engine.inspect(message, InspectContext())
    text = outcome.message["result"]["content"][0]["text"]
    assert "sent to 000123456789 " not in text, "the standalone copy is remediated"
    assert "000123456789x" in text, "a longer token that merely contains the value is not"


def test_overlapping_known_values_are_all_propagated(tmp_path: Path) -> None:
    engine = build_engine(Config(data_dir=tmp_path, ner_enabled=False))
    message = {
        "jsonrpc": "2.0",
        "id": 1,
        "result": {
            "structuredContent": {"email": "ops@example.org", "backup_email": "alerts.ops@example.org"},
            "content": [{"type": "text", "text": "cc alerts.ops@example.org; ops@example.org"}],
        },
    }
    outcome = engine.inspect(message, InspectContext())
    text = outcome.message["result"]["content"][0]["text"]
    assert "example.org" not in text
