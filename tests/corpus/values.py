"""Generators of realistic sensitive values and look-alike negatives, all from a seeded RNG.

Checksummed formats are generated valid (Luhn, mod-97, mod-11, CRC32) from their documented
definitions, so a detector that validates must accept them; negatives are shaped to tempt a
detector that does not.
"""

from __future__ import annotations

import base64
import random
import string
import zlib
from datetime import date, timedelta

import phonenumbers
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from faker import Faker

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
#: Locale -> ISO region for phone numbers.
REGIONS = {
    "en_US": "US",
    "en_GB": "GB",
    "de_DE": "DE",
    "fr_FR": "FR",
    "es_ES": "ES",
    "it_IT": "IT",
    "nl_NL": "NL",
}
# Brands whose Faker prefixes are all inside the issuer's assigned ranges (Faker's maestro and
# 13-digit visa are arguable, and its JCB prefix is checked below).
CARD_BRANDS = (
    "visa16",
    "visa16",
    "visa19",
    "mastercard",
    "mastercard",
    "amex",
    "discover",
    "jcb16",
    "diners",
)
ICD10 = ("E11.9", "I10", "J45.909", "F32.9", "M54.5", "K21.9", "E78.5", "N39.0", "J06.9", "G43.909",
         "C50.911", "Z79.4", "I25.10", "F41.1", "R51.9", "S52.501A", "O24.419", "E03.9")  # fmt: skip
_PHONE_FORMATS = (
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.NATIONAL,
    phonenumbers.PhoneNumberFormat.E164,
)


