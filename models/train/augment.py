"""Name substitution: copies of gold sentences with their people's names replaced by Faker names.

The gold corpora name a few thousand distinct people, many of them often (politicians, celebrities,
footballers), so a model can learn *those names* instead of the contexts names occur in. A copy of each
sentence with ordinary capitalised names swapped for names from Faker's locales keeps the context and
changes the name, which is the generalisation tool output needs (its people are nobody famous).
Only plain capitalised one- to three-word names are swapped: handles, "@" mentions, initials and
odd spellings stay as the annotators wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dlp.models.train.fill import Filler
from dlp.models.train.records import Record

_PLAIN_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}")


def _swappable(text: str, start: int, end: int, label: str) -> bool:
    return (
        label == "PERSON"
        and _PLAIN_NAME.fullmatch(text[start:end]) is not None
        and not text[max(start - 2, 0) : start].endswith("@ ")
    )


def _new_name(filler: Filler, words: int) -> str:
    filler.new_person()
    first, last = filler.first(), filler.last()
    if words == 1:
        return first if filler.rng.random() < 0.5 else last
    if words == 2:
        return f"{first} {last}"
    return f"{first} {filler.faker().first_name()} {last}"


def swap_names(records: Iterable[Record], seed: int) -> list[Record]:
    """One copy of every record that has a swappable PERSON span, with each such span replaced."""
    filler = Filler(seed)
    out: list[Record] = []
    for rec in records:
        if not any(_swappable(rec.text, s, e, label) for s, e, label in rec.spans):
            continue
        pieces: list[str] = []
        spans: list[tuple[int, int, str]] = []
        cursor = shift = 0
        for start, end, label in sorted(rec.spans):
            value = rec.text[start:end]
            new = _new_name(filler, len(value.split())) if _swappable(rec.text, start, end, label) else value
            pieces.append(rec.text[cursor:start])
            pieces.append(new)
            spans.append((start + shift, start + shift + len(new), label))
            shift += len(new) - len(value)
            cursor = end
        pieces.append(rec.text[cursor:])
        out.append(Record("".join(pieces), tuple(spans)))
    return out
