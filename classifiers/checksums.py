"""Validators for national identity and health numbers: documented format rules and check digits.

Each validator takes the matched text (separators included) and returns whether it is a number
the issuing authority could have assigned. They are pure, allocation-light and never raise.
"""

from __future__ import annotations

import datetime as dt

from dlp.classifiers.patterns import digits_only, luhn_valid

# SSA publishes these as never valid or burned by publication (Woolworth wallet card, advertising
# samples, the LifeLock number) or as the canonical documentation example.
_BURNED_SSNS = frozenset({"078051120", "219099999", "457555462", "123456789"})


def us_ssn_valid(value: str) -> bool:
    """SSA rules: area not 000/666/900-999, group not 00, serial not 0000, not a burned number."""
    digits = digits_only(value)
    if len(digits) != 9 or digits in _BURNED_SSNS or len(set(digits)) == 1:
        return False
    area, group, serial = int(digits[:3]), digits[3:5], digits[5:]
    return area not in {0, 666} and area < 900 and group != "00" and serial != "0000"


def _itin_group_valid(group: int) -> bool:
    return 50 <= group <= 65 or 70 <= group <= 88 or 90 <= group <= 92 or 94 <= group <= 99


def us_itin_valid(value: str) -> bool:
    """IRS ITIN: area 900-999 and group in 50-65, 70-88, 90-92 or 94-99."""
    digits = digits_only(value)
    return len(digits) == 9 and digits[0] == "9" and _itin_group_valid(int(digits[3:5]))


# IRS campus prefixes ever assigned; 00, 07-09, 17-19, 28-29, 49, 69-70, 78-79, 89, 96-97 are not.
_EIN_PREFIXES = frozenset(
    f"{n:02d}"
    for n in (
        *range(1, 7),
        *range(10, 17),
        *range(20, 28),
        *range(30, 49),
        *range(50, 69),
        *range(71, 78),
        *range(80, 89),
        *range(90, 96),
        98,
        99,
    )
)


def us_ein_valid(value: str) -> bool:
    """EIN: nine digits whose two-digit prefix the IRS has assigned."""
    digits = digits_only(value)
    return len(digits) == 9 and digits[:2] in _EIN_PREFIXES and digits[2:] != "0000000"


_NINO_BAD_FIRST = frozenset("DFIQUV")
_NINO_BAD_SECOND = frozenset("DFIQUVO")
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def uk_nino_valid(value: str) -> bool:
    """HMRC prefix rules: excluded letters and never-issued prefixes; suffix A-D."""
    compact = value.replace(" ", "").upper()
    if len(compact) not in (8, 9):
        return False
    prefix = compact[:2]
    if prefix[0] in _NINO_BAD_FIRST or prefix[1] in _NINO_BAD_SECOND or prefix in _NINO_BAD_PREFIXES:
        return False
    return len(compact) == 8 or compact[8] in "ABCD"


def uk_nhs_valid(value: str) -> bool:
    """NHS number modulus 11: weights 10..2, check = 11 - remainder (11 -> 0, 10 invalid)."""
    digits = digits_only(value)
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def ca_sin_valid(value: str) -> bool:
    """Canadian SIN: nine digits, Luhn, first digit not 0 or 8 (never assigned)."""
    digits = digits_only(value)
    return len(digits) == 9 and digits[0] not in "08" and luhn_valid(digits)


_NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_nif_valid(value: str) -> bool:
    """Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): mod-23 letter."""
    compact = value.replace("-", "").replace(" ", "").upper()
    if len(compact) != 9:
        return False
    body = compact[:8]
    if body[0] in "XYZ":
        body = str("XYZ".index(body[0])) + body[1:]
    if not body.isdigit():
        return False
    return _NIF_LETTERS[int(body) % 23] == compact[8]


# Codice fiscale check character: values of characters in odd (1st, 3rd, ...) positions.
_CF_ODD = (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23)
_CF_MONTHS = "ABCDEHLMPRST"
# Omocodia: digits replaced by letters when two people would share a code.
_CF_OMOCODE = "LMNPQRSTUV"


def _cf_value(char: str, odd: bool) -> int:
    index = int(char) if char.isdigit() else ord(char) - 65
    return _CF_ODD[index] if odd else index


