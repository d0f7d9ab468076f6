"""The blind PERSON set shares no template or key with the sets the model and hints were shaped on."""

from __future__ import annotations

import pytest

from dlp.models.train.fill import ENTITY_SLOTS, Filler, fill
from dlp.models.train.hints_eval import OTHER_KEYS, PERSON_KEYS, blind_cases, blind_records
from dlp.models.train.templates import HELDOUT, TRAIN
from dlp.models.train.templates_blind import BLIND, BLIND_OTHER_KEYS, BLIND_PERSON_KEYS
from tests.models.template_similarity import SLOT as _SLOT
from tests.models.template_similarity import near as _near
from tests.models.template_similarity import slots as _slots


def test_blind_size() -> None:
    assert 60 <= len(BLIND) <= 80
    assert len(set(BLIND)) == len(BLIND)


def test_blind_shares_no_template_with_train_or_heldout() -> None:
    assert not set(BLIND) & (set(TRAIN) | set(HELDOUT))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Assignee: {person2}", "Assignee: {person}"),
        ("assignee - {first}", "Assignee: {person}"),
        (
            "Reassigning {id} to {person} because {first} owns the {team} backlog.",
            "Reassigning {id} to {person} since {first} owns the {team} backlog.",
        ),
    ],
)
def test_near_duplicate_check_catches_rewordings(a: str, b: str) -> None:
    assert _near(a, b)


def test_blind_has_no_near_duplicate_of_train_or_heldout() -> None:
    clashes = [(b, o) for b in BLIND for o in (*TRAIN, *HELDOUT) if _near(b, o)]
    assert not clashes


def test_blind_uses_only_the_slots_fill_supports() -> None:
    filler = Filler(7)
    for template in BLIND:
        for slot in _slots(template):
            if slot not in ENTITY_SLOTS and slot != "email":
                filler.plain(slot)  # KeyError for a slot fill.py does not know
        example = fill(template, filler)
        assert _SLOT.search(example.text) is None


def test_blind_prices_precision_with_person_free_templates() -> None:
    negatives = [t for t in BLIND if not {ENTITY_SLOTS.get(s) for s in _slots(t)} & {"PERSON"}]
    assert len(negatives) >= len(BLIND) // 6


def test_blind_keys_are_new_and_walker_shaped() -> None:
    person_tails = {tail for tail, _, _ in BLIND_PERSON_KEYS}
    other_tails = {tail for tail, _, _ in BLIND_OTHER_KEYS}
    assert not person_tails & {tail for tail, _ in PERSON_KEYS}
    assert not other_tails & {tail for tail, _ in OTHER_KEYS}
    assert not person_tails & other_tails
    for tail, name, _ in (*BLIND_PERSON_KEYS, *BLIND_OTHER_KEYS):
        # The walker lower-cases keys and keeps the two nearest; the field name is the last one.
        assert tail == tail.lower() and tail.split(".")[-1] == name and tail.count(".") == 1


def test_blind_records_are_deterministic_and_labelled() -> None:
    first = blind_records(60, 11)
    assert first == blind_records(60, 11)
    assert all(len(gold) == 1 for _, _, gold in first[::2])
    assert all(not gold for _, _, gold in first[1::2])
    assert all(value.strip() == value and value for value, _, _ in first)


def test_blind_cases_shape() -> None:
    data = blind_cases()
    assert len(data) == 1500 + 750
    for text, _, gold in data:
        for start, end in gold:
            assert 0 <= start < end <= len(text)
            assert text[start:end].strip() == text[start:end]
