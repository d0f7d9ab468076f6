"""Declarative pattern rules: the unit every regex-based detector family is written in.

A family module (``pii``, ``pci``, ``phi``, ``secrets``) exports a tuple of :class:`PatternRule`.
The :class:`~dlp.classifiers.scanner.PatternScanner` compiles all of them into one hyperscan
database, so a text is scanned once however many rules there are; only rules that can match run
their Python expression, validator and context scoring.

Rules for authors:

* Expressions use Python ``re`` syntax and are compiled with ``re.ASCII`` (``\\d`` is 0-9,
  ``\\w`` is ASCII), which keeps them equivalent to the byte-level hyperscan prefilter.
* A named group ``value`` marks the sensitive part when the expression also matches a keyword
  or delimiter around it; otherwise the whole match is the value. A match in which ``value``
  takes no part reports nothing: an alternative can consume text the rule must not read inside
  (a URL's userinfo for the e-mail rule).
* No nested unbounded quantifiers (``(a+)+``), no unbounded alternation under ``*``; bound
  every repeat that can touch arbitrary text. ``tests/classifiers/test_redos.py`` runs every rule
  on adversarial input under a time limit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

#: A validator receives the matched value (the ``value`` group) and says whether it is real,
#: e.g. a Luhn check. It must be pure and fast.
Validator = Callable[[str], bool]


@dataclass(frozen=True)
class PatternRule:
    """One regex-based rule, with optional checksum validation and context scoring."""

    #: Stable detector name, ``family.rule`` (``pci.credit_card``, ``secrets.github_pat``).
    name: str
    #: Canonical entity name (see :mod:`dlp.entities`).
    entity: str
    #: Python regular expression; a ``value`` group narrows the reported span.
    regex: str
    #: Score without supporting context.
    score: float
    #: Returns False for a candidate that fails a checksum or format rule.
    validator: Validator | None = None
    #: Lower-case words or phrases that make the match more likely when they appear near it
    #: or in the field name ("card", "cvv", "date of birth").
    context: tuple[str, ...] = ()
    #: Drop the candidate unless some context word is present.
    context_required: bool = False
    #: Score when context is present; defaults to ``score + 0.25`` capped at 1.0.
    context_score: float | None = None
    #: Provider of a secret or other sub-type, carried into the finding.
    kind: str | None = None
    #: Extra ``re`` flags (``re.IGNORECASE``, ``re.MULTILINE``, ``re.DOTALL``).
    flags: int = 0
    #: Characters before and after the match searched for context words.
    context_window: tuple[int, int] = (48, 24)
    #: Free-form note on the documented format the rule follows (shown by ``rules list``).
    source: str = ""
    #: A cheaper expression for the hyperscan prefilter when ``regex`` is costly to compile
    #: (long bounded repeats). It must match somewhere in every text ``regex`` matches.
    prefilter: str | None = None
    compiled: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 0.0 < self.score <= 1.0:
            raise ValueError(f"rule {self.name}: score must be in (0, 1]")
        if "." not in self.name:
            raise ValueError(f"rule {self.name}: name must be 'family.rule'")
        object.__setattr__(self, "compiled", re.compile(self.regex, self.flags | re.ASCII))

    @property
    def boosted_score(self) -> float:
        """Score used when context supports the match."""
        if self.context_score is not None:
            return self.context_score
        return min(1.0, self.score + 0.25)


def digits_only(value: str) -> str:
    """The ASCII digits of ``value`` in order (strips spaces, dashes, dots)."""
    return "".join(ch for ch in value if "0" <= ch <= "9")


def luhn_valid(number: str) -> bool:
    """Luhn (mod-10) check over the digits of ``number``."""
    digits = digits_only(number)
    if not digits:
        return False
    total = 0
    for index, char in enumerate(reversed(digits)):
        digit = ord(char) - 48
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0
