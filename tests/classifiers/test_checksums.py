"""Property tests: every built-valid number passes its validator; one changed digit fails it."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlp.classifiers import banking, checksums
from dlp.classifiers.keccak import keccak256
from tests.classifiers import factories

Builder = Callable[[random.Random], str]
Validator = Callable[[str], bool]

# (builder, validator, positions of digits whose change the check must catch: None = all)
CHECKED: dict[str, tuple[Builder, Validator, slice | None]] = {
    "uk_nhs": (factories.nhs, checksums.uk_nhs_valid, None),
    "ca_sin": (factories.ca_sin, checksums.ca_sin_valid, slice(1, None)),
    "es_nif": (factories.es_nif, checksums.es_nif_valid, None),
    "it_fiscal_code": (factories.it_fiscal_code, checksums.it_fiscal_code_valid, None),
    "nl_bsn": (factories.nl_bsn, checksums.nl_bsn_valid, None),
    "pl_pesel": (factories.pesel, checksums.pl_pesel_valid, None),
    "fr_nir": (factories.fr_nir, checksums.fr_nir_valid, slice(1, None)),
    "se_personnummer": (factories.se_personnummer, checksums.se_personnummer_valid, None),
    "npi": (factories.npi, checksums.npi_valid, slice(1, None)),
    # The DEA check doubles even positions, so +-5 there is invisible; odd ones and the check
    # digit are always caught.
    "dea": (factories.dea, checksums.dea_valid, slice(0, None, 2)),
    "iban": (factories.iban, banking.iban_valid, slice(2, None)),
    "aba": (factories.aba, banking.aba_routing_valid, slice(2, None)),
    "card": (
        lambda rng: factories.luhn_complete("4" + factories.digits(rng, 14)),
        banking.credit_card_valid,
        slice(1, None),
    ),
}


def _change_digit(value: str, positions: slice | None, pick: int, delta: int) -> str:
    digit_indexes = [i for i, c in enumerate(value) if c.isdigit()]
    candidates = digit_indexes[positions] if positions is not None else digit_indexes
    index = candidates[pick % len(candidates)]
    new = str((int(value[index]) + delta) % 10)
    return value[:index] + new + value[index + 1 :]


@pytest.mark.parametrize("name", sorted(CHECKED))
@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), pick=st.integers(0, 40), delta=st.integers(1, 9))
def test_valid_numbers_pass_and_one_changed_digit_fails(name: str, seed: int, pick: int, delta: int) -> None:
    build, valid, positions = CHECKED[name]
    value = build(random.Random(seed))
    assert valid(value), value
    assert not valid(_change_digit(value, positions, pick, delta))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32), pick=st.integers(0, 40))
def test_changing_the_mod23_letter_of_a_nif_fails(seed: int, pick: int) -> None:
    value = factories.es_nif(random.Random(seed))
    letters = [c for c in "TRWAGMYFPDXBNJZSQVHLCKE" if c != value[-1]]
    assert not checksums.es_nif_valid(value[:-1] + letters[pick % len(letters)])


@pytest.mark.parametrize(
    ("build", "valid"),
    [
        (factories.bitcoin_base58, banking.bitcoin_base58_valid),
        (factories.bitcoin_bech32, banking.bitcoin_bech32_valid),
    ],
)
@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), pick=st.integers(0, 80), shift=st.integers(1, 20))
def test_crypto_addresses_detect_one_changed_character(
    build: Builder, valid: Validator, seed: int, pick: int, shift: int
) -> None:
    value = build(random.Random(seed))
    assert valid(value)
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    if value.startswith("bc1"):
        alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
    start = 3 if value.startswith("bc1") else 1
    index = start + pick % (len(value) - start)
    new = alphabet[(alphabet.index(value[index]) + shift) % len(alphabet)]
    assert not valid(value[:index] + new + value[index + 1 :])


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32), pick=st.integers(0, 39))
def test_eip55_detects_one_flipped_case(seed: int, pick: int) -> None:
    value = factories.ethereum_checksummed(random.Random(seed))
    assert banking.ethereum_checksummed(value)
    letters = [i for i, c in enumerate(value) if i > 1 and c.isalpha()]
    if len(letters) < 2:
        return
    index = letters[pick % len(letters)]
    flipped = value[:index] + value[index].swapcase() + value[index + 1 :]
    assert not banking.ethereum_checksummed(flipped)


def test_keccak256_known_answers() -> None:
    assert keccak256(b"").hex() == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    assert keccak256(b"abc").hex() == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
    # Longer than one 136-byte block exercises the absorb loop.
    assert len(keccak256(b"x" * 300)) == 32