def it_fiscal_code_valid(value: str) -> bool:
    """Italian codice fiscale: shape, month letter, day range and the check character."""
    code = value.upper()
    if len(code) != 16 or not code.isalnum():
        return False
    numeric = "".join(
        str(_CF_OMOCODE.index(c)) if i in (6, 7, 9, 10, 12, 13, 14) and c in _CF_OMOCODE else c
        for i, c in enumerate(code)
    )
    if not (numeric[6:8] + numeric[9:11] + numeric[12:15]).isdigit() or numeric[8] not in _CF_MONTHS:
        return False
    day = int(numeric[9:11])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        return False
    total = sum(_cf_value(c, i % 2 == 0) for i, c in enumerate(code[:15]))
    return chr(65 + total % 26) == code[15]


def nl_bsn_valid(value: str) -> bool:
    """Dutch BSN eleven-test: weights 9..2 and -1 on the last digit, sum divisible by 11."""
    digits = digits_only(value)
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def pl_pesel_valid(value: str) -> bool:
    """PESEL: weights 1,3,7,9 repeating, and an encoded birth date (century in the month)."""
    digits = digits_only(value)
    if len(digits) != 11:
        return False
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    total = sum(int(d) * w for d, w in zip(digits[:10], weights, strict=True))
    if (10 - total % 10) % 10 != int(digits[10]):
        return False
    year, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    century = {0: 1900, 1: 2000, 2: 2100, 3: 2200, 4: 1800}[month // 20]
    return _valid_date(century + year, month % 20, day)


def fr_nir_valid(value: str) -> bool:
    """French NIR: sex digit, month, Corsican 2A/2B departments, key = 97 - (n mod 97)."""
    compact = value.replace(" ", "").replace(".", "").upper()
    if len(compact) != 15 or compact[0] not in "12378":
        return False
    body, key = compact[:13], compact[13:]
    # Corsica: INSEE computes the key with 2A -> 19 and 2B -> 18; some issuers' software also
    # subtracts 1,000,000 / 2,000,000 after substituting. Accept either reading.
    offsets: tuple[int, ...] = (0,)
    if body[5:7] == "2A":
        body, offsets = body[:5] + "19" + body[7:], (0, 1_000_000)
    elif body[5:7] == "2B":
        body, offsets = body[:5] + "18" + body[7:], (0, 2_000_000)
    if not body.isdigit() or not key.isdigit():
        return False
    month = int(body[3:5])
    # 20 and 30-42 and 50-99 appear on numbers issued from incomplete civil records.
    if not (1 <= month <= 12 or month == 20 or 30 <= month <= 42 or 50 <= month <= 99):
        return False
    return any(97 - (int(body) - offset) % 97 == int(key) for offset in offsets)


def se_personnummer_valid(value: str) -> bool:
    """Swedish personnummer/samordningsnummer: a real date (day+60 allowed) and Luhn over 10."""
    digits = digits_only(value)
    if len(digits) == 12:
        century = int(digits[:2]) * 100
        if century not in (1800, 1900, 2000):
            return False
        digits = digits[2:]
        year = century + int(digits[:2])
    elif len(digits) == 10:
        # A two-digit year cannot tell the century; 2000 is a leap year and accepts every date.
        year = 2000
    else:
        return False
    month, day = int(digits[2:4]), int(digits[4:6])
    if day > 60:
        day -= 60
    return _valid_date(year, month, day) and luhn_valid(digits)


def npi_valid(value: str) -> bool:
    """NPI: ten digits starting 1 or 2; Luhn computed over the 80840 card-issuer prefix."""
    digits = digits_only(value)
    return len(digits) == 10 and digits[0] in "12" and luhn_valid("80840" + digits)


_DEA_FIRST = frozenset("ABCDEFGHJKLMPRSTUX")


def dea_valid(value: str) -> bool:
    """DEA registration: registrant letter, name initial (or 9), 7 digits with the DEA check."""
    code = value.upper()
    if len(code) != 9 or code[0] not in _DEA_FIRST or not (code[1].isalpha() or code[1] == "9"):
        return False
    digits = code[2:]
    if not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


# CMS excludes S, L, O, I, B and Z from MBIs so they cannot be misread as digits.
MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"


def us_mbi_valid(value: str) -> bool:
    """Medicare Beneficiary Identifier: the CMS position-by-position character classes."""
    code = value.replace("-", "").upper()
    if len(code) != 11:
        return False
    letter, digit = set(MBI_LETTERS), set("0123456789")
    classes = (
        set("123456789"),
        letter,
        letter | digit,
        digit,
        letter,
        letter | digit,
        digit,
        letter,
        letter,
        digit,
        digit,
    )
    return all(c in allowed for c, allowed in zip(code, classes, strict=True))
