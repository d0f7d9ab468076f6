"""The PERSON pattern rules in one list: what :class:`person_hints.PatternDetector` runs."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from dlp.classifiers import person_logs, person_mail, person_patterns, person_rows
from dlp.classifiers.name_gazetteer import Gazetteer
from dlp.classifiers.person_patterns import Hit

Rule = Callable[[str, Gazetteer], Iterator[Hit]]

#: Rules for names.
RULES: tuple[Rule, ...] = (
    *person_patterns.RULES,
    *person_mail.RULES,
    *person_logs.RULES,
    *person_rows.RULES,
)
#: Rules for logins written without an "@" (``closed by jsmith``); run only when logins count.
LOGIN_RULES: tuple[Rule, ...] = person_logs.LOGIN_RULES


def find_names(text: str, gazetteer: Gazetteer, logins: bool = True) -> list[Hit]:
    """Every name (and, if ``logins``, every bare login) the rules find; overlaps are left to the engine."""
    hits: list[Hit] = []
    for rule in (*RULES, *LOGIN_RULES) if logins else RULES:
        hits.extend(rule(text, gazetteer))
    return hits
