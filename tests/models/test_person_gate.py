"""The triggers of the PERSON pattern rules: true preconditions, and the gate changes no finding.

A rule skipped on a text where it would have found a name is a silent loss, so each rule's
trigger is checked against what the rule yields (ungated) on a varied sample: the dev corpus
texts and the slots the engine walks out of them, every text of the PERSON test tables, and generated
texts made of anchors and names.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlp.classifiers.name_gazetteer import Gazetteer
from dlp.classifiers.person_fields import _head_in, _singular
from dlp.classifiers.person_gate import ASCII_TWINS, GatedRule, RuleGate, needs, one_of, trigger_of, triggered
from dlp.classifiers.person_hints import GazetteerDetector
from dlp.classifiers.person_patterns import Hit
from dlp.classifiers.person_rules import find_names, rule_gate, rules_for
from dlp.walker import Walker

GAZ = Gazetteer.load()
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "dev.jsonl"
ALL_RULES = rules_for(logins=True)


def _table_modules() -> Iterator[ModuleType]:
    """The other PERSON test modules of this folder (their tables hold each rule's cases)."""
    for path in sorted(Path(__file__).parent.glob("test_person_*.py")):
        if path.stem != Path(__file__).stem:
            yield importlib.import_module(f"tests.models.{path.stem}")


def _table_texts(module: ModuleType) -> Iterator[str]:
    """Every string argument of the module's parametrized tests (their positive and negative cases)."""
    for test in vars(module).values():
        for mark in getattr(test, "pytestmark", []):
            if mark.name != "parametrize":
                continue
            for row in mark.args[1]:
                values = row.values if hasattr(row, "values") else row
                for value in values if isinstance(values, tuple) else (values,):
                    if isinstance(value, str):
                        yield value


def _sample() -> list[str]:
    """Every fifth dev corpus text, the slots the engine walks out of it, the PERSON test tables."""
    texts: list[str] = []
    walker = Walker(64)
    with CORPUS.open(encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if index % 5:
                continue
            text = json.loads(line)["text"]
            texts.append(text)
            slots, _media = walker.walk({"result": {"content": [{"type": "text", "text": text}]}})
            texts.extend(slot.text for slot in slots if slot.text != text)
    for module in _table_modules():
        for text in _table_texts(module):
            # Case variants try the caseless clauses ("CLOSED BY", "hi dana,").
            texts.extend((text, text.upper(), text.lower()))
    return list(dict.fromkeys(texts))


SAMPLE = _sample()


def _name(rule: object) -> str:
    return rule.name if isinstance(rule, GatedRule) else repr(rule)


@pytest.mark.parametrize("rule", [rule for rule in ALL_RULES if trigger_of(rule)], ids=_name)
def test_trigger_is_a_precondition_of_every_hit(rule: GatedRule) -> None:
    hit_texts = [text for text in SAMPLE if next(iter(rule(text, GAZ)), None) is not None]
    # A rule the sample never fires cannot have its trigger checked: give it rows in the tables.
    assert hit_texts, f"{_name(rule)} finds nothing in the sample"
    missed = [text[:80] for text in hit_texts if not triggered(rule, text)]
    assert missed == [], f"{_name(rule)} fires on texts without its trigger"


def _ungated(text: str, logins: bool) -> list[Hit]:
    return [hit for rule in rules_for(logins) for hit in rule(text, GAZ)]


@pytest.mark.parametrize("logins", [True, False])
def test_gated_rules_find_what_every_rule_finds(logins: bool) -> None:
    differing = [text[:80] for text in SAMPLE if find_names(text, GAZ, logins) != _ungated(text, logins)]
    assert differing == []


def test_hyperscan_gate_agrees_with_the_python_clauses() -> None:
    gate = rule_gate(logins=True)
    for text in SAMPLE:
        assert gate.candidates(text) == tuple(rule for rule in ALL_RULES if triggered(rule, text)), text[:80]


#: Pieces of anchors, names, separators and the letters Python's case-insensitive matching
#: equates with ASCII ones, for texts the rule tables do not spell out.
_PIECES = [
    "Hi ", "DEAR ", "Thanks, ", "Regards,\n", "From: ", "Cc: ", "[10:42] ", " wrote:", "Assignee: ",
    "reported by ", " said ", "@dlee ", "Signed-off-by: ", "<dana@example.org>",
    "dana@example.org (Dana Lee)", " by ", "user=", "User '", "'", '"', "Requester ", " approved ",
    " proposed ", ",", ";", "|", "\t", "\n", " ", ". ", "Dana", "Lee", "Priya", "Raghunathan", "ulrika",
    "granlund", "jsmith", "dana.lee", "your", "\u0130", "\u0131", "\u017f", "\u212a", "THANK\u017f ",
    "H\u0130 ", "U\u017fER=", "\u212aind regards,\n", "\n[\u0661\u0660:\u0664\u0662] ",
    "\uff11\uff10:\uff14\uff12 ",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_gate_changes_nothing_on_generated_texts(text: str) -> None:
    assert find_names(text, GAZ) == _ungated(text, logins=True)
    for rule in ALL_RULES:
        if next(iter(rule(text, GAZ)), None) is not None:
            assert triggered(rule, text), _name(rule)


def test_ascii_twins_are_all_the_letters_ignorecase_equates_with_ascii() -> None:
    every_char = "".join(chr(cp) for cp in range(128, sys.maxunicode + 1) if not 0xD800 <= cp < 0xE000)
    twins = {m.group(): "" for m in re.finditer(r"(?i)[a-z]", every_char)}
    for twin in twins:
        twins[twin] = next(c for c in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(f"(?i){c}", twin))
    assert twins == ASCII_TWINS


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("THANKS", True),
        ("THANK\u017f", True),  # long s: re.IGNORECASE matches it with "s"
        ("\u212aIND", True),  # Kelvin sign
        ("thanx", False),
    ],
)
def test_caseless_clause_follows_python_ignorecase(text: str, fires: bool) -> None:
    @needs(one_of("thanks", "kind", caseless=True))
    def rule(text: str, _g: Gazetteer) -> Iterator[Hit]:
        yield from ((m.start(), m.end(), 1.0, "x") for m in re.finditer(r"(?i)thanks|kind", text))

    gate = RuleGate([rule])
    assert (gate.candidates(text) == (rule,)) is fires
    assert bool(list(rule(text, GAZ))) is fires


@pytest.mark.parametrize(
    "text",
    [
        "[\u0661\u0660:\u0664\u0662] Dana Lee: can you cover?",  # \d matches Arabic-Indic digits
        "\uff11\uff10:\uff14\uff12 Dana Lee: can you cover?",  # and fullwidth ones
        "H\u0130 Dana,",  # a dotted capital I matches "i" under re.IGNORECASE
        "Thank\u017f Dana,\nU\u017fER=dlee",
    ],
)
def test_gate_keeps_hits_that_python_regex_semantics_allow(text: str) -> None:
    assert find_names(text, GAZ) == _ungated(text, logins=True) != []


def test_a_rule_without_a_trigger_runs_on_every_text() -> None:
    def bare(text: str, _g: Gazetteer) -> Iterator[Hit]:
        yield 0, 1, 1.0, "x"

    gated = needs(one_of("@"))(bare)
    gate = RuleGate([bare, gated])
    assert gate.candidates("") == (bare,)
    assert gate.candidates("a@b") == (bare, gated)


@pytest.mark.parametrize(
    "key",
    ["assignee", "hiring_managers", "emailaddress", "photo", "useragent", "orgs", "teams", "x", "", "abcd"],
)
def test_head_lookup_is_the_endswith_rule(key: str) -> None:
    heads = frozenset({"manager", "address", "team", "org", "agent", "abcd", "user"})
    forms = {key, _singular(key)}
    expected = any(f in heads or any(f.endswith(h) and len(h) >= 4 for h in heads) for f in forms)
    assert _head_in(key, heads) is expected


@pytest.mark.parametrize(("literals", "caseless"), [((), False), (("",), False), (("caf\u00e9",), True)])
def test_clauses_the_gate_cannot_follow_are_refused(literals: tuple[str, ...], caseless: bool) -> None:
    with pytest.raises(ValueError, match="trigger"):
        one_of(*literals, caseless=caseless)


def test_gazetteer_detector_lookups_are_the_gazetteers() -> None:
    # The detector keeps is_first/is_last as precomputed sets: they must follow the Gazetteer's rules.
    detector = GazetteerDetector(GAZ)
    known = sorted(GAZ.first | GAZ.last | GAZ.ambiguous | GAZ.common)[::7]
    words = [*known, "Dana", "STRASSE", "Stra\u00dfe"]
    assert [w for w in words if (w.casefold() in detector._first) != GAZ.is_first(w)] == []
    assert [w for w in words if (w.casefold() in detector._last) != GAZ.is_last(w)] == []
