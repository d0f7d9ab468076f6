"""What a slot's key does to PERSON, through the real engine and the shipped NER model.

The model reads a firm named after its founders, a room named after a scientist or a team named
after its lead as people; the key that holds the value (``company.name``, ``location.displayName``,
``team.name``) says whose name it is. Each case is checked twice: under a key that says nothing the
model's PERSON stands (so a retrained model that no longer makes the mistake fails here loudly
instead of passing quietly), under the naming key it does not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dlp.config import Config, load_config
from dlp.context import InspectContext
from dlp.engine import Engine
from dlp.outcome import Outcome
from dlp.wiring import build_engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(Config(data_dir=tmp_path_factory.mktemp("person-keys"), ner_enabled=True))


def _inspect(engine: Engine, record: dict[str, Any]) -> Outcome:
    message = {"jsonrpc": "2.0", "id": 1, "result": {"structuredContent": record}}
    outcome = engine.inspect(message, InspectContext())
    assert outcome.failure is None
    return outcome


def _entities(outcome: Outcome) -> set[str]:
    return {finding.entity for finding in outcome.findings}


#: (record, the entity the value becomes, or None when it is nobody's and nothing is left)
NOT_PEOPLE: list[tuple[dict[str, Any], str | None]] = [
    ({"company": {"name": "Dixon Kennedy"}}, "ORGANIZATION"),
    ({"Account": {"Name": "Kennedy Peters"}}, "ORGANIZATION"),
    ({"company_name": "Dixon Kennedy"}, "ORGANIZATION"),
    ({"location": {"displayName": "Ada Lovelace Room"}}, "LOCATION"),
    ({"team": {"name": "Team Ramirez"}}, None),
    ({"product": {"title": "Frida Kahlo Print"}}, None),
    ({"workspace": {"name": "Priya Raghunathan Studio"}}, None),
]
#: Firms whose own text says so ("and Peters", "Squad"): ORGANIZATION under any key
#: (``classifiers/ner_repair.py``), and under a naming key too.
FIRMS_BY_THEIR_TEXT: list[dict[str, Any]] = [
    {"company": {"name": "Dixon, Kennedy and Peters"}},
    {"Account": {"Name": "Frey, James and Henson"}},
    {"name": "Frey, James and Henson"},
    {"team": {"name": "Ramirez Squad"}},
]


@pytest.mark.parametrize(("record", "entity"), NOT_PEOPLE, ids=str)
def test_the_name_of_a_company_place_or_thing_is_not_a_person(
    engine: Engine, record: dict[str, Any], entity: str | None
) -> None:
    value = next(iter(_leaves(record)))
    assert "PERSON" in _entities(_inspect(engine, {"name": value})), "the model no longer misreads it"
    assert _entities(_inspect(engine, record)) == ({entity} if entity else set())


@pytest.mark.parametrize("record", FIRMS_BY_THEIR_TEXT, ids=str)
def test_a_firm_named_after_people_is_an_organization(engine: Engine, record: dict[str, Any]) -> None:
    assert _entities(_inspect(engine, record)) == {"ORGANIZATION"}


@pytest.mark.parametrize(
    "record",
    [
        {"assignee": {"name": "Dana Kowalski"}},
        {"organizer": {"displayName": "Marcus Oyelaran"}},
        {"name": "Marcus Oyelaran"},
        # Prose under a non-person record mentions people: only name fields are read by their key.
        {"project": {"description": "Kickoff with Marcus Oyelaran next week to agree the scope."}},
        # A thing named after its owner or its subject still names that person.
        {"workspace": {"name": "Dana Lee's Workspace"}},
        {"project": {"name": "Onboarding for Dana Lee"}},
        # The key corrects the model only: the names gazetteer's reading stands.
        {"product": {"title": "Jordan Miller Signature Edition"}},
    ],
    ids=str,
)
def test_people_stay_people(engine: Engine, record: dict[str, Any]) -> None:
    assert "PERSON" in _entities(_inspect(engine, record))


def test_bare_logins_are_people_unless_configured_otherwise(tmp_path: Path) -> None:
    record = {"user": {"login": "jsmith", "bio": "Closed by pjones on Monday"}}
    default = build_engine(Config(data_dir=tmp_path / "default", ner_enabled=False))
    assert [f.entity for f in _inspect(default, record).findings] == ["PERSON", "PERSON"]
    settings = load_config({"DLP_PERSON_LOGINS": "false", "DLP_NER": "false", "DLP_DATA_DIR": str(tmp_path)})
    no_logins = build_engine(settings)
    assert _inspect(no_logins, record).findings == ()


def _leaves(record: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for value in record.values():
        out.extend(_leaves(value) if isinstance(value, dict) else [value])
    return out
