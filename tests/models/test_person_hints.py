"""The PERSON hint detectors: field names, gazetteer, greeting/signature/header patterns."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlp.classifiers.name_gazetteer import Gazetteer
from dlp.classifiers.person_hints import (
    FieldNameDetector,
    GazetteerDetector,
    PatternDetector,
    person_field,
)
from dlp.findings import ScanContext

GAZ = Gazetteer.load()
FIELD = FieldNameDetector()
GAZETTEER = GazetteerDetector(GAZ)
PATTERN = PatternDetector(GAZ)


def _spans(found: list, text: str) -> list[str]:  # type: ignore[type-arg]
    return [text[f.start : f.end] for f in found]


@pytest.mark.parametrize(
    ("field_name", "tail", "expected"),
    [
        ("displayname", "assignee.displayname", True),
        ("name", "reporter.name", True),
        ("real_name", "user.real_name", True),
        ("author", None, True),
        ("patient_name", None, True),
        ("full_name", "profile.full_name", True),
        ("customer_name", None, True),
        ("fullName", None, True),
        ("name", "users[3].name", True),
        ("name", "project.name", False),
        ("name", None, False),
        ("status", "fields.status", False),
        ("city", "address.city", False),
        (None, None, False),
    ],
)
def test_person_field_names(field_name: str | None, tail: str | None, expected: bool) -> None:
    assert person_field(ScanContext(field_name=field_name, field_path_tail=tail)) is expected


@pytest.mark.parametrize(
    ("value", "context", "expected"),
    [
        (
            "Priya Raghunathan",
            ScanContext(field_name="displayname", field_path_tail="assignee.displayname"),
            "Priya Raghunathan",
        ),
        ("  Okafor, Amara ", ScanContext(field_name="patient_name"), "Okafor, Amara"),
        ("鈴木 結衣", ScanContext(field_name="author"), "鈴木 結衣"),
        ("J. R. Smith", ScanContext(field_name="reporter"), "J. R. Smith"),
        ("dana@example.com", ScanContext(field_name="author"), None),
        ("user1234", ScanContext(field_name="author"), None),
        ("https://example.com/u/1", ScanContext(field_name="author"), None),
        ("Priya Raghunathan", ScanContext(field_name="summary"), None),
        ("Platform Team", ScanContext(field_name="owner"), None),
        ("admin", ScanContext(field_name="author"), None),
        ("Okafor", ScanContext(field_name="family", field_path_tail="name.family"), "Okafor"),
        ("", ScanContext(field_name="author"), None),
    ],
)
def test_field_name_detector(value: str, context: ScanContext, expected: str | None) -> None:
    found = FIELD.detect(value, context)
    assert _spans(found, value) == ([expected] if expected else [])
    assert all(f.detector == "person.field" and f.entity == "PERSON" for f in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Meeting with Maria Luísa Monteiro and Tomasz Fiutak", ["Maria Luísa Monteiro", "Tomasz Fiutak"]),
        ("approved by Priya K. Sharma yesterday", ["Priya K. Sharma"]),
        ("JOHN SMITH signed the form", ["JOHN SMITH"]),
        ("Halder Ojasvi", ["Halder Ojasvi"]),
        ("Status Open Priority High", []),
        ("Deploy to San Jose finished", []),
        ("The Will Power Group", []),
        ("see Kubernetes Cluster docs", []),
        ("ping john smith in lower case", ["john smith"]),
        ("the grace period ends", []),
        ("a frank discussion about costs", []),
        ("sorted by name then date", []),
    ],
)
def test_gazetteer_detector(text: str, expected: list[str]) -> None:
    assert _spans(GAZETTEER.detect(text, ScanContext()), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dear Dr. Shah,\nthe results are in.", ["Shah"]),
        ("Hi Siobhan, quick question", ["Siobhan"]),
        ("Hello Jean-Luc!", ["Jean-Luc"]),
        ("Thanks,\nTomasz Wiśniewski", ["Tomasz Wiśniewski"]),
        ("Best regards,\nAisha Bello\nAcme Corp", ["Aisha Bello"]),
        ("Kind regards, Aisha Bello | Account Manager", ["Aisha Bello"]),
        ("--\nMarta van der Berg\nSRE", ["Marta van der Berg"]),
        ("From: Jane Doe <jane@x.com>, John Smith <j@x.com>", ["Jane Doe", "John Smith"]),
        ("Cc: Kowalski, Dana", ["Kowalski, Dana"]),
        ("On Mon, 3 May 2024, Ravi Kumar <ravi@x.com> wrote:", ["Ravi Kumar"]),
        ("Assignee: Priya Raghunathan", ["Priya Raghunathan"]),
        ("resolved by Ola Nordmann in OPS-1", ["Ola Nordmann"]),
        ("Patient name: Amara Okafor", ["Amara Okafor"]),
        ("[10:42] Gill, Cynthia: anyone seen the alert?", ["Gill, Cynthia"]),
        ("@dana.kowalski wrote: shipped", ["dana.kowalski"]),
        ("Fabia said the fix is in DATA-9747", ["Fabia"]),
        ("Hi all, Status: Open. Owner: Platform Team", []),
        ("Hello World", []),
        ("Thanks for the update", []),
        ("Dear Customer,", []),
        ("Assignee: Unassigned", []),
        ("write to support@example.com", []),
        ("@Override\npublic void run()", []),
        ("npm i @types/node", []),
        ("ping @here the build is red", []),
    ],
)
def test_pattern_detector(text: str, expected: list[str]) -> None:
    found = PATTERN.detect(text, ScanContext())
    assert sorted(set(_spans(found, text))) == sorted(expected)
    assert all(f.detector == "person.pattern" and f.kind for f in found)


@given(st.text(max_size=300))
def test_hint_findings_stay_inside_any_text(text: str) -> None:
    for detector in (GAZETTEER, PATTERN):
        for f in detector.detect(text, ScanContext()):
            assert 0 <= f.start < f.end <= len(text)
    for f in FIELD.detect(text, ScanContext(field_name="author")):
        assert 0 <= f.start < f.end <= len(text)
