"""PERSON evidence the NER model cannot see: field names, a names gazetteer, text patterns.

Three detectors, each usable on its own so their contribution can be measured:

- ``person.field``: the value sits under a key that holds a person's name or login (``assignee.displayName``,
  ``patient_name``, ``name.given``, ``user.login``; see :mod:`person_fields`): the whole value is a PERSON.
- ``person.gazetteer``: a known given name followed by a known family name (Faker's locales).
- ``person.pattern``: greetings, sign-offs, mail headers, ``X wrote:``, ``Assignee: X``, ``@handle``,
  git trailers, ``Name <mail>``, handles in log lines, delimited rows (see :mod:`person_rules`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dlp.classifiers.name_gazetteer import WORD, Gazetteer, is_name_token
from dlp.classifiers.name_shapes import is_login_value, is_name_value
from dlp.classifiers.person_fields import FieldKind, field_kind, person_field
from dlp.classifiers.person_rules import find_names, rule_gate
from dlp.findings import Finding, ScanContext

__all__ = [
    "FieldNameDetector",
    "GazetteerDetector",
    "PatternDetector",
    "detect_all",
    "person_field",
    "person_hint_detectors",
]

PERSON = "PERSON"
_PERSON_ONLY = frozenset({PERSON})


class FieldNameDetector:
    """``person.field``: a name-shaped value under a person-name key (or a login under a login key)."""

    name = "person.field"
    entities = _PERSON_ONLY

    def __init__(self, score: float = 0.9, gazetteer: Gazetteer | None = None, logins: bool = True) -> None:
        self._score = score
        self._g = gazetteer
        self._logins = logins

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        """One finding covering the trimmed value, or none."""
        kind = field_kind(context)
        if kind is None or len(text) > 200:
            return []
        stripped = text.strip()
        if not stripped:
            return []
        if kind is FieldKind.LOGIN and " " not in stripped:
            if not (self._logins and is_login_value(stripped, self._g)):
                return []
            label = "login"
        elif is_name_value(stripped, self._g):
            label = "field"
        else:
            return []
        start = text.index(stripped)
        return [Finding.of(PERSON, start, start + len(stripped), self._score, self.name, kind=label)]


#: Two lower-case words, not part of an identifier, path, address or key (the second in a look-ahead,
#: so that every word may open a pair).
_LOWER_PAIR = re.compile(r"(?<![\w@./\-=:])([^\W\d_A-Z]{3,})(?= ([^\W\d_A-Z]{3,})(?![\w@/\-(=]|\.\w))")
#: What may stand between two words of one name: a space, or a middle initial ("Priya K. Raghunathan").
_NAME_GAP = re.compile(r" (?:[A-Z]\. )?")


class GazetteerDetector:
    """``person.gazetteer``: a known given name followed by known family name(s), in any case."""

    name = "person.gazetteer"
    entities = _PERSON_ONLY

    def __init__(self, gazetteer: Gazetteer, score: float = 0.6, lower_score: float = 0.55) -> None:
        self._g = gazetteer
        self._score = score
        self._lower_score = lower_score
        # Gazetteer.is_first and is_last as single set lookups: the loop below asks them of every word.
        self._first = gazetteer.first - gazetteer.ambiguous
        self._last = (gazetteer.first | gazetteer.last) - gazetteer.ambiguous

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        """Findings for every first+last name pair in ``text``."""
        if " " not in text:
            return []  # both words of a pair, lower-case or not, are separated by a space
        first_names, last_names = self._first, self._last
        # Middle initials ("K.") are gaps between name words, not words.
        words = [
            w for w in WORD.finditer(text) if not (len(w.group()) == 1 and text[w.end() : w.end() + 1] == ".")
        ]
        out: list[Finding] = []
        i = 0
        while i < len(words):
            first = words[i]
            word = first.group()
            # A given name opens the pair; a family name may too ("Halder Ojasvi") if a given name follows.
            # (Every known given name counts as a family name too: is_first implies is_last.)
            opener = word.casefold() in last_names and self._shape(word)
            if not opener:
                i += 1
                continue
            end_idx = i
            j = i + 1
            while j < len(words) and j - i <= 3:
                if not _NAME_GAP.fullmatch(text, words[j - 1].end(), words[j].start()):
                    break
                following = words[j].group()
                if not (following.casefold() in last_names and self._shape(following)):
                    break
                end_idx = j
                j += 1
            if end_idx > i and any(w.group().casefold() in first_names for w in words[i : end_idx + 1]):
                out.append(
                    Finding.of(
                        PERSON, first.start(), words[end_idx].end(), self._score, self.name, "gazetteer"
                    )
                )
                i = end_idx + 1
            else:
                i += 1
        out.extend(self._lower_pairs(text))
        return out

    def _lower_pairs(self, text: str) -> list[Finding]:
        # "ulrika granlund" in chat or a lower-cased export: both words known names and neither an
        # English word, scored under the model so that its reading of the sentence wins overlaps.
        out: list[Finding] = []
        for m in _LOWER_PAIR.finditer(text):
            first, last = m.group(1), m.group(2)
            if not (self._g.is_first(first) and self._g.is_last(last)):
                continue
            if len(first) < 4 or any(self._g.is_common(w) for w in (first, last)):
                continue
            out.append(Finding.of(PERSON, m.start(1), m.end(2), self._lower_score, self.name, "gazetteer"))
        return out

    @staticmethod
    def _shape(word: str) -> bool:
        return is_name_token(word) or (word.isupper() and len(word) > 2)


class PatternDetector:
    """``person.pattern``: names next to greetings, sign-offs, headers, role labels, @handles."""

    name = "person.pattern"
    entities = _PERSON_ONLY

    def __init__(self, gazetteer: Gazetteer, logins: bool = True) -> None:
        self._g = gazetteer
        self._logins = logins
        rule_gate(logins)  # compiled now rather than on the first message

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        """Findings for every name the rules locate; duplicates of one span are merged."""
        best: dict[tuple[int, int], tuple[float, str]] = {}
        for start, end, score, kind in find_names(text, self._g, self._logins):
            if (start, end) not in best or best[(start, end)][0] < score:
                best[(start, end)] = (score, kind)
        return [
            Finding.of(PERSON, start, end, score, self.name, kind)
            for (start, end), (score, kind) in sorted(best.items())
        ]


def person_hint_detectors(
    gazetteer: Gazetteer | None = None, logins: bool = True
) -> tuple[FieldNameDetector, GazetteerDetector, PatternDetector]:
    """The three hint detectors, sharing one gazetteer (loaded from the committed lists if None).

    ``logins``: whether a login under a user record (``user.login``) counts as a PERSON.
    """
    g = gazetteer or Gazetteer.shared()
    return FieldNameDetector(gazetteer=g, logins=logins), GazetteerDetector(g), PatternDetector(g, logins)


def detect_all(
    detectors: Sequence[FieldNameDetector | GazetteerDetector | PatternDetector],
    text: str,
    context: ScanContext,
) -> list[Finding]:
    """Concatenated findings of ``detectors`` (overlaps are left to the engine)."""
    out: list[Finding] = []
    for detector in detectors:
        out.extend(detector.detect(text, context))
    return out
