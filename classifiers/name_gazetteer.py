"""Names gazetteer (first and last names of Faker's locales) and name-token helpers.

The lists are generated at build time (``python -m dlp.models.train.gazetteer``) and committed
under ``models/gazetteer/``; nothing here imports Faker. A name matches only as a pair
(first name followed by a last name) because single given names collide with English words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

GAZETTEER_DIR = Path(__file__).resolve().parent.parent / "models" / "gazetteer"

#: A word made of letters, allowing inner apostrophes and hyphens (O'Neil, Jean-Luc).
WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*")

#: Words that are names in some locale but far more often English words in tool output. The
#: build adds Faker's English lorem words that are also names (models/gazetteer/ambiguous.txt).
_AMBIGUOUS_BASE = frozenset(
    """
    january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday today tomorrow yesterday will grant bill
    mark summer page case lane hall hope joy rose young king green brown white black long price
    power major rich north south east west street road avenue new old open closed done high low
    medium critical status priority team admin user support sales service services group bank
    data cloud city state island lake river park van de la le du der den von da di del san santa
    santo saint st el los las port fort mount mont bay
    """.split()  # noqa: SIM905 - a word list reads better as prose
)


def is_name_token(word: str) -> bool:
    """Title-case (Priya, O'Neil) or uncased script (CJK, Arabic...) word of two letters or more."""
    if len(word) < 2:
        return False
    first = word[0]
    if first.isupper():
        rest = word[1:]
        return rest == rest.lower() or any(ch in "'\u2019-" for ch in word) or rest[:1].islower()
    # Scripts without case (CJK, Arabic, Hebrew, Devanagari) carry no capital to test.
    return first.lower() == first.upper()


def _load(path: Path) -> frozenset[str]:
    words: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            # Multi-word entries (van der Veen, Da Costa) contribute their capitalised parts.
            for part in line.split():
                if is_name_token(part):
                    words.add(part.casefold())
    return frozenset(words)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Case-folded first and last names, the words too ambiguous to count as names, English words."""

    # Tens of thousands of words each: kept out of the repr, which would otherwise fill a log line.
    first: frozenset[str] = field(repr=False)
    last: frozenset[str] = field(repr=False)
    ambiguous: frozenset[str] = field(repr=False)
    common: frozenset[str] = field(default=frozenset(), repr=False)

    @classmethod
    def load(cls, directory: Path = GAZETTEER_DIR) -> Gazetteer:
        """Read the committed lists."""
        ambiguous_file = directory / "ambiguous.txt"
        extra = _load(ambiguous_file) if ambiguous_file.is_file() else frozenset()
        common_file = directory / "common_words.txt"
        common = common_file.read_text(encoding="utf-8").split() if common_file.is_file() else []
        return cls(
            first=_load(directory / "first_names.txt"),
            last=_load(directory / "last_names.txt"),
            ambiguous=_AMBIGUOUS_BASE | extra,
            common=frozenset(common),
        )

    @classmethod
    def shared(cls) -> Gazetteer:
        """The committed lists, loaded once per process (immutable, so safe to share)."""
        return _shared()

    def is_first(self, word: str) -> bool:
        """Known given name that is not also a common word."""
        key = word.casefold()
        return key in self.first and key not in self.ambiguous

    def is_last(self, word: str) -> bool:
        """Known family name (or given name, many double as surnames) that is not a common word."""
        key = word.casefold()
        return (key in self.last or key in self.first) and key not in self.ambiguous

    def is_common(self, word: str) -> bool:
        """Common lower-case English word ("memory", "partner"), names excepted by the build."""
        return word.casefold() in self.common

    def is_any(self, word: str) -> bool:
        """Known first or last name, ambiguous or not (used to confirm weak context)."""
        key = word.casefold()
        return key in self.first or key in self.last


@functools.cache
def _shared() -> Gazetteer:
    return Gazetteer.load()
