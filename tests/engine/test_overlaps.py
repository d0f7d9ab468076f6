"""The overlap resolver: disjoint output, no remediated character uncovered, the strictest action
over a region, the most specific reading naming it, containers kept apart."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from dlp.decision import ACTION_STRENGTH, Action, FindingAction, TombstoneScope
from dlp.entities import DataClass, data_class_of
from dlp.findings import Finding
from dlp.overlaps import resolve, subsume

#: Detector -> specificity, as the engine ranks them: pattern rules over guesses.
RANKS = {
    "pci.iban": 1,
    "pci.credit_card": 1,
    "pii.street_address": 1,
    "pii.email_address": 1,
    "pii.phone_number": 1,
    "secrets.url_password": 1,
    "ner": 0,
    "person.gazetteer": 0,
}


def by_detector(item: FindingAction) -> int:
    return RANKS.get(item.finding.detector, 0)


def act(
    finding: Finding,
    action: Action = Action.ALLOW,
    rule: str = "r",
    keep_last: int = 4,
    scope: TombstoneScope = TombstoneScope.FIELD,
) -> FindingAction:
    return FindingAction(finding, action, rule, keep_last=keep_last, scope=scope)


@st.composite
def decided(draw: st.DrawFn) -> FindingAction:
    start = draw(st.integers(min_value=0, max_value=200))
    length = draw(st.integers(min_value=1, max_value=40))
    entity = draw(st.sampled_from(["US_SSN", "PHONE_NUMBER", "CREDIT_CARD", "PERSON", "SOURCE_CODE"]))
    score = draw(st.floats(min_value=0.01, max_value=1.0))
    finding = Finding.of(entity, start, start + length, score, draw(st.sampled_from(sorted(RANKS))))
    action = draw(st.sampled_from(list(Action)))
    return act(finding, action, keep_last=draw(st.integers(0, 6)))


def naming_order(item: FindingAction) -> tuple[int, bool, float, int]:
    finding = item.finding
    return (
        -by_detector(item),
        data_class_of(finding.entity) is DataClass.PII,
        -finding.score,
        -finding.length,
    )


def same_reading(left: Finding, right: Finding) -> bool:
    return (left.entity, left.detector, left.score) == (right.entity, right.detector, right.score)


def overlapping(left: Finding, right: Finding) -> bool:
    return left.start < right.end and right.start < left.end


def layer(items: list[FindingAction], containers: bool) -> list[FindingAction]:
    return [item for item in items if (item.finding.entity == "SOURCE_CODE") == containers]


@given(st.lists(decided(), max_size=40))
def test_each_layer_is_disjoint_and_sorted(items: list[FindingAction]) -> None:
    resolved = resolve(items, by_detector)
    for containers in (False, True):
        for left, right in itertools.pairwise(layer(resolved, containers)):
            assert left.finding.end <= right.finding.start
    assert resolved == sorted(resolved, key=lambda i: (i.finding.start, i.finding.end, i.finding.entity))


@given(st.lists(decided(), max_size=40))
def test_result_does_not_depend_on_input_order(items: list[FindingAction]) -> None:
    assert resolve(items, by_detector) == resolve(list(reversed(items)), by_detector)


@given(st.lists(decided(), max_size=40))
def test_every_remediated_character_is_covered_at_least_as_strictly(items: list[FindingAction]) -> None:
    resolved = resolve(items, by_detector)
    for containers in (False, True):
        out = layer(resolved, containers)
        for item in layer(items, containers):
            if item.action is Action.ALLOW:
                continue
            for index in range(item.finding.start, item.finding.end):
                cover = [o for o in out if o.finding.start <= index < o.finding.end]
                assert len(cover) == 1
                assert ACTION_STRENGTH[cover[0].action] >= ACTION_STRENGTH[item.action]
                if cover[0].action is item.action is Action.MASK:
                    assert cover[0].keep_last <= item.keep_last


@given(st.lists(decided(), max_size=40))
def test_nothing_is_remediated_beyond_what_was_found(items: list[FindingAction]) -> None:
    resolved = resolve(items, by_detector)
    for containers in (False, True):
        found = [i.finding for i in layer(items, containers) if i.action is not Action.ALLOW]
        for out in layer(resolved, containers):
            if out.action is Action.ALLOW:
                assert out in items, "an allowed reading is kept as found"
                assert not any(overlapping(out.finding, f) for f in found)
                continue
            for index in range(out.finding.start, out.finding.end):
                assert any(f.start <= index < f.end for f in found)


@given(st.lists(decided(), min_size=1, max_size=40))
def test_a_region_is_named_by_its_most_specific_reading(items: list[FindingAction]) -> None:
    for out in resolve(items, by_detector):
        members = [
            i
            for i in items
            if i.action is not Action.ALLOW
            and (i.finding.entity == "SOURCE_CODE") == (out.finding.entity == "SOURCE_CODE")
            and overlapping(i.finding, out.finding)
        ]
        if out.action is Action.ALLOW or not members:
            continue
        assert out.action is max((i.action for i in members), key=ACTION_STRENGTH.__getitem__)
        # The most specific reading names the region, whatever the actions.
        best = min(naming_order(i) for i in members)
        assert any(naming_order(i) == best and same_reading(i.finding, out.finding) for i in members)


def test_among_allowed_readings_the_more_specific_then_the_higher_score_wins() -> None:
    card = act(Finding.of("CREDIT_CARD", 0, 19, 0.99, "pci.credit_card"))
    phone = act(Finding.of("PHONE_NUMBER", 5, 14, 0.6, "ner"))
    assert resolve([phone, card], by_detector) == [card]
    bic = act(Finding.of("SWIFT_BIC", 0, 8, 0.6, "pci.iban"))
    org = act(Finding.of("ORGANIZATION", 0, 8, 0.85, "ner"))
    assert resolve([org, bic], by_detector) == [bic]
    short = act(Finding.of("US_SSN", 0, 9, 0.8, "x"))
    long = act(Finding.of("US_ITIN", 0, 11, 0.8, "y"))
    assert resolve([short, long]) == [long]


def test_a_name_inside_an_address_leaves_no_part_of_the_address_in_clear() -> None:
    # "Ronda de María Jesús Bayón 12, 28001 Madrid": NER reads a PERSON inside, with a higher
    # score; in health context the policy redacts both.
    address = Finding.of("STREET_ADDRESS", 0, 40, 0.75, "pii.street_address")
    person = Finding.of("PERSON", 9, 26, 0.85, "ner")
    settled = resolve(
        [act(person, Action.REDACT, "health"), act(address, Action.REDACT, "addr")], by_detector
    )
    assert settled == [act(address, Action.REDACT, "addr")]


def test_a_stricter_guess_over_an_iban_keeps_the_iban_label_and_the_stricter_action() -> None:
    iban = Finding.of("IBAN_CODE", 10, 32, 0.95, "pci.iban")
    person = Finding.of("PERSON", 4, 18, 0.99, "ner")
    settled = resolve([act(iban, Action.MASK, "bank"), act(person, Action.REDACT, "health")], by_detector)
    region = Finding.of("IBAN_CODE", 4, 32, 0.95, "pci.iban")
    assert settled == [act(region, Action.REDACT, "health")]


def test_between_pattern_rules_a_credential_or_payment_reading_names_the_region() -> None:
    # A password in a URL also reads as an e-mail address with a higher score; an IBAN's digits
    # read as a phone number that health context raised to PHI and the policy redacts.
    password = Finding.of("SECRET", 17, 25, 0.8, "secrets.url_password")
    email = Finding.of("EMAIL_ADDRESS", 17, 45, 0.85, "pii.email_address")
    settled = resolve([act(email, Action.HASH), act(password, Action.REDACT, "secrets")], by_detector)
    region = Finding.of("SECRET", 17, 45, 0.8, "secrets.url_password")
    assert settled == [act(region, Action.REDACT, "secrets")]
    iban = Finding.of("IBAN_CODE", 0, 22, 0.9, "pci.iban")
    phone = Finding.of("PHONE_NUMBER", 10, 22, 0.95, "pii.phone_number")
    settled = resolve([act(iban, Action.MASK), act(phone, Action.REDACT, "health")], by_detector)
    assert settled == [act(iban, Action.REDACT, "health")]


def test_an_allowed_reading_never_uncovers_a_remediated_one() -> None:
    address = Finding.of("STREET_ADDRESS", 0, 30, 0.75, "pii.street_address")
    town = Finding.of("LOCATION", 24, 30, 0.85, "ner")
    person = Finding.of("PERSON", 0, 9, 0.9, "ner")
    readings = [act(address, Action.REDACT), act(town), act(person)]
    assert resolve(readings, by_detector) == [act(address, Action.REDACT)]


def test_equal_actions_keep_the_one_that_hides_more() -> None:
    card = Finding.of("CREDIT_CARD", 0, 19, 0.99, "pci.credit_card")
    phone = Finding.of("PHONE_NUMBER", 10, 19, 0.6, "pii.phone_number")
    settled = resolve(
        [act(card, Action.MASK, "card", keep_last=4), act(phone, Action.MASK, "ph", keep_last=2)]
    )
    assert [(s.finding.entity, s.rule_id, s.keep_last) for s in settled] == [("CREDIT_CARD", "ph", 2)]
    field = act(card, Action.TOMBSTONE, "field")
    response = act(phone, Action.TOMBSTONE, "response", scope=TombstoneScope.RESPONSE)
    assert [s.scope for s in resolve([field, response])] == [TombstoneScope.RESPONSE]


def test_container_and_inner_secret_are_both_kept() -> None:
    code = act(Finding.of("SOURCE_CODE", 0, 100, 0.7, "source_code"), Action.REDACT)
    secret = act(Finding.of("SECRET", 10, 30, 0.99, "secrets.aws"), Action.REDACT)
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
