"""Token format: derivation, rendering, finding and parsing."""

from __future__ import annotations

import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlp.errors import VaultError
from dlp.vault.tokens import (
    TOKEN_ID_CHARS,
    derive_token_id,
    find_tokens,
    format_token,
    lookup_hmac,
    parse_token,
)

KEY_A = bytes(range(32))
KEY_B = bytes(range(1, 33))
ENTITIES = st.from_regex(r"[A-Z][A-Z0-9_]{0,20}", fullmatch=True)


@given(value=st.text(max_size=200), entity=ENTITIES)
def test_token_is_deterministic_and_renders_findable(value: str, entity: str) -> None:
    token_id = derive_token_id(KEY_A, entity, value)
    assert token_id == derive_token_id(KEY_A, entity, value)
    assert len(token_id) == 3 + TOKEN_ID_CHARS and token_id.startswith("tk_")
    token = format_token(entity, token_id)
    text = f"before {token} after"
    assert find_tokens(text) == [(7, 7 + len(token), entity, token_id)]
    assert parse_token(token) == (entity, token_id)
    assert parse_token(token_id) == (None, token_id)


@given(value=st.text(max_size=50))
def test_keys_entities_and_purposes_separate(value: str) -> None:
    assert derive_token_id(KEY_A, "PERSON", value) != derive_token_id(KEY_B, "PERSON", value)
    assert derive_token_id(KEY_A, "PERSON", value) != derive_token_id(KEY_A, "EMAIL_ADDRESS", value)
    assert lookup_hmac(KEY_A, "PERSON", value) != lookup_hmac(KEY_B, "PERSON", value)


def test_field_boundaries_are_unambiguous() -> None:
    assert derive_token_id(KEY_A, "AB", "C") != derive_token_id(KEY_A, "A", "BC")


def test_no_collisions_in_a_sample() -> None:
    ids = {derive_token_id(KEY_A, "PERSON", secrets.token_hex(8)) for _ in range(5000)}
    assert len(ids) == 5000


def test_find_tokens_in_text() -> None:
    a = format_token("EMAIL_ADDRESS", derive_token_id(KEY_A, "EMAIL_ADDRESS", "a@b.c"))
    b = format_token("US_SSN", derive_token_id(KEY_A, "US_SSN", "078-05-1120"))
    found = find_tokens(f"{a},{b} [[lower:tk_x]] [[PERSON:tk_short]]")
    assert [(f[2], f[0]) for f in found] == [("EMAIL_ADDRESS", 0), ("US_SSN", len(a) + 1)]


@pytest.mark.parametrize(
    "bad", ["", "tk_", "tk_" + "a" * 21, "[[PERSON:tk_" + "a" * 21 + "]]", "[[person:tk_" + "a" * 22 + "]]"]
)
def test_parse_rejects_malformed(bad: str) -> None:
    with pytest.raises(VaultError):
        parse_token(bad)


@pytest.mark.parametrize("entity", ["", "email", "1ABC", "A-B", "A" * 65])
def test_entity_names_are_checked(entity: str) -> None:
    with pytest.raises(VaultError):
        derive_token_id(KEY_A, entity, "v")
