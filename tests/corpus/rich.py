"""Text built from labelled pieces, so every gold span's offsets are known by construction.

A :class:`Rich` string is a sequence of plain pieces and :class:`Span` pieces. Serialising a
JSON document whose leaves are Rich strings records where each labelled piece lands in the output
(after JSON escaping), so offsets are never found by searching the text afterwards: a value may
legitimately appear twice, and only the planted occurrence is gold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeAlias

__all__ = ["GoldSpan", "Json", "Rich", "Span", "render_json", "render_text", "rich"]


@dataclass(frozen=True)
class Span:
    """A planted sensitive value and its canonical entity label."""

    value: str
    label: str
    kind: str | None = None


Piece: TypeAlias = str | Span


@dataclass(frozen=True)
class Rich:
    """A string made of plain and labelled pieces."""

    pieces: tuple[Piece, ...]

    def __add__(self, other: Rich | str | Span) -> Rich:
        return Rich(self.pieces + rich(other).pieces)

    @property
    def plain(self) -> str:
        """The string with labels dropped."""
        return "".join(p if isinstance(p, str) else p.value for p in self.pieces)


def rich(*parts: Rich | str | Span) -> Rich:
    """Concatenate plain strings, spans and Rich strings into one Rich string."""
    pieces: list[Piece] = []
    for part in parts:
        if isinstance(part, Rich):
            pieces.extend(part.pieces)
        else:
            pieces.append(part)
    return Rich(tuple(p for p in pieces if not (isinstance(p, str) and p == "")))


#: A JSON document whose strings may be Rich.
Json: TypeAlias = dict[str, "Json"] | list["Json"] | Rich | str | int | float | bool | None


@dataclass(frozen=True)
class GoldSpan:
    """A labelled span with character offsets into the rendered text."""

    start: int
    end: int
    label: str
    kind: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form; ``kind`` only when set."""
        out: dict[str, Any] = {"start": self.start, "end": self.end, "label": self.label}
        if self.kind is not None:
            out["kind"] = self.kind
        return out


class _Writer:
    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.length = 0
        self.spans: list[GoldSpan] = []

    def write(self, chunk: str) -> None:
        self.chunks.append(chunk)
        self.length += len(chunk)

    def write_rich(self, value: Rich, escape: bool) -> None:
        for piece in value.pieces:
            raw = piece if isinstance(piece, str) else piece.value
            # json.dumps of the piece alone, minus its quotes, is exactly what the piece becomes
            # inside the enclosing string: escaping is per character.
            text = json.dumps(raw, ensure_ascii=False)[1:-1] if escape else raw
            start = self.length
            self.write(text)
            if isinstance(piece, Span):
                self.spans.append(GoldSpan(start, self.length, piece.label, piece.kind))

    def value(self, node: Json, indent: int | None, level: int) -> None:
        if isinstance(node, Rich):
            self.write('"')
            self.write_rich(node, escape=True)
            self.write('"')
        elif isinstance(node, dict):
            self._container("{", "}", list(node.items()), indent, level)
        elif isinstance(node, list):
            self._container("[", "]", [(None, item) for item in node], indent, level)
        else:
            self.write(json.dumps(node, ensure_ascii=False))

    def _container(
        self, open_: str, close: str, items: list[tuple[str | None, Json]], indent: int | None, level: int
    ) -> None:
        self.write(open_)
        if not items:
            self.write(close)
            return
        for index, (key, item) in enumerate(items):
            if index:
                self.write(",")
            if indent is not None:
                self.write("\n" + " " * indent * (level + 1))
            elif index:
                self.write(" ")
            if key is not None:
                self.write(json.dumps(key, ensure_ascii=False) + ": ")
            self.value(item, indent, level + 1)
        if indent is not None:
            self.write("\n" + " " * indent * level)
        self.write(close)


def render_json(document: Json, indent: int | None = None) -> tuple[str, list[GoldSpan]]:
    """Serialise ``document`` like ``json.dumps(ensure_ascii=False)`` and return its gold spans."""
    writer = _Writer()
    writer.value(document, indent, 0)
    return "".join(writer.chunks), writer.spans


def render_text(value: Rich) -> tuple[str, list[GoldSpan]]:
    """A Rich string as plain text and its gold spans."""
    writer = _Writer()
    writer.write_rich(value, escape=False)
    return "".join(writer.chunks), writer.spans
