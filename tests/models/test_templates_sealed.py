"""The sealed PERSON set shares no template or key with any other set, and its gold is where its names are.

The other sets are read when the test runs (every tuple of strings in every other
``dlp.models.train.templates*`` module, FRESH included, plus whatever the recipe imports), so templates
added to TRAIN after SEALED was written are checked too. Nothing here runs a model or a detector on
SEALED: the set stays unmeasured until the build that reports it.
"""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from dlp.models.train.fill import ENTITY_SLOTS, MODEL_UNLABELLED, Example, Filler, fill
from dlp.models.train.hints_eval import Case, keyed_records, sealed_cases, sealed_records
from dlp.models.train.templates_sealed import SEALED, SEALED_OTHER_KEYS, SEALED_PERSON_KEYS
from tests.models.template_similarity import SLOT as _SLOT
from tests.models.template_similarity import near as _near
from tests.models.template_similarity import other_key_tails, other_template_sets
from tests.models.template_similarity import slots as _slots

SEALED_SLOTS = frozenset(
    {"person", "first", "last", "handle", "person2", "org", "loc", "date", "email"}
    | {"id", "num", "time", "phone", "url", "word", "sentence", "status", "prio", "team"}
    | {"product", "title", "drug", "mrn"}
    # name shapes and machine-printed values fill.py draws from shapes.py (no login: not labelled)
    | {"lastfirst", "uperson", "lperson", "first2", "handle2"}
    | {"amount", "role", "dept", "ip", "host", "path", "sha", "ver"}
)
#: sha256 of ``sealed_cases()`` as written. A change means the set moved and its scores no longer
#: compare; a Faker upgrade (pinned by the lock file) changes it too and needs a new baseline.
SEALED_HASH = "767b90eafb5c61f791af106e10443debcc76a29d04cad2fc884b27deac8f1a38"
#: ``{first} {last}`` and ``{last}, {first}`` are one PERSON span (``fill._merge_names``).
_NAME_PAIR = re.compile(r"\{(?:first|last)\}(?: |, )\{(?:first|last)\}")
_MARK = "§"


def _is_person_slot(slot: str) -> bool:
    return ENTITY_SLOTS.get(slot) == "PERSON" and slot not in MODEL_UNLABELLED


def _person_layout(template: str) -> re.Pattern[str]:
    """The template's text with every PERSON value as ``§`` and any other value as a wildcard."""
    merged = _NAME_PAIR.sub("{person}", template)
    parts: list[str] = []
    cursor = 0
    for match in _SLOT.finditer(merged):
        parts.append(re.escape(merged[cursor : match.start()]))
        parts.append(_MARK if _is_person_slot(match.group()[1:-1]) else ".+?")
        cursor = match.end()
    parts.append(re.escape(merged[cursor:]))
    return re.compile("".join(parts), re.DOTALL)


def _masked(example: Example) -> str:
    """The example's text with each PERSON gold span replaced by ``§``."""
    text = example.text
    for start, end, label in sorted(example.spans, reverse=True):
        if label == "PERSON":
            text = text[:start] + _MARK + text[end:]
    return text


def _hash_cases(cases: list[Case]) -> str:
    digest = hashlib.sha256()
    for value, ctx, gold in cases:
        row = [value, ctx.field_name, ctx.field_path_tail, [list(span) for span in gold]]
        digest.update(json.dumps(row, ensure_ascii=False).encode() + b"\n")
    return digest.hexdigest()


def test_other_sets_are_found_and_sealed_is_not_among_them() -> None:
    found = other_template_sets("templates_sealed")
    for name in ("templates.TRAIN", "templates.HELDOUT", "templates_blind.BLIND", "templates_fresh.FRESH"):
        assert any(key.endswith(name) for key in found), name
    assert not any(ts is SEALED for ts in found.values())  # hints_eval imports it
    tails = other_key_tails("templates_sealed")
    assert {"assignee.displayname", "requester.name", "creator.name", "team.name"} <= tails
    assert "attributes.cn" not in tails


def test_sealed_size() -> None:
    assert 75 <= len(SEALED) <= 90
    assert len(set(SEALED)) == len(SEALED)


def test_sealed_shares_no_template_with_other_sets() -> None:
    shared = {name: set(SEALED) & set(ts) for name, ts in other_template_sets("templates_sealed").items()}
    assert not {name: s for name, s in shared.items() if s}


