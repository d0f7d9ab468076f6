"""Builders of valid identifiers: random body, computed check digit (for tests and the Faker check).

Each builder takes a :class:`random.Random` so hypothesis and seeded runs are reproducible.
"""

from __future__ import annotations

import hashlib
import random
import string

from dlp.classifiers.banking import IBAN_LENGTHS
from dlp.classifiers.checksums import MBI_LETTERS
from dlp.classifiers.keccak import keccak256
from dlp.classifiers.patterns import luhn_valid


def digits(rng: random.Random, count: int) -> str:
    """``count`` random decimal digits."""
    return "".join(rng.choice(string.digits) for _ in range(count))


def luhn_complete(body: str) -> str:
    """``body`` plus the Luhn check digit."""
    return next(body + d for d in string.digits if luhn_valid(body + d))


def nhs(rng: random.Random) -> str:
    """A valid NHS number (3-3-4 spaced)."""
    while True:
        body = digits(rng, 9)
        check = 11 - sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10 and len(set(body)) > 1:
            number = body + str(check)
            return f"{number[:3]} {number[3:6]} {number[6:]}"


def ca_sin(rng: random.Random) -> str:
    """A valid Canadian SIN (3-3-3 spaced)."""
    number = luhn_complete(rng.choice("1234567") + digits(rng, 7))
    return f"{number[:3]} {number[3:6]} {number[6:]}"


def es_nif(rng: random.Random) -> str:
    """A valid DNI, or an NIE one time in three."""
    letters = "TRWAGMYFPDXBNJZSQVHLCKE"
    if rng.random() < 0.33:
        prefix = rng.choice("XYZ")
        body = digits(rng, 7)
        return prefix + body + letters[int(str("XYZ".index(prefix)) + body) % 23]
    body = digits(rng, 8)
    return body + letters[int(body) % 23]


_CF_ODD = (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23)


def it_fiscal_code(rng: random.Random) -> str:
    """A valid codice fiscale."""
    upper = string.ascii_uppercase
    day = rng.randint(1, 28) + rng.choice((0, 40))
    body = (
        "".join(rng.choice(upper) for _ in range(6))
        + digits(rng, 2)
        + rng.choice("ABCDEHLMPRST")
        + f"{day:02d}"
        + rng.choice(upper)
        + digits(rng, 3)
    )
    total = 0
    for i, c in enumerate(body):
        index = int(c) if c.isdigit() else ord(c) - 65
        total += _CF_ODD[index] if i % 2 == 0 else index
    return body + chr(65 + total % 26)


def nl_bsn(rng: random.Random) -> str:
    """A valid BSN."""
    while True:
        body = digits(rng, 8)
        total = sum(int(d) * w for d, w in zip(body, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10 and body != "00000000":
            return body + str(check)


def pesel(rng: random.Random) -> str:
    """A valid PESEL for someone born 1900-2099."""
    year = rng.randint(1900, 2099)
    month = rng.randint(1, 12) + (20 if year >= 2000 else 0)
    body = f"{year % 100:02d}{month:02d}{rng.randint(1, 28):02d}" + digits(rng, 4)
    total = sum(int(d) * w for d, w in zip(body, (1, 3, 7, 9, 1, 3, 7, 9, 1, 3), strict=True))
    return body + str((10 - total % 10) % 10)


def fr_nir(rng: random.Random) -> str:
    """A valid NIR (continental department), spaced as on the carte Vitale."""
    body = (
        f"{rng.choice('12')}{rng.randint(0, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 95):02d}"
        + digits(rng, 6)
    )
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


def se_personnummer(rng: random.Random) -> str:
    """A valid personnummer YYMMDD-NNNC."""
    body = f"{rng.randint(0, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" + digits(rng, 3)
    number = luhn_complete(body)
    return number[:6] + "-" + number[6:]


def uk_nino(rng: random.Random) -> str:
    """A NINO with an allocatable prefix."""
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    if first + second in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
        first, second = "A", "B"
    d = digits(rng, 6)
    return f"{first}{second} {d[:2]} {d[2:4]} {d[4:]} {rng.choice('ABCD')}"


def npi(rng: random.Random) -> str:
    """A valid NPI."""
    body = rng.choice("12") + digits(rng, 8)
    return luhn_complete("80840" + body)[5:]


def dea(rng: random.Random) -> str:
    """A valid DEA registration number."""
    d = [int(c) for c in digits(rng, 6)]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return rng.choice("ABFGMPRX") + rng.choice(string.ascii_uppercase) + "".join(map(str, d)) + str(check)


def mbi(rng: random.Random) -> str:
    """A well-formed MBI, dashed as on the card."""
    letter, alnum = MBI_LETTERS, string.digits + MBI_LETTERS
    chars = (
        rng.choice("123456789"),
        rng.choice(letter),
        rng.choice(alnum),
        rng.choice(string.digits),
        rng.choice(letter),
        rng.choice(alnum),
        rng.choice(string.digits),
        rng.choice(letter),
        rng.choice(letter),
        rng.choice(string.digits),
        rng.choice(string.digits),
    )
    code = "".join(chars)
    return f"{code[:4]}-{code[4:7]}-{code[7:]}"


def iban(rng: random.Random, country: str | None = None) -> str:
    """A valid IBAN for ``country`` (random registered country when None), grouped by four."""
    country = country or rng.choice(sorted(IBAN_LENGTHS))
    bban = digits(rng, IBAN_LENGTHS[country] - 4)
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    compact = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def aba(rng: random.Random) -> str:
    """A valid ABA routing number."""
    while True:
        prefix = f"{rng.choice((*range(1, 13), *range(21, 33), *range(61, 73), 80)):02d}"
        body = prefix + digits(rng, 6)
        d = [int(c) for c in body]
        for last in range(10):
            total = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + last
            if total % 10 == 0:
                return body + str(last)


_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def bitcoin_base58(rng: random.Random) -> str:
    """A P2PKH or P2SH address over a random hash."""
    payload = bytes([rng.choice((0, 5))]) + rng.randbytes(20)
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    number = int.from_bytes(raw, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = _B58[rem] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def bitcoin_bech32(rng: random.Random) -> str:
    """A segwit v0 (bech32) or v1 (bech32m) address over random program bytes."""
    version = rng.choice((0, 1))
    program = rng.randbytes(20 if version == 0 else 32)
    bits = "".join(f"{b:08b}" for b in program)
    bits += "0" * (-len(bits) % 5)
    data = [version] + [int(bits[i : i + 5], 2) for i in range(0, len(bits), 5)]
    const = 1 if version == 0 else 0x2BC830A3
    expanded = [ord(c) >> 5 for c in "bc"] + [0] + [ord(c) & 31 for c in "bc"] + data + [0] * 6
    mod = _polymod(expanded) ^ const
    checksum = [(mod >> 5 * (5 - i)) & 31 for i in range(6)]
    return "bc1" + "".join(_BECH32[v] for v in data + checksum)


def ethereum_checksummed(rng: random.Random) -> str:
    """An EIP-55 mixed-case address."""
    body = rng.randbytes(20).hex()
    digest = keccak256(body.encode()).hex()
    return "0x" + "".join(c.upper() if int(h, 16) >= 8 else c for c, h in zip(body, digest, strict=False))
