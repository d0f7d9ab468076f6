"""Each operator alone: redact labels, mask rules, keyed hashes, tokenize fail-closed, tombstones."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlp.decision import Action, OperatorContext
from dlp.errors import ConfigError, InspectionError, VaultError
from dlp.operators import (
    HashOperator,
    MaskOperator,
    OperatorSet,
    RedactOperator,
    TokenizeOperator,
    mask_value,
)
from dlp.operators.hashing import pseudonym
from dlp.operators.tombstone import TombstoneOperator
from tests.operators.helpers import CTX, KEY, item


def test_redact_is_the_entity_label() -> None:
    assert RedactOperator().apply("a@b.example", item(Action.REDACT, 0, 11), CTX) == "[EMAIL_ADDRESS]"


@pytest.mark.parametrize(
    ("value", "keep_last", "mask_char", "expected"),
    [
        ("4111-1111-1111-1111", 4, "*", "****-****-****-1111"),
        ("4111111111111111", 4, "*", "************1111"),
        ("+1 (555) 123-4567", 4, "*", "+* (***) ***-4567"),
        ("123-45-6789", 4, "#", "###-##-6789"),
        ("123-45-6789", 0, "*", "***-**-****"),
        ("jo.doe@ex.com", 3, "*", "**.***@**.com"),
        # Never more than half of the letters and digits: a CVV keeps one digit, not all three.
        ("123", 4, "*", "**3"),
        ("ab", 4, "*", "*b"),
        ("a", 4, "*", "*"),
        ("--", 4, "*", "--"),
        ("ÄÖÜßé1", 2, "x", "xxxxé1"),
    ],
)
def test_mask(value: str, keep_last: int, mask_char: str, expected: str) -> None:
    assert mask_value(value, keep_last, mask_char) == expected
    masked = MaskOperator().apply(
        value, item(Action.MASK, 0, 1, keep_last=keep_last, mask_char=mask_char), CTX
    )
    assert masked == expected
    assert len(masked) == len(value)


HASHED = re.compile(r"\[EMAIL_ADDRESS:h_[a-z2-7]{16}\]\Z")


def test_hash_format_and_stability_per_tenant() -> None:
    operator = HashOperator(KEY)
    finding = item(Action.HASH, 0, 11)
    first = operator.apply("a@b.example", finding, OperatorContext(tenant="acme"))
    again = HashOperator(KEY).apply("a@b.example", finding, OperatorContext(tenant="acme", tool="other"))
    assert HASHED.match(first)
    assert first == again
    assert operator.apply("c@b.example", finding, OperatorContext(tenant="acme")) != first


def test_hash_differs_across_tenants_and_keys() -> None:
    finding = item(Action.HASH, 0, 11)
    acme = HashOperator(KEY).apply("a@b.example", finding, OperatorContext(tenant="acme"))
    globex = HashOperator(KEY).apply("a@b.example", finding, OperatorContext(tenant="globex"))
    other_key = HashOperator(bytes(32)).apply("a@b.example", finding, OperatorContext(tenant="acme"))
    assert len({acme, globex, other_key}) == 3


def test_pseudonym_is_independent_of_entity() -> None:
    person = HashOperator(KEY).apply("Ada", item(Action.HASH, 0, 3, entity="PERSON"), CTX)
    org = HashOperator(KEY).apply("Ada", item(Action.HASH, 0, 3, entity="ORGANIZATION"), CTX)
    assert person.split(":")[1] == org.split(":")[1] == pseudonym(KEY, "acme", "Ada") + "]"


def test_hash_key_must_be_long_and_is_never_shown() -> None:
    with pytest.raises(ConfigError, match="at least 32 bytes"):
        HashOperator(b"short")
    assert KEY.hex() not in repr(HashOperator(KEY))
    assert "hidden" in repr(HashOperator(KEY))
    assert repr(KEY) not in repr(OperatorSet(hash_key=KEY))


class RecordingTokenizer:
    """A real Tokenizer implementation (not a mock of the vault): deterministic, per tenant."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def tokenize(self, value: str, entity: str, context: OperatorContext) -> str:
        self.calls.append((entity, context.tenant))
        return f"tok_{entity.lower()}_{len(self.calls)}"


class EchoTokenizer:
    def tokenize(self, value: str, entity: str, context: OperatorContext) -> str:
        return value


class FailingTokenizer:
    def tokenize(self, value: str, entity: str, context: OperatorContext) -> str:
        raise VaultError("vault unavailable")


def test_tokenize_delegates_to_the_tokenizer() -> None:
    tokenizer = RecordingTokenizer()
    token = TokenizeOperator(tokenizer).apply("a@b.example", item(Action.TOKENIZE, 0, 11), CTX)
    assert token == "tok_email_address_1"
    assert tokenizer.calls == [("EMAIL_ADDRESS", "acme")]


def test_tokenize_without_tokenizer_fails_closed_without_the_value() -> None:
    with pytest.raises(InspectionError) as caught:
        TokenizeOperator(None).apply("a@b.example", item(Action.TOKENIZE, 0, 11), CTX)
    message = str(caught.value)
    assert "no" in message and "vault" in message and "rule r1" in message
    assert "a@b.example" not in message


def test_tokenize_refuses_a_token_that_echoes_the_value() -> None:
    with pytest.raises(InspectionError, match="unusable token"):
        TokenizeOperator(EchoTokenizer()).apply("a@b.example", item(Action.TOKENIZE, 0, 11), CTX)


def test_vault_errors_propagate() -> None:
    with pytest.raises(VaultError):
        TokenizeOperator(FailingTokenizer()).apply("x@y.example", item(Action.TOKENIZE, 0, 11), CTX)


def test_tombstone_notice_names_the_rule() -> None:
    notice = TombstoneOperator().apply("anything", item(Action.TOMBSTONE, 0, 8, rule_id="phi-wipe"), CTX)
    assert notice == "[removed by mcp-dlp: rule phi-wipe]"


def test_operator_set_has_no_operator_for_block() -> None:
    with pytest.raises(InspectionError):
        OperatorSet(hash_key=KEY).operator(Action.BLOCK)
    assert OperatorSet(hash_key=KEY).operator(Action.MASK).action is Action.MASK


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.integers(0, 32))
def test_mask_properties(value: str, keep_last: int) -> None:
    masked = mask_value(value, keep_last, "*")
    assert len(masked) == len(value)
    alnum = [i for i, char in enumerate(value) if char.isalnum()]
    shown = [i for i in alnum if masked[i] == value[i] and value[i] != "*"]
    # Only a suffix of the letters and digits is shown, and never more than half of them.
    assert len(shown) <= len(alnum) // 2
    assert shown == alnum[len(alnum) - len(shown) :]
    assert all(masked[i] == value[i] for i, char in enumerate(value) if not char.isalnum())
