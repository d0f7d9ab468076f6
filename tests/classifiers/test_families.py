"""The pii, pci and phi families as a whole: canonical names, hyperscan build, ReDoS guard."""

from __future__ import annotations

import time

import pytest

from dlp.classifiers import pci, phi, pii
from dlp.classifiers.patterns import PatternRule
from dlp.entities import is_known
from tests.classifiers.helpers import scanner

RULES: tuple[PatternRule, ...] = pii.RULES + pci.RULES + phi.RULES

# Inputs that make a backtracking engine explode on nested or overlapping quantifiers.
ADVERSARIAL = [
    "1" * 5000,
    "1 " * 3000,
    "1-" * 3000,
    "1." * 3000,
    "a1:" * 2000,
    "ab:" * 2000,
    "A" * 5000,
    "A1" * 3000,
    "Aaaa " * 1500,
    "1 Aaaa " * 1000,
    "a@" + "a." * 2000,
    "a" * 3000 + "@" + "b-" * 1000,
    "+1 (" * 1500,
    "%B" + "1" * 3000 + "^",
    ";" + "1" * 3000 + "=",
    "0x" + "f" * 5000,
    "bc1" + "q" * 5000,
]


def test_rule_names_are_unique_and_entities_canonical() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))
    assert all(is_known(rule.entity) for rule in RULES)
    assert all(all(word == word.lower() for word in rule.context) for rule in RULES)


def test_every_rule_compiles_into_the_hyperscan_prefilter() -> None:
    assert scanner().candidate_rules("") == []
    # No rule fell back to "run on every text" because hyperscan rejected it.
    assert scanner()._always_run == ()


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:8]))
def test_no_rule_backtracks_catastrophically(text: str) -> None:
    started = time.perf_counter()
    for rule in RULES:
        for _ in rule.compiled.finditer(text):
            pass
    # Generous bound: linear scans of these inputs take milliseconds; ReDoS takes minutes.
    assert time.perf_counter() - started < 10.0
