"""The ``ner`` detector with the person hints: PERSON in every tool-output shape, canonical entities."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlp.classifiers.ner import NerDetector, is_free_text
from dlp.classifiers.person_hints import person_hint_detectors
from dlp.entities import ENTITIES
from dlp.findings import BatchDetector, Detector, Finding, ScanContext
from dlp.models.loader import LoadedPipeline

#: (tool-output shape, text, context, the name that must be found)
SHAPES: list[tuple[str, str, ScanContext, str]] = [
    (
        "ticket comment",
        "Reassigned to Priya Raghunathan after triage, she owns the rollout now.",
        ScanContext(),
        "Priya Raghunathan",
    ),
    (
        "ticket field line",
        "Assignee: Priya Raghunathan\nStatus: In Progress",
        ScanContext(),
        "Priya Raghunathan",
    ),
    ("chat quote", "@dana.kowalski wrote: can we ship this today?", ScanContext(), "dana.kowalski"),
    ("chat mention", "thanks @mbrennan, merged into main", ScanContext(), "mbrennan"),
    ("chat message", "Kenji Watanabe joined the channel", ScanContext(), "Kenji Watanabe"),
    (
        "crm note",
        "Called Marcus Oyelaran at Northwind Traders re: renewal, follow up next week.",
        ScanContext(),
        "Marcus Oyelaran",
    ),
    ("email header", "From: Sofia Lindqvist <sofia.lindqvist@example.com>", ScanContext(), "Sofia Lindqvist"),
    ("email greeting", "Hi Siobhan,\n\nthe invoice is attached.", ScanContext(), "Siobhan"),
    ("email signature", "See you Monday.\n\nThanks,\nTomasz Wiśniewski", ScanContext(), "Tomasz Wiśniewski"),
    ("email sign-off", "Kind regards, Aisha Bello | Account Manager", ScanContext(), "Aisha Bello"),
    (
        "reply header",
        "On Tue, 4 Mar 2025, Rafael Gómez <rafa@example.org> wrote:",
        ScanContext(),
        "Rafael Gómez",
    ),
    (
        "clinical note",
        "Patient Amara Okafor seen on 2024-03-02 for follow-up; continue metformin.",
        ScanContext(),
        "Amara Okafor",
    ),
    ("clinical provider", "Referred by Dr. Lindqvist to the cardiology clinic.", ScanContext(), "Lindqvist"),
    (
        "json displayName",
        "Priya Raghunathan",
        ScanContext(field_name="displayname", field_path_tail="assignee.displayname"),
        "Priya Raghunathan",
    ),
    (
        "json author",
        "Nguyen Van Minh",
        ScanContext(field_name="author", field_path_tail="comment.author"),
        "Nguyen Van Minh",
    ),
    ("json patient_name", "Okafor, Amara", ScanContext(field_name="patient_name"), "Okafor, Amara"),
    (
        "json real_name",
        "Søren Kierkegaard",
        ScanContext(field_name="real_name", field_path_tail="user.real_name"),
        "Søren Kierkegaard",
    ),
    (
        "multi-locale prose",
        "Meeting notes: Giulia Bianchi and Oluwaseun Adeyemi agreed on the scope.",
        ScanContext(),
        "Giulia Bianchi",
    ),
]


@pytest.fixture(scope="module")
def ner(shipped: LoadedPipeline) -> NerDetector:
    return NerDetector(shipped)


HINTS = person_hint_detectors()


def _all(ner: NerDetector, text: str, context: ScanContext) -> list[Finding]:
    found = ner.detect(text, context) if is_free_text(text, context) else []
    for detector in HINTS:
        found.extend(detector.detect(text, context))
    return found


@pytest.mark.parametrize(("shape", "text", "context", "name"), SHAPES, ids=[s[0] for s in SHAPES])
def test_person_is_found_in_each_tool_output_shape(
    ner: NerDetector, shape: str, text: str, context: ScanContext, name: str
) -> None:
    start = text.index(name)
    end = start + len(name)
    people = [f for f in _all(ner, text, context) if f.entity == "PERSON"]
    assert any(f.start <= start and f.end >= end and f.end - f.start <= len(name) + 2 for f in people), shape


def test_ner_finds_people_places_and_organisations_alone(ner: NerDetector) -> None:
    text = "Angela Merkel met executives of Siemens in Munich on Tuesday."
    found = {(f.entity, text[f.start : f.end]) for f in ner.detect(text, ScanContext())}
    assert ("PERSON", "Angela Merkel") in found
    assert {e for e, _ in found} <= {"PERSON", "LOCATION", "ORGANIZATION"}


def test_detectors_follow_the_protocols_and_emit_canonical_entities(ner: NerDetector) -> None:
    assert isinstance(ner, BatchDetector)
    assert ner.name == "ner"
    hints = HINTS
    assert [d.name for d in hints] == ["person.field", "person.gazetteer", "person.pattern"]
    for detector in (ner, *hints):
        assert isinstance(detector, Detector)
        assert detector.entities <= set(ENTITIES)
    for _shape, text, context, _name in SHAPES:
        for f in _all(ner, text, context):
            assert f.entity in ENTITIES
            assert f.detector in {"ner", "person.field", "person.gazetteer", "person.pattern"}
            assert 0 <= f.start < f.end <= len(text)


def test_batch_equals_one_by_one_and_keeps_order(ner: NerDetector) -> None:
    texts = [s[1] for s in SHAPES]
    contexts = [s[2] for s in SHAPES]
    assert ner.detect_batch(texts, contexts) == [
        ner.detect(t, c) for t, c in zip(texts, contexts, strict=True)
    ]


def test_long_text_is_chunked_with_correct_offsets(shipped: LoadedPipeline) -> None:
    small = NerDetector(shipped, max_chars=80)
    text = ("The deploy went fine and nothing else happened today. " * 5) + "Priya Raghunathan approved it."
    found = [f for f in small.detect(text, ScanContext()) if f.entity == "PERSON"]
    assert any(text[f.start : f.end] == "Priya Raghunathan" for f in found)


def test_mismatched_batch_is_an_error(ner: NerDetector) -> None:
    with pytest.raises(ValueError, match="differ"):
        ner.detect_batch(["a b"], [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Priya said the fix is in PROJ-12, please review.", True),
        ("Hi Dana,\nthanks for the update.", True),
        ("Assignee: Priya Raghunathan", True),
        ("PROJ-1234", False),
        ("https://example.com/browse/PROJ-1?x=1", False),
        ("dana.kowalski@example.com", False),
        ("550e8400-e29b-41d4-a716-446655440000", False),
        ("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", False),
        ("dGhpcyBpcyBhIGJhc2U2NCBlbmNvZGVkIHN0cmluZw==", False),
        ("2024-03-02T10:11:12Z", False),
        ("1709374272", False),
        ("Priya", False),
        ("   ", False),
        ("def main():\n    x = load(path)\n    return x\n", False),
        ("if (x > 1) { y = f(x); }", False),
        ("const user = await db.find({ id });", False),
    ],
)
def test_is_free_text(text: str, expected: bool) -> None:
    assert is_free_text(text, ScanContext()) is expected


@pytest.mark.parametrize("flag", [True, False])
def test_is_free_text_honours_the_context(flag: bool) -> None:
    assert is_free_text("PROJ-1234", ScanContext(free_text=flag)) is flag
    assert is_free_text("Priya said hello to the team.", ScanContext(free_text=flag)) is flag


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_findings_stay_inside_any_text(ner: NerDetector, text: str) -> None:
    for f in _all(ner, text, ScanContext()):
        assert 0 <= f.start < f.end <= len(text)
