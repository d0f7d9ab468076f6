"""Overlaps are settled in favour of protection: an allowed reading never uncovers a redacted one,
and no reading, allowed or not, leaves part of another in clear. Real detectors, NER included."""

from __future__ import annotations

import pytest

from dlp.config import Config
from dlp.context import InspectContext
from dlp.engine import Engine
from dlp.wiring import build_engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(Config(data_dir=tmp_path_factory.mktemp("protective"), ner_enabled=True))


def rewrite(engine: Engine, text: str) -> str:
    message = {"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "text", "text": text}]}}
    outcome = engine.inspect(message, InspectContext())
    assert outcome.failure is None
    rewritten: str = outcome.message["result"]["content"][0]["text"]
    return rewritten


def test_a_town_inside_an_address_does_not_leave_the_address_in_clear(engine: Engine) -> None:
    # The default policy allows place names (LOCATION) and redacts street addresses; NER reads
    # "Berlin" as a place with a higher score than the address rule has.
    text = "Please send the signed contract to Hauptstraße 5, 10115 Berlin before Friday."
    rewritten = rewrite(engine, text)
    assert "Hauptstraße 5" not in rewritten and "10115" not in rewritten
    assert "[STREET_ADDRESS]" in rewritten and rewritten.endswith("before Friday.")


def test_names_read_inside_an_address_in_health_context_do_not_uncover_its_rest(engine: Engine) -> None:
    # In health context places and names become PHI and are redacted like the address; NER reads
    # "Calle de Isabel" and "Madrid" as places with higher scores than the address rule, and the
    # gazetteer reads "Isabel Pantoja" as a name. Keeping the best-scored reading alone used to
    # send " Pantoja 7, " and ", 28012" out in clear.
    text = "Patient diagnosed with diabetes, lives at Calle de Isabel Pantoja 7, Madrid, 28012."
    rewritten = rewrite(engine, text)
    assert not any(part in rewritten for part in ("Calle", "Isabel", "Pantoja", "Madrid", "28012"))
    # The address rule's reading names the region, not one of the guesses inside it.
    assert rewritten == "Patient diagnosed with diabetes, lives at [STREET_ADDRESS]."
