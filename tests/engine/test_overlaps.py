"""The overlap resolver: disjoint output, deterministic winners, containers kept apart."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from dlp.decision import Action, FindingAction
from dlp.findings import Finding
from dlp.overlaps import resolve, subsume


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    start = draw(st.integers(min_value=0, max_value=200))
    length = draw(st.integers(min_value=1, max_value=40))
    entity = draw(st.sampled_from(["US_SSN", "PHONE_NUMBER", "CREDIT_CARD", "PERSON", "SOURCE_CODE"]))
    score = draw(st.floats(min_value=0.01, max_value=1.0))
    return Finding.of(entity, start, start + length, score, draw(st.sampled_from(["a", "b", "c"])))


@given(st.lists(findings(), max_size=40))
def test_values_are_disjoint_and_sorted(items: list[Finding]) -> None:
    resolved = resolve(items)
    values = [f for f in resolved if f.entity != "SOURCE_CODE"]
    for left, right in itertools.pairwise(values):
        assert left.end <= right.start
    assert resolved == sorted(resolved, key=lambda f: (f.start, f.end, f.entity))
    assert all(f in items for f in resolved)


@given(st.lists(findings(), max_size=40))
def test_result_does_not_depend_on_input_order(items: list[Finding]) -> None:
    assert resolve(items) == resolve(list(reversed(items)))


@given(st.lists(findings(), min_size=1, max_size=40))
def test_every_dropped_value_lost_to_a_stronger_overlapping_one(items: list[Finding]) -> None:
    kept = resolve(items)
    for finding in items:
        if finding in kept or finding.entity == "SOURCE_CODE":
            continue
        rivals = [
            k for k in kept if k.entity != "SOURCE_CODE" and k.start < finding.end and finding.start < k.end
        ]
        assert rivals, "a finding was dropped without an overlapping winner"
        assert any(
            (k.score, k.length) >= (finding.score, finding.length) or k.score > finding.score for k in rivals
        )


def test_higher_score_wins_then_longer() -> None:
    card = Finding.of("CREDIT_CARD", 0, 19, 0.99, "pci.card")
    phone = Finding.of("PHONE_NUMBER", 5, 14, 0.6, "pii.phone")
    assert resolve([phone, card]) == [card]
    short = Finding.of("US_SSN", 0, 9, 0.8, "x")
    long = Finding.of("US_ITIN", 0, 11, 0.8, "y")
    assert resolve([short, long]) == [long]


def test_container_and_inner_secret_are_both_kept() -> None:
    code = Finding.of("SOURCE_CODE", 0, 100, 0.7, "source_code")
    secret = Finding.of("SECRET", 10, 30, 0.99, "secrets.aws")
    assert resolve([code, secret]) == [code, secret]


def test_remediated_container_swallows_inner_actions() -> None:
    code = Finding.of("SOURCE_CODE", 0, 100, 0.7, "source_code")
    secret = Finding.of("SECRET", 10, 30, 0.99, "secrets.aws")
    tail = Finding.of("EMAIL_ADDRESS", 120, 130, 0.9, "pii.email")
    inner = FindingAction(secret, Action.REDACT, "r1")
    outer = FindingAction(tail, Action.REDACT, "r1")
    assert subsume([FindingAction(code, Action.TOMBSTONE, "r2"), inner, outer]) == [
        FindingAction(code, Action.TOMBSTONE, "r2"),
        outer,
    ]
    assert subsume([FindingAction(code, Action.ALLOW, "r2"), inner, outer]) == [inner, outer]


def test_the_more_protective_reading_wins_an_overlap() -> None:
    address = Finding.of("STREET_ADDRESS", 0, 30, 0.75, "pii.street_address_germanic")
    town = Finding.of("LOCATION", 24, 30, 0.85, "ner")
    person = Finding.of("PERSON", 0, 9, 0.9, "ner")
    redacts = {"STREET_ADDRESS": 4}
    assert resolve([address, town, person]) == [person, town], "by score alone the address loses"
    assert resolve([address, town, person], strength=lambda f: redacts.get(f.entity, 0)) == [address]


@given(
    st.lists(findings(), max_size=30),
    st.dictionaries(st.sampled_from(["US_SSN", "PERSON"]), st.integers(0, 6)),
)
def test_strength_outranks_score(items: list[Finding], strengths: dict[str, int]) -> None:
    def strength(f: Finding) -> int:
        return strengths.get(f.entity, 0)

    kept = resolve(items, strength=strength)
    for finding in items:
        if finding in kept or finding.entity == "SOURCE_CODE":
            continue
        rivals = [
            k for k in kept if k.entity != "SOURCE_CODE" and k.start < finding.end and finding.start < k.end
        ]
        assert any(strength(k) >= strength(finding) for k in rivals)
