"""The second development PERSON set shares no template or key with any other set, and its gold is where
its names are.

The other sets are read when the test runs (every tuple of strings in every other
``dlp.models.train.templates*`` module, SEALED included, plus whatever the recipe imports), so a set
written after DEV2 is checked too. Nothing here runs a model or a detector on DEV2. The layout, mask and
hash helpers are the sealed test's, so that both sets are held to one definition of "gold on the name".
"""

from __future__ import annotations

import pytest

from dlp.models.train.fill import Filler, fill
from dlp.models.train.hints_eval import dev2_cases, dev2_records, keyed_records
from dlp.models.train.templates_dev2 import DEV2, DEV2_OTHER_KEYS, DEV2_PERSON_KEYS
from dlp.models.train.templates_sealed import SEALED
from tests.models.template_similarity import SLOT as _SLOT
from tests.models.template_similarity import near as _near
from tests.models.template_similarity import other_key_tails, other_template_sets
from tests.models.template_similarity import slots as _slots
from tests.models.test_templates_sealed import (
    SEALED_SLOTS,
    _hash_cases,
    _is_person_slot,
    _masked,
    _person_layout,
)

#: DEV2 is modelled on SEALED and fills the same slots.
DEV2_SLOTS = SEALED_SLOTS
#: sha256 of ``dev2_cases()`` as written. A change means the set moved and its scores no longer
#: compare; a Faker upgrade (pinned by the lock file) changes it too and needs a new baseline.
DEV2_HASH = "5419892036d1900886100dca201754621b9ea21b85df5e86d0ebca5015dad09c"


def test_other_sets_are_found_and_dev2_is_not_among_them() -> None:
    found = other_template_sets("templates_dev2")
    for name in ("templates.TRAIN", "templates.HELDOUT", "templates_blind.BLIND", "templates_fresh.FRESH"):
        assert any(key.endswith(name) for key in found), name
    assert any(ts is SEALED for ts in found.values())
    assert not any(ts is DEV2 for ts in found.values())  # hints_eval imports it
    tails = other_key_tails("templates_dev2")
    assert {"assignee.displayname", "attributes.cn", "requester.name", "team.name"} <= tails
    assert "merge_user.name" not in tails


def test_dev2_size() -> None:
    assert 75 <= len(DEV2) <= 90
    assert len(set(DEV2)) == len(DEV2)


def test_dev2_shares_no_template_with_other_sets() -> None:
    shared = {name: set(DEV2) & set(ts) for name, ts in other_template_sets("templates_dev2").items()}
    assert not {name: s for name, s in shared.items() if s}


def test_dev2_has_no_near_duplicate_of_other_sets() -> None:
    others = {t for ts in other_template_sets("templates_dev2").values() for t in ts}
    clashes = [(d, o) for d in DEV2 for o in sorted(others) if _near(d, o)]
    assert not clashes


def test_dev2_templates_are_distinct_from_each_other() -> None:
    clashes = [(a, b) for i, a in enumerate(DEV2) for b in DEV2[i + 1 :] if _near(a, b)]
    assert not clashes


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Solved by {first} in post #{num}", "Solved by {handle} in post #{num}"),
        (
            "Hold ready for pickup for {uperson} at {loc} branch until {date}",
            "Hold is ready for pickup for {uperson} at the {loc} branch until {date}",
        ),
    ],
)
def test_near_duplicate_check_catches_rewordings(a: str, b: str) -> None:
    assert _near(a, b)


def test_dev2_uses_only_the_slots_fill_supports() -> None:
    filler = Filler(7)
    for template in DEV2:
        assert set(_slots(template)) <= DEV2_SLOTS, template
        example = fill(template, filler)
        assert _SLOT.search(example.text) is None, template


def test_dev2_prices_precision_with_person_free_templates() -> None:
    negatives = [t for t in DEV2 if not any(_is_person_slot(s) for s in _slots(t))]
    assert len(DEV2) // 6 <= len(negatives) <= len(DEV2) // 4


@pytest.mark.parametrize("template", DEV2)
def test_dev2_gold_spans_land_on_the_filled_names(template: str) -> None:
    layout = _person_layout(template)
    filler = Filler(17)
    for _ in range(6):
        example = fill(template, filler)
        people = [(s, e) for s, e, label in example.spans if label == "PERSON"]
        assert all(example.text[s:e] and example.text[s:e].strip() == example.text[s:e] for s, e in people)
        assert layout.fullmatch(_masked(example)), example.text


def test_dev2_keys_are_new_and_walker_shaped() -> None:
    person_tails = {tail for tail, _, _ in DEV2_PERSON_KEYS}
    other_tails = {tail for tail, _, _ in DEV2_OTHER_KEYS}
    assert len(person_tails) == len(DEV2_PERSON_KEYS) and len(other_tails) == len(DEV2_OTHER_KEYS)
    assert 28 <= len(person_tails) <= 36 and 16 <= len(other_tails) <= 24
    assert not (person_tails | other_tails) & other_key_tails("templates_dev2")
    assert not person_tails & other_tails
    for tail, name, _ in (*DEV2_PERSON_KEYS, *DEV2_OTHER_KEYS):
        # The walker lower-cases keys and keeps the two nearest; the field name is the last one.
        assert tail == tail.lower() and tail.split(".")[-1] == name and tail.count(".") == 1


@pytest.mark.parametrize("key", (*DEV2_PERSON_KEYS, *DEV2_OTHER_KEYS), ids=lambda k: k[0])
def test_every_dev2_value_kind_is_built(key: tuple[str, str, str]) -> None:
    for value, _, _ in keyed_records(4, 3, [key], [key]):
        assert value and value.strip() == value


def test_dev2_records_are_deterministic_and_labelled() -> None:
    first = dev2_records(60, 11)
    assert first == dev2_records(60, 11)
    assert all(len(gold) == 1 and gold[0] == (0, len(value)) for value, _, gold in first[::2])
    assert all(not gold for _, _, gold in first[1::2])
    assert all(value.strip() == value and value for value, _, _ in first)


def test_dev2_cases_are_deterministic_and_pinned() -> None:
    data = dev2_cases()
    assert len(data) == 1500 + 750
    for text, _, gold in data:
        for start, end in gold:
            assert 0 <= start < end <= len(text)
            assert text[start:end].strip() == text[start:end]
    assert _hash_cases(data) == _hash_cases(dev2_cases()) == DEV2_HASH
