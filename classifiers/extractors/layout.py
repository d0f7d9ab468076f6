"""Words with positions become one text to scan, and a span of that text maps back to boxes.

OCR and PDF text layers both yield words with bounding boxes. Detectors work on text, so the
words are joined (a space within a line, a newline between lines) while recording each word's
character span; a finding's ``[start, end)`` then selects the words whose boxes must be painted.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word: its text, box (left, top, right, bottom) and confidence 0-100."""

    text: str
    box: tuple[float, float, float, float]
    #: Words sharing a line key are joined with spaces; a new key starts a new line.
    line: Hashable
    confidence: float = 100.0

    def __repr__(self) -> str:
        # The text is what OCR read from a user's image: never show it.
        return f"Word(box={self.box}, confidence={self.confidence})"


@dataclass(frozen=True, slots=True)
class Layout:
    """The joined text of some words and each word's character span in it."""

    text: str
    words: tuple[Word, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __repr__(self) -> str:
        return f"Layout(words={len(self.words)}, chars={len(self.text)})"

    def words_in(self, start: int, end: int) -> list[Word]:
        """The words that overlap ``[start, end)``."""
        first = bisect.bisect_right(self.ends, start)
        found: list[Word] = []
        for index in range(first, len(self.words)):
            if self.starts[index] >= end:
                break
            found.append(self.words[index])
        return found

    def mean_confidence(self) -> float | None:
        """Character-weighted mean confidence of the words, or None when there are none."""
        weights = [len(word.text) for word in self.words]
        total = sum(weights)
        if total == 0:
            return None
        return sum(w * word.confidence for w, word in zip(weights, self.words, strict=True)) / total


def lay_out(words: Sequence[Word]) -> Layout:
    """Join ``words`` in order: spaces within a line, newlines between lines."""
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Word] = []
    cursor = 0
    previous: Hashable = object()
    for word in words:
        text = word.text.strip()
        if not text:
            continue
        if kept:
            separator = " " if word.line == previous else "\n"
            pieces.append(separator)
            cursor += 1
        previous = word.line
        pieces.append(text)
        starts.append(cursor)
        cursor += len(text)
        ends.append(cursor)
        kept.append(Word(text, word.box, word.line, word.confidence))
    return Layout("".join(pieces), tuple(kept), tuple(starts), tuple(ends))
