"""Where each value of a JSON text sits, and character offsets of decoded strings mapped back.

The engine reports a finding by slot location and offsets into the slot's *decoded* string; a
labelled corpus marks the same value by offsets into the *encoded* JSON text, where escapes
(``\\n``, ``\\"``, ``\\u00e9``, surrogate pairs) make the two lengths differ. A
:class:`JsonDocument` scans the text once, records the token of every string and number leaf by
its location (the walker's location tuples), and turns a location into an :class:`OffsetMap`.
Serialisation is not assumed: compact or indented, ASCII-escaped or not, any valid JSON works,
and a value repeated in the document is told apart by where it sits, not by searching for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from dlp.walker import EMBEDDED, PathPart

__all__ = ["JsonDocument", "OffsetMap"]

_WHITESPACE: Final = re.compile(r"[ \t\n\r]*")
# The text has passed json.loads before it is scanned, so these only need to find token ends.
_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NUMBER: Final = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_CONSTANT: Final = re.compile(r"true|false|null|NaN|-?Infinity")
_PIECE: Final = re.compile(r'\\u([0-9a-fA-F]{4})|\\([\\"/bfnrt])|[^\\]+')
_LOW_SURROGATE: Final = re.compile(r"\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE)
_SIMPLE_ESCAPES: Final = {
    "\\": "\\",
    '"': '"',
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}

Location = tuple[PathPart, ...]


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """A decoded value and, for each of its characters, where its encoding starts in the text."""

    value: str
    #: ``len(value) + 1`` offsets into the text; the last is where the encoding of the value ends.
    starts: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The text span encoding ``value[start:end]``."""
        return self.starts[start], self.starts[end]

    def inside(self, inner: OffsetMap) -> OffsetMap:
        """``inner`` (offsets into this value) with offsets into this map's text instead."""
        return OffsetMap(inner.value, tuple(self.starts[i] for i in inner.starts))


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    is_string: bool


class JsonDocument:
    """One JSON text, scanned once; raises ``ValueError`` if the text is not JSON."""

    def __init__(self, text: str) -> None:
        json.loads(text)  # the scanner below trusts the syntax it is given
        self._text = text
        self._tokens: dict[Location, _Token] = {}
        end = _Scanner(text, self._tokens).value(_skip(text, 0), ())
        if _skip(text, end) != len(text):
            raise ValueError("trailing data after the JSON value")

    def locate(self, location: Sequence[PathPart]) -> OffsetMap | None:
        """The leaf at ``location``; a string holding JSON is entered at ``EMBEDDED``.

        None when nothing is there, or when the path goes through a Python literal or a base64
        blob (their encodings are not JSON; nothing in them can be placed in this text).
        """
        location = tuple(location)
        cut = location.index(EMBEDDED) if EMBEDDED in location else len(location)
        token = self._tokens.get(location[:cut])
        if token is None:
            return None
        outer = _decode(self._text, token) if token.is_string else _identity(self._text, token)
        if cut == len(location):
            return outer
        if not token.is_string:
            return None
        try:
            inner = JsonDocument(outer.value).locate(location[cut + 1 :])
        except ValueError:
            return None
        return None if inner is None else outer.inside(inner)


def _skip(text: str, position: int) -> int:
    match = _WHITESPACE.match(text, position)
    return match.end() if match else position


class _Scanner:
    """Recursive descent over a valid JSON text, recording each leaf's token by location."""

    def __init__(self, text: str, tokens: dict[Location, _Token]) -> None:
        self._text = text
        self._tokens = tokens

    def value(self, position: int, location: Location) -> int:
        """Scan the value starting at ``position``; return where it ends."""
        first = self._text[position : position + 1]
        if first == "{":
            return self._object(position + 1, location)
        if first == "[":
            return self._array(position + 1, location)
        for pattern, is_string in ((_STRING, True), (_CONSTANT, False), (_NUMBER, False)):
            match = pattern.match(self._text, position)
            if match:
                if pattern is not _CONSTANT:
                    self._tokens[location] = _Token(match.start(), match.end(), is_string)
                return match.end()
        raise ValueError(f"unexpected character at offset {position}")

    def _object(self, position: int, location: Location) -> int:
        position = _skip(self._text, position)
        if self._text.startswith("}", position):
            return position + 1
        while True:
            key = _STRING.match(self._text, position)
            if key is None:
                raise ValueError(f"expected a key at offset {position}")
            position = _skip(self._text, key.end())
            if not self._text.startswith(":", position):
                raise ValueError(f"expected ':' at offset {position}")
            # A repeated key keeps its last value, as json.loads does: the later token overwrites.
            position = self.value(_skip(self._text, position + 1), (*location, json.loads(key.group())))
            position = _skip(self._text, position)
            if self._text.startswith("}", position):
                return position + 1
            if not self._text.startswith(",", position):
                raise ValueError(f"expected ',' or '}}' at offset {position}")
            position = _skip(self._text, position + 1)

    def _array(self, position: int, location: Location) -> int:
        position = _skip(self._text, position)
        if self._text.startswith("]", position):
            return position + 1
        index = 0
        while True:
            position = _skip(self._text, self.value(position, (*location, index)))
            if self._text.startswith("]", position):
                return position + 1
            if not self._text.startswith(",", position):
                raise ValueError(f"expected ',' or ']' at offset {position}")
            position = _skip(self._text, position + 1)
            index += 1


def _identity(text: str, token: _Token) -> OffsetMap:
    """A number: its decoded form is its token (JSON integers have no leading zeros or signs to drop)."""
    return OffsetMap(text[token.start : token.end], tuple(range(token.start, token.end + 1)))


def _decode(text: str, token: _Token) -> OffsetMap:
    """The string literal's value with the text offset of each decoded character."""
    chars: list[str] = []
    starts: list[int] = []
    position, end = token.start + 1, token.end - 1
    while position < end:
        piece = _PIECE.match(text, position, end)
        if piece is None:
            raise ValueError(f"invalid escape at offset {position}")
        unit, escape = piece.group(1), piece.group(2)
        if unit is not None:
            code = int(unit, 16)
            after = piece.end()
            low = _LOW_SURROGATE.match(text, after, end) if 0xD800 <= code <= 0xDBFF else None
            if low is not None:
                # json.loads joins an escaped surrogate pair into one character (12 encoded).
                code = 0x10000 + ((code - 0xD800) << 10) + (int(low.group(1), 16) - 0xDC00)
                after = low.end()
            chars.append(chr(code))
            starts.append(position)
            position = after
        elif escape is not None:
            chars.append(_SIMPLE_ESCAPES[escape])
            starts.append(position)
            position = piece.end()
        else:
            run = piece.group()
            chars.append(run)
            starts.extend(range(position, piece.end()))
            position = piece.end()
    starts.append(end)
    return OffsetMap("".join(chars), tuple(starts))
