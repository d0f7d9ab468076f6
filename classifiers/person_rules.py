"""The PERSON pattern rules in one list: what :class:`person_hints.PatternDetector` runs.

A rule runs on a text only when its trigger (see :mod:`person_gate`) is present; one hyperscan
pass per text finds the triggers of every rule.
"""

from __future__ import annotations

import functools

from dlp.classifiers import (
    person_formats,
    person_lines,
    person_logs,
    person_mail,
    person_patterns,
    person_rows,
)
from dlp.classifiers.name_gazetteer import Gazetteer
from dlp.classifiers.person_gate import Hit, Rule, RuleGate

__all__ = ["LOGIN_RULES", "RULES", "Rule", "find_names", "rule_gate", "rules_for"]

#: Rules for names.
RULES: tuple[Rule, ...] = (
    *person_patterns.RULES,
    *person_mail.RULES,
    *person_logs.RULES,
    *person_rows.RULES,
    *person_formats.RULES,
    *person_lines.RULES,
)
#: Rules for logins written without an "@" (``closed by jsmith``); run only when logins count.
LOGIN_RULES: tuple[Rule, ...] = (
    *person_logs.LOGIN_RULES,
    *person_formats.LOGIN_RULES,
    *person_lines.LOGIN_RULES,
)


def rules_for(logins: bool) -> tuple[Rule, ...]:
    """The rules :func:`find_names` runs, in order."""
    return (*RULES, *LOGIN_RULES) if logins else RULES


@functools.cache
def rule_gate(logins: bool) -> RuleGate:
    """The gate over ``rules_for(logins)``, compiled once (hyperscan) and shared: it is thread-safe."""
    return RuleGate(rules_for(logins))


def find_names(text: str, gazetteer: Gazetteer, logins: bool = True) -> list[Hit]:
    """Every name (and, if ``logins``, every bare login) the rules find; overlaps are left to the engine."""
    hits: list[Hit] = []
    for rule in rule_gate(logins).candidates(text):
        hits.extend(rule(text, gazetteer))
    return hits
