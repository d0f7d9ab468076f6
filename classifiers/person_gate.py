r"""Triggers of the PERSON pattern rules: which rules can fire on a text, from one hyperscan pass.

Each rule reads names next to an anchor (``wrote:``, ``@``, ``Dear``, ``closed by``, a delimiter)
and most texts the engine sends are short JSON values that hold none. Running every rule's
regexes over every slot cost more than the rules' work on the slots that have an anchor, so a
rule declares the literals its anchor cannot do without, and :class:`RuleGate` looks for all of
them in one pass and runs only the rules whose trigger is present.

A new rule either declares its trigger, ``@needs(one_of(":"), one_of("from", "to", caseless=True))``
(every clause must hold: here a colon and one of the words), or is left undecorated and runs on
every text. A trigger must be a true precondition: every hit the rule yields implies each clause
(a looser trigger only costs speed; a tighter one loses names). Mind what the rule's regex
matches besides the literal you see: ``\d`` matches Arabic-Indic digits, ``(?i)`` also matches
the letters of :data:`ASCII_TWINS`, which caseless clauses account for.
``tests/models/test_person_gate.py`` checks each trigger against the rule's hits on a sample of
the dev corpus and on every text of the ``tests/models/test_person_*.py`` tables.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import hyperscan

from dlp.classifiers.name_gazetteer import Gazetteer
from dlp.classifiers.scanner import thread_scratch

#: (start, end, score, kind) of one name a rule found.
Hit = tuple[int, int, float, str]
#: A rule: every name it finds in a text.
Rule = Callable[[str, Gazetteer], Iterator[Hit]]

#: Non-ASCII letters that ``re.IGNORECASE`` matches against an ASCII letter (dotless i against "i").
ASCII_TWINS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
_TWIN_TABLE = str.maketrans(ASCII_TWINS)
_HAS_TWIN = re.compile("[" + "".join(ASCII_TWINS) + "]")


@dataclass(frozen=True)
class Clause:
    """At least one of ``literals`` occurs in the text (ignoring ASCII case if ``caseless``)."""

    literals: tuple[str, ...]
    caseless: bool = False

    def present(self, text: str) -> bool:
        """Whether the clause holds for ``text`` (the slow reference :class:`RuleGate` must agree with)."""
        if self.caseless:
            folded = text.translate(_TWIN_TABLE).lower()
            return any(literal.lower() in folded for literal in self.literals)
        return any(literal in text for literal in self.literals)

    def __post_init__(self) -> None:
        if not self.literals or not all(self.literals):
            raise ValueError("a trigger clause needs non-empty literals")
        if self.caseless and not all(literal.isascii() for literal in self.literals):
            # hyperscan folds ASCII case only; re.IGNORECASE folds every script.
            raise ValueError("caseless trigger literals must be ASCII")

    def expression(self) -> bytes:
        """The clause as a hyperscan expression over UTF-8 bytes."""
        return b"|".join(_escaped(literal) for literal in self.literals)


def _escaped(literal: str) -> bytes:
    # Letters and digits stay as they are (so that the caseless flag applies to them); every
    # other byte, multi-byte UTF-8 included, is written as \xHH.
    return b"".join(
        bytes([byte]) if byte < 128 and chr(byte).isalnum() else b"\\x%02x" % byte
        for byte in literal.encode("utf-8")
    )


def one_of(*literals: str, caseless: bool = False) -> Clause:
    """A trigger clause: one of ``literals`` somewhere in the text."""
    return Clause(tuple(literals), caseless)


def words(spaced: str) -> tuple[str, ...]:
    """The words of a space-separated list, for literals without spaces: ``one_of(*words("a b c"))``."""
    return tuple(spaced.split())


@dataclass(frozen=True)
class GatedRule:
    """A rule with its trigger. Called directly it runs ungated, like the function it wraps."""

    rule: Rule
    trigger: tuple[Clause, ...]

    def __call__(self, text: str, gazetteer: Gazetteer) -> Iterator[Hit]:
        """Every name the rule finds in ``text``."""
        return self.rule(text, gazetteer)

    @property
    def name(self) -> str:
        """``module.function`` of the wrapped rule."""
        module = str(getattr(self.rule, "__module__", "")).rsplit(".", 1)[-1]
        return f"{module}.{getattr(self.rule, '__name__', '?')}"


def needs(*clauses: Clause) -> Callable[[Rule], GatedRule]:
    """Decorator: the rule yields hits only on texts where every clause holds."""

    def wrap(rule: Rule) -> GatedRule:
        return GatedRule(rule, clauses)

    return wrap


def trigger_of(rule: Rule) -> tuple[Clause, ...]:
    """The rule's trigger; empty (always run) for a rule declared without :func:`needs`."""
    return rule.trigger if isinstance(rule, GatedRule) else ()


def triggered(rule: Rule, text: str) -> bool:
    """Whether ``text`` holds every clause of the rule's trigger (checked in Python, clause by clause)."""
    return all(clause.present(text) for clause in trigger_of(rule))


class RuleGate:
    """The rules of a tuple whose triggers a text holds, in the tuple's order; thread-safe."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        ids: dict[Clause, int] = {}
        self._needed: list[tuple[Rule, int]] = []
        for rule in rules:
            mask = 0
            for clause in trigger_of(rule):
                mask |= 1 << ids.setdefault(clause, len(ids))
            self._needed.append((rule, mask))
        self._always = tuple(rule for rule, mask in self._needed if not mask)
        self._database: hyperscan.Database | None = None
        if ids:
            database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            database.compile(
                expressions=[clause.expression() for clause in ids],
                ids=list(ids.values()),
                elements=len(ids),
                flags=[_flags(clause) for clause in ids],
            )
            self._database = database
        self._local = threading.local()

    def _found(self, text: str) -> int:
        """Bit mask of the trigger clauses that hold for ``text``."""
        if self._database is None:
            return 0
        found = [0]
        scratch = self._scratch()
        self._database.scan(_image(text), match_event_handler=_on_match, context=found, scratch=scratch)
        return found[0]

    def candidates(self, text: str) -> tuple[Rule, ...]:
        """The rules that may yield a hit on ``text``: the others cannot."""
        found = self._found(text)
        if not found:
            return self._always  # most slots: no anchor of any rule
        return tuple(rule for rule, mask in self._needed if (mask & found) == mask)

    def _scratch(self) -> hyperscan.Scratch:
        return thread_scratch(self._local, self._database)


def _on_match(clause_id: int, _start: int, _end: int, _flags: int, found: Any) -> None:
    # ``found`` is the one-item list RuleGate._found passes as the scan's context.
    found[0] |= 1 << clause_id


def _flags(clause: Clause) -> int:
    # One report per clause is all the gate needs, however often its literals occur.
    flags = int(hyperscan.HS_FLAG_SINGLEMATCH)
    return flags | hyperscan.HS_FLAG_CASELESS if clause.caseless else flags


def _image(text: str) -> bytes:
    """The bytes hyperscan scans: UTF-8, with the ASCII twins of :data:`ASCII_TWINS` folded in.

    Folding only adds literal occurrences, so a clause never misses one Python would match.
    ``surrogatepass`` keeps lone surrogates (legal in JSON strings) from failing the encode.
    """
    if not text.isascii() and _HAS_TWIN.search(text):
        text = text.translate(_TWIN_TABLE)
    return text.encode("utf-8", "surrogatepass")
