"""The dev corpus: reproducible, offsets exact, planted values valid for their format."""

from __future__ import annotations

import ipaddress
import json
import re
import urllib.parse
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.corpus.generate import OUTPUT, generate
from tests.corpus.rich import Json, Rich, Span, render_json, render_text, rich
from tests.corpus.values import BASE62, REGIONS, iban_ok, luhn_ok


def _records() -> list[dict[str, Any]]:
    with Path(OUTPUT).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


RECORDS = _records()


def test_the_committed_corpus_is_what_the_generator_writes() -> None:
    assert list(generate(len(RECORDS))) == RECORDS


def test_offsets_are_in_bounds_ordered_and_disjoint() -> None:
    for record in RECORDS:
        previous_end = 0
        for span in record["spans"]:
            assert previous_end <= span["start"] < span["end"] <= len(record["text"]), record["id"]
            previous_end = span["end"]
        if record["format"] == "json":
            json.loads(record["text"])


def _github_checksum_ok(token: str) -> bool:
    body, check = token[4:34], token[34:]
    value = 0
    for ch in check:
        value = value * 62 + BASE62.index(ch)
    return value == zlib.crc32(body.encode())


def _nhs_ok(value: str) -> bool:
    digits = value.replace(" ", "")
    check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    return (0 if check == 11 else check) == int(digits[9])


def _phone_ok(value: str, locale: str) -> bool:
    return phonenumbers.is_valid_number(phonenumbers.parse(value, REGIONS[locale]))


CHECKS: dict[str, Callable[[str, str], bool]] = {
    "CREDIT_CARD": lambda v, _: luhn_ok(re.sub(r"[ -]", "", v)),
    "IBAN_CODE": lambda v, _: iban_ok(v),
    "UK_NHS": lambda v, _: _nhs_ok(v),
    "NPI": lambda v, _: luhn_ok("80840" + v),
    "EMAIL_ADDRESS": lambda v, _: re.fullmatch(r"[^@\s]+@[a-z0-9.-]+\.[a-z]+", v) is not None,
    "US_SSN": lambda v, _: re.fullmatch(r"(?!000|666|9)\d{3}[- ](?!00)\d{2}[- ](?!0000)\d{4}", v) is not None,
    "US_ITIN": lambda v, _: re.fullmatch(r"9\d\d-\d\d-\d{4}", v) is not None,
    "IP_ADDRESS": lambda v, _: ipaddress.ip_address(v) is not None,
    "MAC_ADDRESS": lambda v, _: re.fullmatch(r"([0-9a-f]{2}:){5}[0-9a-f]{2}", v) is not None,
    "PHONE_NUMBER": _phone_ok,
    "CARD_EXPIRY": lambda v, _: re.fullmatch(r"(0[1-9]|1[0-2])/\d\d", v) is not None,
}


@pytest.mark.parametrize("label", sorted(CHECKS))
def test_planted_values_are_valid_for_their_format(label: str) -> None:
    seen = 0
    for record in RECORDS:
        for span in record["spans"]:
            if span["label"] == label:
                value = record["text"][span["start"] : span["end"]]
                assert CHECKS[label](value, record["locale"]), f"{record['id']} {label}"
                seen += 1
    assert seen >= 100


def test_github_tokens_carry_a_valid_checksum() -> None:
    tokens = [
        r["text"][s["start"] : s["end"]]
        for r in RECORDS
        for s in r["spans"]
        if s.get("kind") in {"github_pat", "github_oauth"}
    ]
    assert len(tokens) >= 100
    assert all(_github_checksum_ok(token) for token in tokens)


def test_urls_with_credentials_parse_to_the_labelled_password() -> None:
    for record in RECORDS:
        for span in record["spans"]:
            if span.get("kind") == "postgres_password":
                url = re.search(
                    r"postgres://\S+?:\S+@db-\d", record["text"][max(0, span["start"] - 60) : span["end"] + 6]
                )
                assert url is not None
                password = record["text"][span["start"] : span["end"]]
                assert urllib.parse.urlsplit(url.group(0)).password == password


def test_a_repeated_value_is_labelled_only_where_planted() -> None:
    text, spans = render_text(rich("cc a@b.io: ", Span("a@b.io", "EMAIL_ADDRESS")))
    assert [(s.start, s.end) for s in spans] == [(11, 17)]
    assert text[11:17] == "a@b.io"


_leaf = st.one_of(
    st.text(max_size=8),
    st.lists(
        st.one_of(st.text(max_size=6), st.builds(Span, st.text(min_size=1, max_size=6), st.just("X"))),
        max_size=4,
    ).map(lambda parts: rich(*parts)),
    st.integers(),
    st.booleans(),
    st.none(),
)
_documents = st.recursive(
    _leaf,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=12,
)


def _plain(node: Json) -> Any:
    if isinstance(node, Rich):
        return node.plain
    if isinstance(node, dict):
        return {key: _plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_plain(item) for item in node]
    return node


@given(_documents, st.sampled_from([None, 2]))
def test_render_json_matches_json_dumps_and_its_spans_decode_to_the_values(
    document: Json, indent: int | None
) -> None:
    text, spans = render_json(document, indent=indent)
    assert text == json.dumps(_plain(document), ensure_ascii=False, indent=indent)
    for span in spans:
        # The span covers the escaped form: decoding it as a JSON string gives the planted value.
        assert span.label == "X"
        assert json.loads('"' + text[span.start : span.end] + '"')
