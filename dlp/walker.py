"""Find every string in an MCP JSON-RPC message that could carry data, and put rewrites back.

A *slot* is one inspectable text: a string leaf (content block text, structuredContent values,
resource text, prompt and sampling messages, tool-call arguments, notification messages) or a
large integer leaf (an account number stored as a JSON number is still an account number).
Text that is itself JSON is parsed and walked, so ``{"email": ...}`` inside a text block gets
field-name context like any other object; so is text that is a Python literal (the ``repr`` of
rows some Python servers return, see :mod:`dlp.pyliteral`). Base64 ``blob`` contents with a text MIME type are
decoded and inspected as text; image, audio and other binary data are reported as media slots
for the extractors.

Protocol envelope fields (``jsonrpc``, ``id``, ``method``, content ``type``, ``mimeType``,
``_meta``, cursors, progress tokens) are never slots: rewriting them would break the protocol.
Inside user-data zones (``structuredContent``, ``arguments``, embedded JSON) every key is data.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from dlp.errors import PayloadTooDeep
from dlp.pyliteral import PYREPR, Leaf, looks_like_literal, read_literal, rewrite_literal

#: Marks the step from a string into the JSON document parsed from it.
EMBEDDED: Final = "<json>"
#: Marks the step from a base64 blob into its decoded text.
DECODED: Final = "<base64>"

PathPart = str | int

_ENVELOPE_KEYS: Final = frozenset(
    {
        "jsonrpc",
        "id",
        "method",
        "type",
        "mimeType",
        "_meta",
        "progressToken",
        "cursor",
        "nextCursor",
        "protocolVersion",
        "annotations",
        "role",
        "isError",
        "uri",
        "name",
    }
)
_USER_DATA_ZONES: Final = frozenset({"structuredContent", "arguments"})
_MEDIA_KEYS: Final = frozenset({"data", "blob"})
_TEXT_MIME_PREFIXES: Final = (
    "text/",
    "application/json",
    "application/xml",
    "application/yaml",
    "application/x-yaml",
    "application/javascript",
    "application/sql",
)
#: Integers this large can be account, card or id numbers; smaller ones are counts and sizes.
_MIN_INSPECTED_INT: Final = 100_000


@dataclass(frozen=True, slots=True)
class Slot:
    """One inspectable text and where it lives in the message."""

    location: tuple[PathPart, ...]
    text: str
    #: Nearest object key above the value, as written (``dateOfBirth``), or None.
    field_name: str | None
    #: Two nearest keys joined with a dot (``patient.mrn``), or None.
    field_path_tail: str | None
    #: The original leaf was a JSON number; a rewrite turns it into a string.
    is_number: bool = False

    @property
    def path(self) -> str:
        """Display path, e.g. ``$.result.content[0].text<json>.user.email``."""
        return format_path(self.location)


@dataclass(frozen=True, slots=True)
class MediaSlot:
    """Base64 binary data (image, audio, PDF, unknown) found in the message."""

    location: tuple[PathPart, ...]
    mime_type: str | None
    data: str

    @property
    def path(self) -> str:
        """Display path of the base64 field."""
        return format_path(self.location)


#: Key characters that would make a dotted path ambiguous: such keys are written ``['a.b']``.
_NEEDS_BRACKETS = re.compile(r"[.\[\]'\"\\\s]")


def format_path(location: tuple[PathPart, ...]) -> str:
    """``("result", "content", 0, "text")`` -> ``$.result.content[0].text``.

    The engine ties findings back to their slot by this string, so it must be unique per location:
    a key ``"a.b"`` and a key ``a`` holding ``b`` would both print ``$.a.b``. Keys that are empty or
    hold a dot, a bracket, a quote, a backslash or white space are written in bracket notation
    (``$['a.b']``, RFC 9535 style, with ``\\`` and ``\'`` escaped).
    """
    out = ["$"]
    for part in location:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part in (EMBEDDED, DECODED, PYREPR):
            out.append(part)
        elif not part or _NEEDS_BRACKETS.search(part):
            escaped = part.replace("\\", "\\\\").replace("'", "\\'")
            out.append(f"['{escaped}']")
        else:
            out.append(f".{part}")
    return "".join(out)


def _looks_like_json(text: str) -> bool:
    stripped = text.lstrip()
    return len(stripped) >= 2 and stripped[0] in "{[" and text.rstrip()[-1:] in "}]"


def _is_text_mime(mime: object) -> bool:
    return isinstance(mime, str) and mime.lower().startswith(_TEXT_MIME_PREFIXES)


class Walker:
    """Iterates slots of a message within a depth limit and rebuilds it with replacements."""

    def __init__(self, max_depth: int) -> None:
        self._max_depth = max_depth

    def walk(self, message: Any) -> tuple[list[Slot], list[MediaSlot]]:
        """All text slots and media slots of ``message``, in document order."""
        slots: list[Slot] = []
        media: list[MediaSlot] = []
        self._visit(message, (), (), depth=0, in_data=False, slots=slots, media=media)
        return slots, media

    def _visit(
        self,
        value: Any,
        location: tuple[PathPart, ...],
        keys: tuple[str, ...],
        depth: int,
        in_data: bool,
        slots: list[Slot],
        media: list[MediaSlot],
    ) -> None:
        if depth > self._max_depth:
            raise PayloadTooDeep(
                f"payload nests deeper than {self._max_depth} levels at {format_path(location)}"
            )
        if isinstance(value, Mapping):
            self._visit_object(value, location, keys, depth, in_data, slots, media)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._visit(item, (*location, index), keys, depth + 1, in_data, slots, media)
        elif isinstance(value, str):
            self._visit_string(value, location, keys, depth, slots, media)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _MIN_INSPECTED_INT:
            slots.append(_slot(location, str(value), keys, is_number=True))

    def _visit_object(
        self,
        value: Mapping[str, Any],
        location: tuple[PathPart, ...],
        keys: tuple[str, ...],
        depth: int,
        in_data: bool,
        slots: list[Slot],
        media: list[MediaSlot],
    ) -> None:
        for key, child in value.items():
            child_location = (*location, key)
            if not in_data and key in _ENVELOPE_KEYS:
                continue
            # Binary content (image and audio blocks, resource blobs) always names its MIME type;
            # a "data" field without one is text (a log notification's message, for one).
            mime = value.get("mimeType")
            if not in_data and key in _MEDIA_KEYS and isinstance(child, str) and isinstance(mime, str):
                if key == "blob" and _is_text_mime(mime):
                    decoded = _decode_text_blob(child)
                    if decoded is not None:
                        slots.append(_slot((*child_location, DECODED), decoded, (*keys, key)))
                        continue
                media.append(MediaSlot(child_location, mime, child))
                continue
            entering_data = not in_data and key in _USER_DATA_ZONES
            # Field names count from where the data starts: ``structuredContent.email`` and the
            # same record's ``email`` inside the JSON text block are the same field (and the
            # engine then scans the twin values once).
            child_keys = () if entering_data else (*keys, key)
            self._visit(child, child_location, child_keys, depth + 1, in_data or entering_data, slots, media)

    def _visit_string(
        self,
        value: str,
        location: tuple[PathPart, ...],
        keys: tuple[str, ...],
        depth: int,
        slots: list[Slot],
        media: list[MediaSlot],
    ) -> None:
        if _looks_like_json(value):
            try:
                parsed = json.loads(value)
            except RecursionError:
                raise PayloadTooDeep(f"embedded JSON nests too deep at {format_path(location)}") from None
            except ValueError:
                parsed = None
            if isinstance(parsed, (dict, list)):
                self._visit(parsed, (*location, EMBEDDED), (), depth + 1, True, slots, media)
                return
        leaves = read_literal(value) if looks_like_literal(value) else None
        if leaves is not None:
            self._visit_literal(leaves, (*location, PYREPR), (), depth, slots)
            return
        if value:
            slots.append(_slot(location, value, keys))

    def _visit_literal(
        self,
        leaves: list[Leaf],
        location: tuple[PathPart, ...],
        keys: tuple[str, ...],
        depth: int,
        slots: list[Slot],
    ) -> None:
        """Slots of a Python literal's strings, each with the keys above it (its column name)."""
        for leaf in leaves:
            if depth + 1 + len(leaf.path) > self._max_depth:
                raise PayloadTooDeep(f"a Python literal nests too deep at {format_path(location)}")
            leaf_keys = (*keys, *(part for part in leaf.path if isinstance(part, str)))
            slots.append(_slot((*location, *leaf.path), leaf.value, leaf_keys, is_number=leaf.is_number))

    def replace(self, message: Any, replacements: Mapping[tuple[PathPart, ...], str]) -> Any:
        """A copy of ``message`` with each slot location's text replaced; the rest is untouched."""
        if not replacements:
            return message
        return _Rebuilder(replacements).rebuild(message, ())


def _slot(location: tuple[PathPart, ...], text: str, keys: tuple[str, ...], is_number: bool = False) -> Slot:
    field_name = keys[-1] if keys else None
    tail = ".".join(keys[-2:]) if len(keys) >= 2 else field_name
    return Slot(location, text, field_name, tail, is_number)


def _decode_text_blob(blob: str) -> str | None:
    try:
        return base64.b64decode(blob, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        # Not valid base64 or not UTF-8 text: treat it as opaque media instead.
        return None


class _Rebuilder:
    """Copies only the branches of a message that lead to a replaced slot."""

    def __init__(self, replacements: Mapping[tuple[PathPart, ...], str]) -> None:
        self._replacements = replacements
        # Every proper prefix of a replaced location: the branches that must be copied.
        self._prefixes = {location[:cut] for location in replacements for cut in range(len(location))}

    def rebuild(self, value: Any, location: tuple[PathPart, ...]) -> Any:
        if location in self._replacements:
            return self._replacements[location]
        if location not in self._prefixes:
            return value
        if isinstance(value, Mapping):
            return {key: self.rebuild(child, (*location, key)) for key, child in value.items()}
        if isinstance(value, list):
            return [self.rebuild(item, (*location, index)) for index, item in enumerate(value)]
        if isinstance(value, str):
            decoded = (*location, DECODED)
            if decoded in self._replacements:
                return base64.b64encode(self._replacements[decoded].encode("utf-8")).decode("ascii")
            literal = (*location, PYREPR)
            if literal in self._prefixes:
                cut = len(literal)
                inside = {loc[cut:]: text for loc, text in self._replacements.items() if loc[:cut] == literal}
                return rewrite_literal(value, inside)
            embedded = (*location, EMBEDDED)
            document = json.loads(value)
            rebuilt = self.rebuild(document, embedded)
            return json.dumps(rebuilt, ensure_ascii=False, indent=_indent_of(value))
        return value


def _indent_of(text: str) -> int | None:
    """Indentation of a pretty-printed JSON text, so a rewrite keeps its look."""
    first_break = text.find("\n")
    if first_break < 0:
        return None
    rest = text[first_break + 1 :]
    stripped = rest.lstrip(" ")
    width = len(rest) - len(stripped)
    return width or None