def luhn_check_digit(payload: str) -> str:
    """The Luhn digit that makes ``payload + digit`` pass."""
    total = 0
    for index, char in enumerate(reversed(payload)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    """Whether ``number`` passes the Luhn check."""
    return luhn_check_digit(number[:-1]) == number[-1]


def iban_ok(iban: str) -> bool:
    """ISO 13616 mod-97 check."""
    compact = iban.replace(" ", "")
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def group(value: str, sizes: tuple[int, ...], sep: str) -> str:
    """``value`` cut into groups of ``sizes`` joined by ``sep`` (the rest forms a last group)."""
    parts, at = [], 0
    for size in sizes:
        parts.append(value[at : at + size])
        at += size
    if at < len(value):
        parts.append(value[at:])
    return sep.join(p for p in parts if p)


class Values:
    """Sensitive values and negatives drawn from one seeded RNG and Faker per locale."""

    def __init__(self, rng: random.Random, fakers: dict[str, Faker]) -> None:
        self.rng = rng
        self.fakers = fakers

    # --- personal data -------------------------------------------------------------------------
    def phone(self, locale: str) -> str:
        """A libphonenumber-valid number of the locale's country in a common format."""
        region = REGIONS[locale]
        fake = self.fakers[locale]
        for _ in range(200):
            try:
                parsed = phonenumbers.parse(fake.phone_number(), region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                return phonenumbers.format_number(parsed, self.rng.choice(_PHONE_FORMATS))
        example = phonenumbers.example_number(region)
        assert example is not None
        return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    def ssn(self) -> str:
        """A US SSN that satisfies the SSA rules (no 000/666/9xx area, 00 group, 0000 serial)."""
        area = self.rng.choice([n for n in range(1, 900) if n != 666])
        value = f"{area:03d}{self.rng.randint(1, 99):02d}{self.rng.randint(1, 9999):04d}"
        return group(value, (3, 2, 4), self.rng.choice(["-", "-", "-", " "]))

    def itin(self) -> str:
        """A US ITIN: 9xx, group 50-65, 70-88, 90-92 or 94-99."""
        groups = [*range(50, 66), *range(70, 89), 90, 91, 92, *range(94, 100)]
        return f"9{self.rng.randint(0, 99):02d}-{self.rng.choice(groups)}-{self.rng.randint(0, 9999):04d}"

    def nino(self) -> str:
        """A UK National Insurance number in a valid prefix series."""
        first = [c for c in string.ascii_uppercase if c not in "DFIQUV"]
        second = [c for c in first if c != "O"]
        while True:
            prefix = self.rng.choice(first) + self.rng.choice(second)
            if prefix not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
                break
        digits = f"{self.rng.randint(0, 999999):06d}"
        suffix = self.rng.choice("ABCD")
        if self.rng.random() < 0.5:
            return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
        return f"{prefix}{digits}{suffix}"

    def nhs(self) -> str:
        """A UK NHS number with a valid mod-11 check digit, spaced 3-3-4."""
        while True:
            body = f"{self.rng.randint(400000000, 999999999)}"
            check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
            if check != 10:
                return group(body + str(0 if check == 11 else check), (3, 3), " ")

    def dob(self) -> str:
        """A date of birth in one of the common written forms."""
        # Not Faker's date_of_birth: it counts from today, which would change the corpus daily.
        born = date(1935, 1, 1) + timedelta(days=self.rng.randint(0, 26000))
        fmt = self.rng.choice(["%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%B %d, %Y", "%d %b %Y"])
        return born.strftime(fmt)

    # --- payment data --------------------------------------------------------------------------
    def card(self) -> str:
        """A Luhn-valid card of a random brand, plain, spaced or dashed."""
        brand = self.rng.choice(CARD_BRANDS)
        number = self.fakers["en_US"].credit_card_number(card_type=brand)
        # JCB's range is 3528-3589; Faker draws any 35xx.
        while brand == "jcb16" and not 3528 <= int(number[:4]) <= 3589:
            number = self.fakers["en_US"].credit_card_number(card_type=brand)
        assert luhn_ok(number)
        style = self.rng.choice(["plain", "space", "dash"])
        if style == "plain":
            return number
        sizes = {15: (4, 6, 5), 14: (4, 6, 4)}.get(len(number), (4, 4, 4, 4))
        return group(number, sizes, " " if style == "space" else "-")

    def iban(self, locale: str) -> str:
        """A mod-97-valid IBAN of the locale's country (GB for en_US), maybe spaced by four."""
        fake = self.fakers["en_GB" if locale == "en_US" else locale]
        value = fake.iban()
        assert iban_ok(value), "faker produced an invalid IBAN"
        return group(value, (4,) * 8, " ") if self.rng.random() < 0.5 else value

    def aba(self) -> str:
        """A US routing number with a valid 3-7-1 checksum."""
        return str(self.fakers["en_US"].aba())

    # --- health data ---------------------------------------------------------------------------
    def npi(self) -> str:
        """A US NPI: 10 digits, Luhn over the 80840 prefix."""
        body = self.rng.choice("12") + f"{self.rng.randint(0, 99999999):08d}"
        return body + luhn_check_digit("80840" + body)

    def mrn(self) -> str:
        """A hospital medical record number."""
        return self.rng.choice(["", "MRN", "H", "A"]) + f"{self.rng.randint(100000, 99999999):08d}"

    def icd10(self) -> str:
        """A real ICD-10-CM diagnosis code."""
        return self.rng.choice(ICD10)

    # --- secrets -------------------------------------------------------------------------------
    def token(self, length: int, alphabet: str = ALNUM) -> str:
        """Random characters from ``alphabet``."""
        return "".join(self.rng.choice(alphabet) for _ in range(length))

    def github_pat(self, prefix: str = "ghp_") -> str:
        """A GitHub token: 30 base62 characters and the base62 CRC32 of them, 6 characters."""
        body = self.token(30, BASE62)
        crc = zlib.crc32(body.encode())
        digits = ""
        while crc:
            crc, rem = divmod(crc, 62)
            digits = BASE62[rem] + digits
        return prefix + body + digits.rjust(6, "0")

    def aws_key_id(self) -> str:
        """An AWS access key id: AKIA and 16 base32 characters."""
        return "AKIA" + self.token(16, string.ascii_uppercase + "234567")

    def aws_secret(self) -> str:
        """An AWS secret access key: 40 base64 characters."""
        return self.token(40, ALNUM + "+/")

    def stripe_key(self) -> str:
        """A Stripe live secret or restricted key."""
        return self.rng.choice(["sk_live_", "rk_live_"]) + self.token(self.rng.choice([24, 99]))

    def slack_token(self) -> str:
        """A Slack bot token (``xoxb-`` two numbers, 24 letters) or user token (``xoxp-`` three, 32 hex)."""
        first, second = self.token(12, string.digits), self.token(13, string.digits)
        if self.rng.random() < 0.6:
            return f"xoxb-{first}-{second}-{self.token(24)}"
        return f"xoxp-{first}-{second}-{self.token(13, string.digits)}-{self.token(32, '0123456789abcdef')}"

    def card_expiry(self) -> str:
        """A card expiry date, MM/YY."""
        return f"{self.rng.randint(1, 12):02d}/{self.rng.randint(25, 32)}"

    def password(self) -> str:
        """A human-chosen password."""
        fake = self.fakers["en_US"]
        return str(fake.password(length=self.rng.randint(10, 18), special_chars=self.rng.random() < 0.6))

    def pem_key(self) -> str:
        """A private key in PEM, derived from the seeded RNG so the corpus is reproducible."""
        kind = self.rng.choice(["ec", "ec8", "ed25519", "rsa"])
        if kind == "rsa":
            # RSA key generation cannot be seeded; a well-formed armour around DER-like base64
            # is what a detector sees anyway.
            body = base64.b64encode(b"\x30\x82\x04\xa4\x02\x01\x00" + self.rng.randbytes(1185)).decode()
            lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
            return f"-----BEGIN RSA PRIVATE KEY-----\n{lines}\n-----END RSA PRIVATE KEY-----"
        key: ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
        if kind == "ed25519":
            key = ed25519.Ed25519PrivateKey.from_private_bytes(self.rng.randbytes(32))
        else:
            key = ec.derive_private_key(self.rng.randint(1, 2**255), ec.SECP256R1())
        fmt = (
            serialization.PrivateFormat.TraditionalOpenSSL
            if kind == "ec"
            else serialization.PrivateFormat.PKCS8
        )
        pem = key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption())
        return pem.decode().strip()

    # --- negatives -----------------------------------------------------------------------------
    def uuid(self) -> str:
        """A random UUID4."""
        return str(self.fakers["en_US"].uuid4())

    def sha(self, length: int = 40) -> str:
        """A hex digest (git commit, sha256)."""
        return self.token(length, "0123456789abcdef")

    def timestamp(self) -> str:
        """An ISO-8601 timestamp."""
        moment = self.fakers["en_US"].date_time_between(
            start_date=date(2023, 1, 1), end_date=date(2026, 11, 1)
        )
        return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")

    def slack_ts(self) -> str:
        """A Slack message timestamp."""
        return f"{self.rng.randint(1_680_000_000, 1_790_000_000)}.{self.rng.randint(0, 999999):06d}"

    def version(self) -> str:
        """A semantic version."""
        return f"{self.rng.randint(0, 12)}.{self.rng.randint(0, 30)}.{self.rng.randint(0, 99)}"

    def order_id(self) -> str:
        """A shop or ticketing id that is not sensitive."""
        return self.rng.choice(["ORD-", "INV-", "PO-", "#"]) + str(self.rng.randint(10_000, 99_999_999))

    def long_number(self) -> str:
        """A 16-digit tracking/reference number that fails Luhn (looks like a card, is not)."""
        while True:
            value = self.token(16, string.digits)
            if not luhn_ok(value) and value[0] != "0":
                return value

    def price(self) -> str:
        """A price."""
        return (
            f"{self.rng.choice(['$', '€', '£'])}{self.rng.randint(1, 9999):,}.{self.rng.randint(0, 99):02d}"
        )

    def sf_id(self, prefix: str) -> str:
        """A Salesforce 18-character record id."""
        return prefix + self.token(15, ALNUM)

    def base64_blob(self, size: int) -> str:
        """Base64 of random bytes (thumbnails, attachments), not a secret."""
        return base64.b64encode(self.rng.randbytes(size)).decode()
