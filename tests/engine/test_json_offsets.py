"""JsonDocument: a slot's decoded offsets placed back in the encoded JSON text."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlp.json_offsets import JsonDocument
from dlp.pyliteral import PYREPR
from dlp.walker import DECODED, EMBEDDED, PathPart, Walker


def _encoded(text: str, document: JsonDocument, location: tuple[PathPart, ...], start: int, end: int) -> str:
    place = document.locate(location)
    assert place is not None
    a, b = place.span(start, end)
    return text[a:b]


@pytest.mark.parametrize(
    ("value", "start", "end", "encoded"),
    [
        ("line one\nJane Roe", 9, 17, "Jane Roe"),  # after a two-character escape
        ("line one\nJane Roe", 4, 13, " one\\nJane"),  # across it
        ('say "Jane"', 4, 10, '\\"Jane\\"'),
        ("C:\\Users\\jroe", 9, 13, "jroe"),
        ("a/b\tc", 0, 5, "a/b\\tc"),
        ("Zoë Ångström", 4, 12, "\\u00c5ngstr\\u00f6m"),  # ensure_ascii escapes
        ("call 😀 Jane", 7, 11, "Jane"),  # a surrogate pair: 12 encoded characters, one decoded
        ("call 😀 Jane", 5, 6, "\\ud83d\\ude00"),
    ],
)
def test_escapes_and_unicode_with_ascii_escaping(value: str, start: int, end: int, encoded: str) -> None:
    text = json.dumps({"note": value})
    assert _encoded(text, JsonDocument(text), ("note",), start, end) == encoded


def test_raw_unicode_and_indentation() -> None:
    text = json.dumps({"a": {"b": ["x", "Zoë 😀 Ångström"]}}, ensure_ascii=False, indent=2)
    assert _encoded(text, JsonDocument(text), ("a", "b", 1), 6, 14) == "Ångström"


def test_a_repeated_value_is_placed_where_its_slot_is() -> None:
    text = json.dumps({"reporter": "Jane Roe", "notes": ["Jane Roe", {"by": "Jane Roe"}], "z": "Jane Roe"})
    document = JsonDocument(text)
    first = text.find("Jane Roe")
    starts = []
    for location in (("reporter",), ("notes", 0), ("notes", 1, "by"), ("z",)):
        place = document.locate(location)
        assert place is not None and place.value == "Jane Roe"
        starts.append(place.span(0, 8)[0])
    assert starts[0] == first
    assert len(set(starts)) == 4
    assert all(text[s : s + 8] == "Jane Roe" for s in starts)


def test_nested_arrays_numbers_and_constants() -> None:
    text = '[[1, 2.5e3, true], [null, [-4111111111111111, "deep"]], {"n": 123456789}]'
    document = JsonDocument(text)
    assert _encoded(text, document, (1, 1, 0), 0, 17) == "-4111111111111111"
    assert _encoded(text, document, (1, 1, 1), 0, 4) == "deep"
    assert _encoded(text, document, (2, "n"), 3, 6) == "456"
    assert document.locate((0, 2)) is None  # a constant is no slot
    assert document.locate((5,)) is None


def test_a_repeated_key_keeps_its_last_value_as_json_loads_does() -> None:
    text = '{"name": "first", "name": "second"}'
    place = JsonDocument(text).locate(("name",))
    assert place is not None and place.value == json.loads(text)["name"] == "second"
    assert text[place.span(0, 6)[0] :].startswith("second")


def test_embedded_json_is_placed_through_both_encodings() -> None:
    inner = json.dumps({"comment": "by Zoë\nRoe"})
    text = json.dumps({"body": inner, "n": 1})
    document = JsonDocument(text)
    place = document.locate(("body", EMBEDDED, "comment"))
    assert place is not None and place.value == "by Zoë\nRoe"
    a, b = place.span(3, 10)
    # Escaped twice: the inner literal's \u00eb and \n are themselves escaped in the outer one.
    assert text[a:b] == "Zo\\\\u00eb\\\\nRoe"


@pytest.mark.parametrize("marker", [PYREPR, DECODED])
def test_python_literals_and_base64_text_cannot_be_placed(marker: str) -> None:
    text = json.dumps({"rows": "[{'name': 'Jane Roe'}]"})
    assert JsonDocument(text).locate(("rows", marker, 0, "name")) is None


@pytest.mark.parametrize("text", ["", "{", '{"a": 1} x', "{'a': 1}", "[1,]"])
def test_not_json_raises(text: str) -> None:
    with pytest.raises(ValueError):
        JsonDocument(text)


_LEAVES = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
_DOCUMENTS = st.recursive(
    _LEAVES,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
).filter(lambda value: isinstance(value, (dict, list)))


@settings(max_examples=150, deadline=None)
@given(document=_DOCUMENTS, ensure_ascii=st.booleans(), indent=st.sampled_from([None, 2]))
def test_every_walked_slot_is_placed_character_by_character(
    document: Any, ensure_ascii: bool, indent: int | None
) -> None:
    text = json.dumps(document, ensure_ascii=ensure_ascii, indent=indent)
    scanned = JsonDocument(text)
    slots, _media = Walker(64).walk({"result": {"structuredContent": document}})
    for slot in slots:
        location = slot.location[2:]
        if EMBEDDED in location or PYREPR in location:
            continue  # a generated string that happens to be JSON or a literal: covered above
        place = scanned.locate(location)
        assert place is not None and place.value == slot.text
        for index, char in enumerate(slot.text):
            a, b = place.span(index, index + 1)
            assert (text[a:b] if slot.is_number else json.loads(f'"{text[a:b]}"')) == char
