"""Validators for contact and network data: phone numbers, e-mail, dates of birth, IP and MAC.

The regexes in :mod:`dlp.classifiers.pii` find candidates; these functions decide whether a
candidate is real, so the expensive or fussy checks (libphonenumber, ``ipaddress``, calendar
arithmetic) only run on text that already has the right shape.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re

import phonenumbers

from dlp.classifiers.patterns import digits_only

# "2024-01-15 10" has ten digits and a valid US area code; an ISO date start is never a phone.
_DATE_LIKE = re.compile(r"(?:19|20)\d\d[-. ](?:0?[1-9]|1[0-2])[-. ]", re.ASCII)
_EXTENSION = re.compile(r"[ ]?(?:x|ext)", re.ASCII)
# "131.245.140.60" parses as a valid US number; a dotted quad is an IPv4 address.
_DOTTED_QUAD = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}", re.ASCII)


def phone_number_valid(value: str) -> bool:
    """libphonenumber says the number exists; numbers without ``+`` are read as US numbers."""
    digits = digits_only(_EXTENSION.split(value, 1)[0])
    if not 7 <= len(digits) <= 15 or len(set(digits)) < 3:
        return False
    if _DATE_LIKE.match(value) or _DOTTED_QUAD.fullmatch(value):
        return False
    try:
        number = phonenumbers.parse(value, None if value.startswith("+") else "US")
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(number))


#: Regions whose national dialling formats a deployment in North America or Europe meets; a
#: number written without "+" is accepted when one of them says it exists.
NATIONAL_REGIONS = (
    "GB",
    "IE",
    "DE",
    "AT",
    "CH",
    "FR",
    "BE",
    "NL",
    "LU",
    "ES",
    "PT",
    "IT",
    "SE",
    "DK",
    "NO",
    "FI",
    "PL",
    "CZ",
    "US",
    "CA",
    "AU",
)


def national_phone_number_valid(value: str) -> bool:
    """A number in some region's national format that libphonenumber says exists (no ``+``)."""
    digits = digits_only(_EXTENSION.split(value, 1)[0])
    if not 9 <= len(digits) <= 12 or len(set(digits)) < 3 or value.startswith("+"):
        return False
    if _DATE_LIKE.match(value) or _DOTTED_QUAD.fullmatch(value):
        return False
    for region in NATIONAL_REGIONS:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number_for_region(number, region):
            return True
    return False


# Image and source names share the e-mail shape ("logo@2x.png", "pkg@1.2.3.tgz").
_FILE_SUFFIXES = frozenset(
    {"png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "js", "mjs", "ts", "tsx", "css", "json",
     "py", "rb", "tgz", "zip", "gz", "map", "lock", "yaml", "yml", "txt", "md", "html"}
)  # fmt: skip


def email_valid(value: str) -> bool:
    """Not an image or source file name; no dot runs, edge dots or edge hyphens in labels."""
    local, _, domain = value.rpartition("@")
    if ".." in value or local[0] in ".-+%" or local.endswith("."):
        return False
    if any(label.startswith("-") or label.endswith("-") for label in domain.split(".")):
        return False
    return domain.rsplit(".", 1)[-1].lower() not in _FILE_SUFFIXES


_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_NUMBERS = re.compile(r"\d+", re.ASCII)
_WORD = re.compile(r"[A-Za-z]+", re.ASCII)


def _plausible_birth(year: int, month: int, day: int) -> bool:
    if year < 100:
        # Two-digit years: a birth date is in the past, so 30 means 1930 and 05 means 2005.
        year += 2000 if 2000 + year <= dt.date.today().year else 1900
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    today = dt.date.today()
    return today.year - 125 <= born.year and born <= today


def birth_date_valid(value: str) -> bool:
    """A real calendar date in the last 125 years, in ISO, US, European or month-name form."""
    numbers = [int(n) for n in _NUMBERS.findall(value)]
    months = [_MONTHS[w.lower()] for w in _WORD.findall(value) if w.lower() in _MONTHS]
    month_name = months[0] if months else None
    if month_name is not None:
        if len(numbers) != 2:
            return False
        day, year = (numbers[0], numbers[1]) if numbers[0] <= 31 else (numbers[1], numbers[0])
        return _plausible_birth(year, month_name, day)
    if len(numbers) != 3:
        return False
    first, second, third = numbers
    if first > 31:
        return _plausible_birth(first, second, third)
    # Ambiguous 03/04/1990: accept when either the US or the European reading is a real date.
    return _plausible_birth(third, first, second) or _plausible_birth(third, second, first)


def ipv4_valid(value: str) -> bool:
    """A dotted quad ``ipaddress`` accepts, except the unspecified address and netmasks."""
    try:
        address = ipaddress.IPv4Address(value)
    except ValueError:
        return False
    return not address.is_unspecified and not value.startswith("255.")


def ipv6_valid(value: str) -> bool:
    """An IPv6 address with at least three hex digits of content (not ``::`` or ``a::b`` noise)."""
    try:
        address = ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return not address.is_unspecified and sum(c.isalnum() for c in value) >= 3


def mac_valid(value: str) -> bool:
    """Not the all-zero or broadcast address (placeholders, not a device)."""
    hex_digits = "".join(c for c in value.lower() if c in "0123456789abcdef")
    return len(hex_digits) == 12 and hex_digits not in {"0" * 12, "f" * 12}
