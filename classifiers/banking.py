"""Validators for payment data: card issuer ranges, IBAN, ABA routing, BIC and crypto addresses.

Each validator takes the matched text and returns whether it could be real. The checks follow
the published formats: ISO/IEC 7812 issuer ranges, ISO 13616 (IBAN), the ABA 3-7-1 weighting,
ISO 9362 (BIC), Bitcoin base58check and BIP-173/BIP-350 bech32, Ethereum EIP-55.
"""

from __future__ import annotations

import hashlib

import phonenumbers

from dlp.classifiers.keccak import keccak256
from dlp.classifiers.patterns import digits_only, luhn_valid

# (low, high) prefixes compared on the same number of leading digits, and allowed lengths.
_CARD_RANGES: tuple[tuple[int, int, frozenset[int]], ...] = (
    (4, 4, frozenset({13, 16, 19})),  # Visa
    (51, 55, frozenset({16})),  # Mastercard
    (2221, 2720, frozenset({16})),  # Mastercard 2-series
    (34, 34, frozenset({15})),  # American Express
    (37, 37, frozenset({15})),
    (6011, 6011, frozenset(range(16, 20))),  # Discover
    (644, 649, frozenset(range(16, 20))),
    (65, 65, frozenset(range(16, 20))),
    (3528, 3589, frozenset(range(16, 20))),  # JCB
    (300, 305, frozenset(range(14, 20))),  # Diners Club
    (3095, 3095, frozenset(range(14, 20))),
    (36, 36, frozenset(range(14, 20))),
    (38, 39, frozenset(range(14, 20))),
    (62, 62, frozenset(range(16, 20))),  # UnionPay (Discover 622126-622925 sits inside)
    (2200, 2204, frozenset(range(16, 20))),  # Mir
    (5018, 5018, frozenset(range(12, 20))),  # Maestro
    (5020, 5020, frozenset(range(12, 20))),
    (5038, 5038, frozenset(range(12, 20))),
    (5893, 5893, frozenset(range(12, 20))),
    (6304, 6304, frozenset(range(12, 20))),
    (6759, 6759, frozenset(range(12, 20))),
    (6761, 6763, frozenset(range(12, 20))),
    (56, 58, frozenset(range(16, 20))),  # broad Maestro block: short lengths look like order ids
    (1800, 1800, frozenset({15})),  # JCB legacy 15-digit ranges
    (2131, 2131, frozenset({15})),
)


def card_issuer_known(digits: str) -> bool:
    """Whether the PAN's prefix and length fall in a known issuer range."""
    for low, high, lengths in _CARD_RANGES:
        width = len(str(low))
        if len(digits) in lengths and low <= int(digits[:width]) <= high:
            return True
    return False


def credit_card_valid(value: str) -> bool:
    """Card number: 12-19 digits, a known issuer range and a Luhn check digit."""
    digits = digits_only(value)
    if not 12 <= len(digits) <= 19 or len(set(digits)) == 1:
        return False
    # Grouped numbers use one kind of separator; "4111-1111 1111-1111" is two numbers glued.
    if "-" in value and " " in value:
        return False
    return card_issuer_known(digits) and luhn_valid(digits)


# ISO 13616 registry: country -> total IBAN length.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


def iban_valid(value: str) -> bool:
    """IBAN: registered country, that country's length, and mod-97 == 1."""
    compact = value.replace(" ", "").replace("-", "").upper()
    if IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    return int(numeric) % 97 == 1


def aba_routing_valid(value: str) -> bool:
    """ABA routing number: Federal Reserve prefix ranges and the 3-7-1 weighted checksum."""
    digits = digits_only(value)
    if len(digits) != 9 or len(set(digits)) == 1:
        return False
    prefix = int(digits[:2])
    if not (prefix <= 12 or 21 <= prefix <= 32 or 61 <= prefix <= 72 or prefix == 80):
        return False
    d = [int(c) for c in digits]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


# libphonenumber's region list is ISO 3166-1 alpha-2 plus XK (Kosovo, used by SWIFT too).
_COUNTRIES = frozenset(region for region in phonenumbers.SUPPORTED_REGIONS if len(region) == 2)


def swift_bic_valid(value: str) -> bool:
    """BIC: four-letter bank code, ISO country code, location, optional branch."""
    code = value.upper()
    if len(code) not in (8, 11) or not code[:6].isalpha() or code[4:6] not in _COUNTRIES:
        return False
    # A location code with "0" second marks a test BIC; "O" would be a misread zero.
    return code[7] != "O"


def swift_bic_coded(value: str) -> bool:
    """A BIC whose location or branch holds a digit: a shape ordinary words do not have."""
    return swift_bic_valid(value) and any(c.isdigit() for c in value[6:])


def swift_bic_letters(value: str) -> bool:
    """A BIC of letters only; such codes look like words and need a SWIFT/BIC keyword."""
    return swift_bic_valid(value) and value.isalpha()


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def bitcoin_base58_valid(value: str) -> bool:
    """Legacy Bitcoin address: base58check with version 0x00 (P2PKH) or 0x05 (P2SH)."""
    number = 0
    for char in value:
        index = _B58.find(char)
        if index < 0:
            return False
        number = number * 58 + index
    leading_zeros = len(value) - len(value.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    raw = b"\x00" * leading_zeros + body
    if len(raw) != 25 or raw[0] not in (0x00, 0x05):
        return False
    digest = hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()
    return digest[:4] == raw[21:]


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_CONST, _BECH32M_CONST = 1, 0x2BC830A3


def _bech32_polymod(values: list[int]) -> int:
    generators = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    checksum = 1
    for value in values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for bit in range(5):
            if (top >> bit) & 1:
                checksum ^= generators[bit]
    return checksum


def bitcoin_bech32_valid(value: str) -> bool:
    """Segwit address: bech32 (v0) or bech32m (v1+) checksum over the ``bc`` prefix."""
    if value.lower() != value and value.upper() != value:
        return False
    address = value.lower()
    hrp, _, data = address.rpartition("1")
    if hrp != "bc" or not 6 < len(data) <= 87:
        return False
    values = [_BECH32.find(c) for c in data]
    if min(values) < 0:
        return False
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + values
    constant = _BECH32_CONST if values[0] == 0 else _BECH32M_CONST
    return _bech32_polymod(expanded) == constant


def ethereum_single_case(value: str) -> bool:
    """0x + 40 hex in one case: the shape without a checksum (not a run of one digit)."""
    body = value[2:]
    return len(body) == 40 and (body == body.lower() or body == body.upper()) and len(set(body)) >= 4


def ethereum_checksummed(value: str) -> bool:
    """0x + 40 hex in mixed case that matches its EIP-55 checksum."""
    body = value[2:]
    if len(body) != 40 or body == body.lower() or body == body.upper():
        return False
    digest = keccak256(body.lower().encode()).hex()[:40]
    return all((c.upper() if int(h, 16) >= 8 else c.lower()) == c for c, h in zip(body, digest, strict=True))
