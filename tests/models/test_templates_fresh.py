"""The fresh PERSON set shares no template or key with any set the model or the hints were shaped on.

The training templates are read when the test runs (every tuple of strings in every
``dlp.models.train.templates*`` module, plus whatever the recipe imports), so templates added to TRAIN
after FRESH was written are checked too. Nothing here runs a model or a detector on FRESH.
"""

from __future__ import annotations

from typing import Any

import pytest

from dlp.models.train import card
from dlp.models.train.fill import ENTITY_SLOTS, Filler, fill
from dlp.models.train.hints_eval import fresh_cases, fresh_records, keyed_records
from dlp.models.train.templates_fresh import FRESH, FRESH_OTHER_KEYS, FRESH_PERSON_KEYS
from tests.models.template_similarity import SLOT as _SLOT
from tests.models.template_similarity import near as _near
from tests.models.template_similarity import other_key_tails, other_template_sets
from tests.models.template_similarity import slots as _slots

FRESH_SLOTS = frozenset(
    {"person", "first", "last", "handle", "person2", "org", "loc", "date", "email"}
    | {"id", "num", "time", "phone", "url", "word", "sentence", "status", "prio", "team"}
    | {"product", "title", "drug", "mrn"}
)


def _template_sets() -> dict[str, tuple[str, ...]]:
    """Named template tuples of the other modules, as they are at run time."""
    return other_template_sets("templates_fresh")


def _other_tails() -> set[str]:
    """Field path tails of every other set's key lists (person keys and the rest)."""
    return other_key_tails("templates_fresh")


def test_other_sets_are_found() -> None:
    found = _template_sets()
    for name in ("templates.TRAIN", "templates.HELDOUT", "templates_blind.BLIND", "prepare.TRAIN"):
        assert any(key.endswith(name) for key in found), name
    assert {"assignee.displayname", "requester.name", "organization.name"} <= _other_tails()


def test_fresh_size() -> None:
    assert 70 <= len(FRESH) <= 90
    assert len(set(FRESH)) == len(FRESH)


def test_fresh_shares_no_template_with_other_sets() -> None:
    shared = {name: set(FRESH) & set(ts) for name, ts in _template_sets().items()}
    assert not {name: s for name, s in shared.items() if s}


def test_fresh_has_no_near_duplicate_of_other_sets() -> None:
    others = {t for ts in _template_sets().values() for t in ts}
    clashes = [(f, o) for f in FRESH for o in sorted(others) if _near(f, o)]
    assert not clashes


def test_fresh_templates_are_distinct_from_each_other() -> None:
    clashes = [(a, b) for i, a in enumerate(FRESH) for b in FRESH[i + 1 :] if _near(a, b)]
    assert not clashes


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Owner: {person2}", "Owner: {person}"),
        (
            "{person} moved {id} from Triage to Backlog",
            "{person} moved {id} from Triage into Backlog",
        ),
    ],
)
def test_near_duplicate_check_catches_rewordings(a: str, b: str) -> None:
    assert _near(a, b)


def test_fresh_uses_only_the_slots_fill_supports() -> None:
    filler = Filler(7)
    for template in FRESH:
        assert set(_slots(template)) <= FRESH_SLOTS, template
        for slot in _slots(template):
            if slot not in ENTITY_SLOTS and slot != "email":
                filler.plain(slot)  # KeyError for a slot fill.py does not know
        example = fill(template, filler)
        assert _SLOT.search(example.text) is None


def test_fresh_prices_precision_with_person_free_templates() -> None:
    negatives = [t for t in FRESH if "PERSON" not in {ENTITY_SLOTS.get(s) for s in _slots(t)}]
    assert len(FRESH) // 6 <= len(negatives) <= len(FRESH) // 4


def test_fresh_keys_are_new_and_walker_shaped() -> None:
    person_tails = {tail for tail, _, _ in FRESH_PERSON_KEYS}
    other_tails = {tail for tail, _, _ in FRESH_OTHER_KEYS}
    assert len(person_tails) == len(FRESH_PERSON_KEYS) and len(other_tails) == len(FRESH_OTHER_KEYS)
    assert not (person_tails | other_tails) & _other_tails()
    assert not person_tails & other_tails
    for tail, name, _ in (*FRESH_PERSON_KEYS, *FRESH_OTHER_KEYS):
        # The walker lower-cases keys and keeps the two nearest; the field name is the last one.
        assert tail == tail.lower() and tail.split(".")[-1] == name and tail.count(".") == 1


@pytest.mark.parametrize("key", (*FRESH_PERSON_KEYS, *FRESH_OTHER_KEYS), ids=lambda k: k[0])
def test_every_fresh_value_kind_is_built(key: tuple[str, str, str]) -> None:
    for value, _, _ in keyed_records(4, 3, [key], [key]):
        assert value and value.strip() == value


def test_fresh_records_are_deterministic_and_labelled() -> None:
    first = fresh_records(60, 11)
    assert first == fresh_records(60, 11)
    assert all(len(gold) == 1 for _, _, gold in first[::2])
    assert all(not gold for _, _, gold in first[1::2])
    assert all(value.strip() == value and value for value, _, _ in first)


def test_fresh_cases_shape() -> None:
    data = fresh_cases()
    assert len(data) == 1500 + 750
    for text, _, gold in data:
        for start, end in gold:
            assert 0 <= start < end <= len(text)
            assert text[start:end].strip() == text[start:end]


def _placeholder_result() -> dict[str, Any]:
    """The shape ``card.render`` reads, every number zero (a layout check, not a measurement)."""
    prf = {"p": 0.0, "r": 0.0, "f": 0.0}
    ablation = {"cases": 0, "gold_person": 0, **{s: prf for s in ("model", "+field names")}}
    ablation.update({"+gazetteer": prf, "+patterns": prf})
    scores: dict[str, Any] = {key: {"docs": 0, "per_type": {}} for key in card.TITLES}
    scores.update(
        {
            "person_hints_ablation": ablation,
            "person_hints_ablation_blind": ablation,
            "person_hints_ablation_fresh": ablation,
            "person_hints_ablation_dev2": ablation,
            "person_hints_ablation_sealed": ablation,
            "corpora_test_person_with_hints": {"gold_person": 0, **ablation},
            "speed": {"words_per_second_1_thread": 0.0},
        }
    )
    timings = {"prepare_s": 0.0, "train_s": 0.0, "evaluate_s": 0.0}
    return {"scores": scores, "size_bytes": 0, "timings": timings}


def test_card_renders_the_fresh_and_sealed_tables() -> None:
    text = card.render(_placeholder_result())
    assert "**fresh** tool-output set" in text
    assert "had not seen any error analysis; its errors guided" in text
    assert "**sealed** tool-output set" in text
    assert "ran nothing on it; first measured with the model of this build" in text
    assert "**dev2** tool-output set" in text
    assert text.count("| detectors | precision | recall | F1 |") == 5
