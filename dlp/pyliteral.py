"""Text that is a Python literal, read as structure: ``[{'id': 1, 'email': 'ada@example.org'}]``.

Python MCP servers that return ``str(rows)`` (postgres-mcp's ``execute_sql`` does) send query
results as the ``repr`` of Python objects, not JSON. Read as plain text, their values lose the
column names that say what they are (``'name': 'Jane Roe'`` is a person whatever NER thinks), so
the walker reads such text through :func:`read_literal` and gives every string the keys above it.

Only the literal subset is accepted: dicts, lists, tuples, sets, strings, numbers, ``None`` and
booleans, plus calls such as ``datetime.datetime(2024, 1, 2)`` or ``Decimal('9.50')`` whose
arguments are read the same way. Anything else (names, operators, lambdas) means "not a literal"
and the text stays plain text. Nothing is ever evaluated: :mod:`ast` only parses.

A rewrite splices the replacement's ``repr`` over the original source span of each changed leaf,
so everything else in the text stays byte for byte as the server wrote it.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

#: Marks the step from a string into the Python literal read from it.
PYREPR: Final = "<python>"
#: Longer texts are left to the plain-text detectors (parsing cost and memory grow with size).
MAX_LITERAL_CHARS: Final = 2_000_000
#: Integers this large can be account, card or id numbers (the walker's own threshold).
_MIN_INSPECTED_INT: Final = 100_000

PathPart = str | int


@dataclass(frozen=True, slots=True)
class Leaf:
    """One string (or large integer) inside the literal, where it sits and where its source is."""

    path: tuple[PathPart, ...]
    value: str
    #: Character offsets of the leaf's source (quotes included) in the text.
    start: int
    end: int
    is_number: bool = False


def looks_like_literal(text: str) -> bool:
    """A cheap test before parsing: a bracketed text with Python-quoted keys or items."""
    stripped = text.strip()
    return (
        len(stripped) >= 4
        and stripped[0] in "[{("
        and stripped[-1] in "]})"
        and ("': " in stripped or "', " in stripped)
        and "\r" not in text  # the tokenizer's line breaks must be '\n' alone (see _line_starts)
    )


def read_literal(text: str) -> list[Leaf] | None:
    """The leaves of ``text`` if it is a container literal, else None (it stays plain text)."""
    if len(text) > MAX_LITERAL_CHARS or not looks_like_literal(text):
        return None
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if not isinstance(tree.body, ast.Dict | ast.List | ast.Tuple | ast.Set):
        return None
    offset = len(text) - len(text.lstrip())
    reader = _Reader(text.strip(), offset)
    try:
        reader.visit(tree.body, ())
    except _NotALiteral:
        return None
    return reader.leaves


def rewrite_literal(text: str, replacements: Mapping[tuple[PathPart, ...], str]) -> str:
    """``text`` with the leaves at the given paths replaced by the ``repr`` of the new strings."""
    leaves = read_literal(text)
    if leaves is None:  # the caller read it a moment ago; a change in between is a bug
        raise ValueError("the text is no longer a Python literal")
    out = text
    for leaf in sorted(leaves, key=lambda item: item.start, reverse=True):
        if leaf.path in replacements:
            out = out[: leaf.start] + repr(replacements[leaf.path]) + out[leaf.end :]
    return out


class _NotALiteral(Exception):
    """The text holds something other than literal data."""


class _Reader:
    """Collects leaves with their paths and character spans."""

    def __init__(self, source: str, offset: int) -> None:
        self.leaves: list[Leaf] = []
        self._source = source
        self._offset = offset
        self._line_starts = _line_starts(source)
        # ast columns are UTF-8 byte offsets within a line; characters are what Python slices.
        self._ascii = source.isascii()

    def visit(self, node: ast.expr, path: tuple[PathPart, ...]) -> None:
        if isinstance(node, ast.Dict):
            for index, (key, value) in enumerate(zip(node.keys, node.values, strict=True)):
                self.visit(value, (*path, _key_name(key, index)))
        elif isinstance(node, ast.List | ast.Tuple | ast.Set):
            for index, item in enumerate(node.elts):
                self.visit(item, (*path, index))
        elif isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name | ast.Attribute):
                raise _NotALiteral
            # datetime.datetime(...), Decimal('1.50'), UUID('...'): the arguments are data too.
            for index, argument in enumerate(node.args):
                self.visit(argument, (*path, index))
            for keyword in node.keywords:
                self.visit(keyword.value, (*path, keyword.arg or "**"))
        elif isinstance(node, ast.Constant):
            self._constant(node, path)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            # -123456789: the sign belongs to the number, so the leaf spans both.
            operand = node.operand
            if not isinstance(operand, ast.Constant) or not isinstance(operand.value, int | float | complex):
                raise _NotALiteral
            number = operand.value
            if isinstance(number, int) and not isinstance(number, bool) and abs(number) >= _MIN_INSPECTED_INT:
                signed = -number if isinstance(node.op, ast.USub) else number
                self.leaves.append(Leaf(path, str(signed), *self._span(node), is_number=True))
        elif not isinstance(node, ast.Attribute):  # datetime.timezone.utc and the like
            raise _NotALiteral

    def _constant(self, node: ast.Constant, path: tuple[PathPart, ...]) -> None:
        value = node.value
        if isinstance(value, str) and value:
            self.leaves.append(Leaf(path, value, *self._span(node)))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _MIN_INSPECTED_INT:
            self.leaves.append(Leaf(path, str(value), *self._span(node), is_number=True))

    def _span(self, node: ast.expr) -> tuple[int, int]:
        end_line = node.end_lineno if node.end_lineno is not None else node.lineno
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        start = self._char_offset(node.lineno, node.col_offset)
        return start + self._offset, self._char_offset(end_line, end_col) + self._offset

    def _char_offset(self, line: int, byte_col: int) -> int:
        line_start = self._line_starts[line - 1]
        if self._ascii:
            return line_start + byte_col
        line_text = self._source[
            line_start : self._line_starts[line] if line < len(self._line_starts) else None
        ]
        return line_start + len(line_text.encode("utf-8")[:byte_col].decode("utf-8"))


def _key_name(key: ast.expr | None, index: int) -> PathPart:
    """The key as a path part: its text, or its position for keys that are not plain constants."""
    if not isinstance(key, ast.Constant):  # ``**mapping`` or an expression: not printed data
        raise _NotALiteral
    if isinstance(key.value, str):
        return key.value
    return f"<key {index}>" if key.value is None or isinstance(key.value, bytes) else str(key.value)


def _line_starts(source: str) -> list[int]:
    starts = [0]
    position = source.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = source.find("\n", position + 1)
    return starts
