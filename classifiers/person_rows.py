"""Names in delimited rows (CSV, TSV, ``;`` and ``|`` exports): one cell, one value.

A cell is read whole, so a name's edges are the cell's edges (``DATA-7,Dana Lee,...`` gives
``Dana Lee``, not ``DATA-7,Dana Lee``). A cell counts when it is name-shaped end to end and starts
with a known given name or holds a given and a family name; two neighbouring one-word cells count
when one is a known given name and the other a known family name (exports often split ``first``
and ``last`` into columns).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from dlp.classifiers.name_gazetteer import WORD, Gazetteer, is_name_token
from dlp.classifiers.name_shapes import has_plain_word, is_name_value
from dlp.classifiers.person_gate import needs, one_of
from dlp.classifiers.person_patterns import NOT_NAMES, Hit, last_first, name_run

_DELIMITERS = (",", ";", "\t", "|")
_MAX_LINE = 2000


def _cells(line: str, delim: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of ``line``; double quotes protect delimiters."""
    out: list[tuple[int, int]] = []
    start = 0
    if '"' not in line:
        # The common case, without a per-character loop: this runs on every line of every slot.
        while (end := line.find(delim, start)) >= 0:
            out.append((start, end))
            start = end + 1
        out.append((start, len(line)))
        return out
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            out.append((start, i))
            start = i + 1
    out.append((start, len(line)))
    return out


def _row(line: str) -> tuple[str, list[tuple[int, int]]] | None:
    """The delimiter and cells of ``line`` if it reads as a row of three cells or more."""
    best: tuple[str, list[tuple[int, int]]] | None = None
    for delim in _DELIMITERS:
        if line.count(delim) < 2:
            continue  # three cells need two delimiters (quoted ones only make fewer cells)
        cells = _cells(line, delim)
        if len(cells) < 3 or (best is not None and len(cells) <= len(best[1])):
            continue
        if delim == ",":
            # Prose has commas too; a CSV row has no space after most of them and short cells.
            spaced = sum(1 for s, _ in cells[1:] if line[s : s + 1] == " ")
            if spaced * 2 >= len(cells) - 1 or any(e - s > 80 for s, e in cells):
                continue
        best = (delim, cells)
    return best


def _trim(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start] in " \t\"'":
        start += 1
    while end > start and line[end - 1] in " \t\"'":
        end -= 1
    return start, end


def _whole_name(cell: str, g: Gazetteer, allow_comma: bool) -> bool:
    span = name_run(cell, 0)
    if span is None:
        return False
    if allow_comma:
        span = last_first(cell, span)
    if span != (0, len(cell)) or not is_name_value(cell, g):
        return False
    words = WORD.findall(cell)
    if has_plain_word(words, g) or any(w.casefold() in NOT_NAMES for w in words):
        return False
    uncased = any(w[:1].lower() == w[:1].upper() for w in words)
    # Product and plan columns are name-shaped too ("Gadget Max", "Team Grace"): a known word
    # anywhere is not enough. A cell that starts with a given name, or holds a given and a
    # different family name, is.
    return (
        uncased
        or g.is_first(words[0])
        or any(g.is_first(a) and g.is_last(b) for a, b in itertools.permutations(words, 2))
    )


def _single(cell: str) -> bool:
    return " " not in cell and is_name_token(cell) and WORD.fullmatch(cell) is not None


@needs(one_of(*_DELIMITERS))
def _rows(text: str, g: Gazetteer) -> Iterator[Hit]:
    offset = 0
    for line in text.split("\n"):
        base = offset
        offset += len(line) + 1
        if len(line) > _MAX_LINE:
            continue
        row = _row(line)
        if row is None:
            continue
        delim, cells = row
        spans = [_trim(line, s, e) for s, e in cells]
        for s, e in spans:
            if " " in line[s:e] and _whole_name(line[s:e], g, allow_comma=delim != ","):
                yield base + s, base + e, 0.9, "cell"
        # Split first/last columns sit in records (an id, a date, an address beside them); a list
        # of one-word values alone ("Jordan","Austin","Dallas") is more often places or tags.
        if not any(ch.isdigit() or ch == "@" for ch in line):
            continue
        for (s1, e1), (s2, e2) in itertools.pairwise(spans):
            a, b = line[s1:e1], line[s2:e2]
            if not (_single(a) and _single(b)) or {a.casefold(), b.casefold()} & NOT_NAMES:
                continue
            if not ((g.is_first(a) and g.is_last(b)) or (g.is_last(a) and g.is_first(b))):
                continue
            if delim == "," and line[e1:s2] == ", ":
                # An unquoted "Last, First" in a comma row: the space says it is one value.
                yield base + s1, base + e2, 0.9, "cell"
            else:
                yield base + s1, base + e1, 0.9, "cell"
                yield base + s2, base + e2, 0.9, "cell"


RULES = (_rows,)
