"""Words to text and back: every character of a finding maps to the words that drew it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlp.classifiers.extractors import Word, lay_out
from dlp.classifiers.extractors.archive import xml_text
from dlp.errors import MediaUnreadable


def word(text: str, line: int, x: float) -> Word:
    return Word(text, (x, line * 20.0, x + 10 * len(text), line * 20.0 + 15), line)


def test_lines_and_spaces() -> None:
    layout = lay_out([word("SSN", 0, 0), word("536-22-8741", 0, 40), word("next", 1, 0)])
    assert layout.text == "SSN 536-22-8741\nnext"
    assert [w.text for w in layout.words_in(4, 15)] == ["536-22-8741"]
    assert [w.text for w in layout.words_in(2, 5)] == ["SSN", "536-22-8741"]
    assert layout.words_in(3, 4) == []  # the space between words belongs to neither


words_strategy = st.lists(
    st.tuples(st.text(alphabet="abc123-@.", min_size=1, max_size=8), st.integers(0, 3)),
    min_size=1,
    max_size=30,
)


@given(items=words_strategy, data=st.data())
def test_every_span_maps_to_exactly_the_words_it_touches(
    items: list[tuple[str, int]], data: st.DataObject
) -> None:
    words = [
        word(text, line, index * 10.0) for index, (text, line) in enumerate(sorted(items, key=lambda i: i[1]))
    ]
    layout = lay_out(words)
    start = data.draw(st.integers(0, len(layout.text) - 1))
    end = data.draw(st.integers(start + 1, len(layout.text)))
    touched = layout.words_in(start, end)
    expected = [
        w for w, s, e in zip(layout.words, layout.starts, layout.ends, strict=True) if s < end and start < e
    ]
    assert touched == expected
    for w, s, e in zip(layout.words, layout.starts, layout.ends, strict=True):
        assert layout.text[s:e] == w.text


def test_word_repr_hides_the_text() -> None:
    assert "536" not in repr(word("536-22-8741", 0, 0)) and "536" not in repr(lay_out([word("536", 0, 0)]))


@pytest.mark.parametrize(
    ("xml", "expected"),
    [
        (
            b"<w:document xmlns:w='x'><w:p><w:r><w:t>53</w:t></w:r>"
            b"<w:r><w:t>6-22</w:t></w:r></w:p></w:document>",
            "536-22\n",
        ),
        (b"<cp xmlns:dc='d'><dc:creator>Grace</dc:creator><dc:title>Plan</dc:title></cp>", "Grace\nPlan\n"),
    ],
)
def test_office_xml_text(xml: bytes, expected: str) -> None:
    assert xml_text(xml) == expected


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><a>&lol;</a>',
        b"<a><b>unclosed</a>",
    ],
)
def test_hostile_or_broken_xml_is_refused(xml: bytes) -> None:
    with pytest.raises(MediaUnreadable):
        xml_text(xml)
