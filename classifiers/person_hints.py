"""PERSON evidence the NER model cannot see: field names, a names gazetteer, text patterns.

Three detectors, each usable on its own so their contribution can be measured:

- ``person.field``: the value sits under a key that holds a person's name (``assignee.displayName``,
  ``patient_name``, ``author``...): the whole value is a PERSON whatever the model says.
- ``person.gazetteer``: a known given name followed by a known family name (Faker's locales).
- ``person.pattern``: greetings, sign-offs, mail headers, ``X wrote:``, ``Assignee: X``, ``@handle``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dlp.classifiers.name_gazetteer import WORD, Gazetteer, is_name_token
from dlp.classifiers.person_patterns import find_names
from dlp.findings import Finding, ScanContext

PERSON = "PERSON"
_PERSON_ONLY = frozenset({PERSON})


def _norm(key: str) -> str:
    """``displayName`` / ``display_name`` / ``display-name`` -> ``displayname``; ``[0]`` dropped."""
    return re.sub(r"\[[^\]]*\]|[^a-z0-9]", "", key.casefold())


#: Keys whose value is a person's name wherever they appear.
PERSON_FIELDS = frozenset(
    _norm(k)
    for k in """
    author author_name assignee assignee_name reporter reporter_name creator creator_name
    created_by full_name real_name display_name patient patient_name customer_name contact_name
    client_name requester requester_name first_name given_name last_name surname family_name
    middle_name maiden_name employee_name member_name sender_name recipient_name cardholder
    cardholder_name card_holder holder_name account_holder account_holder_name beneficiary_name
    physician physician_name doctor doctor_name provider_name nurse nurse_name guardian
    guardian_name emergency_contact next_of_kin attendee signer signatory approver reviewer
    manager manager_name from_name to_name spouse spouse_name person_name user_full_name
    owner_name lead_name
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
#: Parent keys whose ``name`` / ``displayName`` child is a person's name.
PERSON_PARENTS = frozenset(
    _norm(k)
    for k in """
    assignee reporter author creator user owner patient customer contact requester sender
    recipient member employee from to cc bcc attendee participant person profile submitter
    approver reviewer commenter update_author updateauthor lead manager client guardian
    physician doctor subscriber applicant candidate student teacher driver passenger traveler
    guest people users members contacts customers patients employees participants attendees
    reviewers assignees
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
_NAME_KEYS = frozenset({"name", "displayname", "fullname", "realname", "nickname"})
_VALUE_OK = re.compile(r"[^\W\d_][^\W\d_ .,'\u2019\-]*(?:[ .,'\u2019\-]+[^\W\d_][^\W\d_.'\u2019\-]*){0,5}\.?")


def person_field(context: ScanContext) -> bool:
    """Whether the slot's key (or parent key) says the value is a person's name."""
    field = _norm(context.field_name or "")
    if field in PERSON_FIELDS:
        return True
    if field in _NAME_KEYS and context.field_path_tail:
        parts = [p for p in context.field_path_tail.split(".") if p]
        return len(parts) >= 2 and _norm(parts[-2]) in PERSON_PARENTS
    return False


class FieldNameDetector:
    """``person.field``: a name-shaped value under a person-name key is a PERSON."""

    name = "person.field"
    entities = _PERSON_ONLY

    def __init__(self, score: float = 0.9) -> None:
        self._score = score

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        """One finding covering the trimmed value, or none."""
        if not person_field(context) or len(text) > 200:
            return []
        stripped = text.strip()
        # Only name-shaped values: no digits, no e-mail or URL (their own detectors own those).
        if not stripped or not _VALUE_OK.fullmatch(stripped):
            return []
        start = text.index(stripped)
        return [Finding.of(PERSON, start, start + len(stripped), self._score, self.name, kind="field")]


class GazetteerDetector:
    """``person.gazetteer``: a known given name followed by known family name(s)."""

    name = "person.gazetteer"
    entities = _PERSON_ONLY

    def __init__(self, gazetteer: Gazetteer, score: float = 0.6) -> None:
        self._g = gazetteer
        self._score = score

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        """Findings for every first+last name pair in ``text``."""
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
            opener = self._shape(word) and (self._g.is_first(word) or self._g.is_last(word))
            if not opener:
                i += 1
                continue
            end_idx = i
            j = i + 1
            while j < len(words) and j - i <= 3:
                gap = text[words[j - 1].end() : words[j].start()]
                # A single space, or a middle initial ("Priya K. Raghunathan").
                if not re.fullmatch(r" (?:[A-Z]\. )?", gap):
                    break
                if not (self._shape(words[j].group()) and self._g.is_last(words[j].group())):
                    break
                end_idx = j
                j += 1
            names = [w.group() for w in words[i : end_idx + 1]]
            if end_idx > i and any(self._g.is_first(n) for n in names):
                out.append(
                    Finding.of(
                        PERSON, first.start(), words[end_idx].end(), self._score, self.name, "gazetteer"
                    )
                )
                i = end_idx + 1
            else:
                i += 1
        return out

    @staticmethod
    def _shape(word: str) -> bool:
        return is_name_token(word) or (word.isupper() and len(word) > 2)


class PatternDetector:
    """``person.pattern``: names next to greetings, sign-offs, headers, role labels, @handles."""

    name = "person.pattern"
    entities = _PERSON_ONLY

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._g = gazetteer

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        """Findings for every name the rules locate; duplicates of one span are merged."""
        best: dict[tuple[int, int], tuple[float, str]] = {}
        for start, end, score, kind in find_names(text, self._g):
            if (start, end) not in best or best[(start, end)][0] < score:
                best[(start, end)] = (score, kind)
        return [
            Finding.of(PERSON, start, end, score, self.name, kind)
            for (start, end), (score, kind) in sorted(best.items())
        ]


def person_hint_detectors(
    gazetteer: Gazetteer | None = None,
) -> tuple[FieldNameDetector, GazetteerDetector, PatternDetector]:
    """The three hint detectors, sharing one gazetteer (loaded from the committed lists if None)."""
    g = gazetteer or Gazetteer.load()
    return FieldNameDetector(), GazetteerDetector(g), PatternDetector(g)


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