def test_sealed_has_no_near_duplicate_of_other_sets() -> None:
    others = {t for ts in other_template_sets("templates_sealed").values() for t in ts}
    clashes = [(s, o) for s in SEALED for o in sorted(others) if _near(s, o)]
    assert not clashes


def test_sealed_templates_are_distinct_from_each_other() -> None:
    clashes = [(a, b) for i, a in enumerate(SEALED) for b in SEALED[i + 1 :] if _near(a, b)]
    assert not clashes


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Received by: {last}", "Received by: {first}"),
        (
            "{person} archived this conversation and tagged it billing-dispute",
            "{person} archived the conversation and tagged it billing-dispute",
        ),
    ],
)
def test_near_duplicate_check_catches_rewordings(a: str, b: str) -> None:
    assert _near(a, b)


def test_sealed_uses_only_the_slots_fill_supports() -> None:
    filler = Filler(7)
    for template in SEALED:
        assert set(_slots(template)) <= SEALED_SLOTS, template
        example = fill(template, filler)
        assert _SLOT.search(example.text) is None, template


def test_sealed_prices_precision_with_person_free_templates() -> None:
    negatives = [t for t in SEALED if not any(_is_person_slot(s) for s in _slots(t))]
    assert len(SEALED) // 6 <= len(negatives) <= len(SEALED) // 4


@pytest.mark.parametrize("template", SEALED)
def test_sealed_gold_spans_land_on_the_filled_names(template: str) -> None:
    layout = _person_layout(template)
    filler = Filler(13)
    for _ in range(6):
        example = fill(template, filler)
        people = [(s, e) for s, e, label in example.spans if label == "PERSON"]
        assert all(example.text[s:e] and example.text[s:e].strip() == example.text[s:e] for s, e in people)
        assert layout.fullmatch(_masked(example)), example.text


def test_gold_layout_check_rejects_a_shifted_span() -> None:
    example = fill("Received by: {last}", Filler(3))
    (start, end, label), *_ = example.spans
    shifted = Example(example.text, ((start - 1, end, label),), example.template)
    assert _person_layout(example.template).fullmatch(_masked(example))
    assert not _person_layout(example.template).fullmatch(_masked(shifted))


def test_sealed_keys_are_new_and_walker_shaped() -> None:
    person_tails = {tail for tail, _, _ in SEALED_PERSON_KEYS}
    other_tails = {tail for tail, _, _ in SEALED_OTHER_KEYS}
    assert len(person_tails) == len(SEALED_PERSON_KEYS) and len(other_tails) == len(SEALED_OTHER_KEYS)
    assert 28 <= len(person_tails) <= 36 and 16 <= len(other_tails) <= 24
    assert not (person_tails | other_tails) & other_key_tails("templates_sealed")
    assert not person_tails & other_tails
    for tail, name, _ in (*SEALED_PERSON_KEYS, *SEALED_OTHER_KEYS):
        # The walker lower-cases keys and keeps the two nearest; the field name is the last one.
        assert tail == tail.lower() and tail.split(".")[-1] == name and tail.count(".") == 1


@pytest.mark.parametrize("key", (*SEALED_PERSON_KEYS, *SEALED_OTHER_KEYS), ids=lambda k: k[0])
def test_every_sealed_value_kind_is_built(key: tuple[str, str, str]) -> None:
    for value, _, _ in keyed_records(4, 3, [key], [key]):
        assert value and value.strip() == value


def test_sealed_records_are_deterministic_and_labelled() -> None:
    first = sealed_records(60, 11)
    assert first == sealed_records(60, 11)
    assert all(len(gold) == 1 and gold[0] == (0, len(value)) for value, _, gold in first[::2])
    assert all(not gold for _, _, gold in first[1::2])
    assert all(value.strip() == value and value for value, _, _ in first)


def test_sealed_cases_are_deterministic_and_pinned() -> None:
    data = sealed_cases()
    assert len(data) == 1500 + 750
    for text, _, gold in data:
        for start, end in gold:
            assert 0 <= start < end <= len(text)
            assert text[start:end].strip() == text[start:end]
    assert _hash_cases(data) == _hash_cases(sealed_cases()) == SEALED_HASH
