"""Overlaps are settled in favour of protection: an allowed reading never uncovers a redacted one."""

from __future__ import annotations

from pathlib import Path

from dlp.config import Config
from dlp.context import InspectContext
from dlp.wiring import build_engine


def test_a_town_inside_an_address_does_not_leave_the_address_in_clear(tmp_path: Path) -> None:
    # The default policy allows place names (LOCATION) and redacts street addresses; NER reads
    # "Berlin" as a place with a higher score than the address rule has.
    engine = build_engine(Config(data_dir=tmp_path, ner_enabled=True))
    text = "Please send the signed contract to Hauptstraße 5, 10115 Berlin before Friday."
    message = {"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "text", "text": text}]}}
    outcome = engine.inspect(message, InspectContext())
    rewritten = outcome.message["result"]["content"][0]["text"]
    assert "Hauptstraße 5" not in rewritten and "10115" not in rewritten
    assert "[STREET_ADDRESS]" in rewritten and rewritten.endswith("before Friday.")
