"""Pure, fast checks shared by the secret rules: checksums, entropy, JWT headers, placeholders.

Every function receives the matched value only (never logs or keeps it) and answers a yes/no
question; a rule uses one to drop candidates whose shape matched but whose content cannot be a
live credential.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = re.compile(r"[0-9a-fA-F]+")
# Eight equal characters in a row: about 62^-7 per position in a random base62 token.
_REPEAT = re.compile(r"(.)\1{7}")
_SEQUENCES = ("abcdefgh", "bcdefghi", "12345678", "23456789", "qwertyui", "yourtoken", "your_token")
# Code identifiers (SCREAMING_CASE constants, snake_case names) and lower-case slugs.
_IDENTIFIER = re.compile(
    r"[A-Z0-9]{1,12}(?:_[A-Z0-9]{1,12})+|[a-z0-9]{1,12}(?:_[a-z0-9]{1,12})+|[a-z0-9]{1,12}(?:-[a-z0-9]{1,12})+"
)
# Words people put where a credential will go; a value made of them is documentation.
_PLACEHOLDER_WORDS = (
    "changeme",
    "change_me",
    "change-me",
    "example",
    "placeholder",
    "your_",
    "your-",
    "yourtoken",
    "yourkey",
    "yourpassword",
    "insert",
    "redacted",
    "dummy",
    "notreal",
    "xxxxxx",
    "******",
    "..",
    "<",
    ">",
    "${",
    "{{",
    "}}",
    "%(",
    "process.env",
    "os.environ",
    "getenv",
)
_PLACEHOLDER_EXACT = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "secret",
        "token",
        "none",
        "null",
        "nil",
        "true",
        "false",
        "undefined",
        "empty",
        "string",
        "test",
        "admin",
        "required",
        "optional",
        "todo",
        "tbd",
    }
)
# Magic numbers of media and documents, as they appear at the start of their base64 form.
_MEDIA_BASE64_PREFIXES = (
    "iVBORw0KGgo",  # PNG
    "/9j/",  # JPEG
    "R0lGOD",  # GIF
    "JVBERi0",  # PDF
    "UklGR",  # RIFF (WebP, WAV, AVI)
    "AAAAIGZ0eXA",  # MP4/HEIC ftyp box (size 0x20)
    "AAAAGGZ0eXA",  # ftyp box (size 0x18)
    "AAAAHGZ0eXA",  # ftyp box (size 0x1c)
    "SUQz",  # MP3 with ID3
    "T2dnUw",  # Ogg
    "UEsDB",  # ZIP, DOCX, XLSX
    "H4sI",  # gzip
    "Qk0",  # BMP
    "PHN2Zy",  # "<svg"
    "PD94bWw",  # "<?xml"
    "AAABAA",  # ICO
    "d09GR",  # WOFF
)


def shannon_entropy(value: str) -> float:
    """Shannon entropy of ``value`` in bits per character."""
    if not value:
        return 0.0
    length = len(value)
    return -sum(n / length * math.log2(n / length) for n in Counter(value).values())


def _base62(number: int, width: int) -> str:
    digits = []
    while number:
        number, rem = divmod(number, 62)
        digits.append(_BASE62[rem])
    return "".join(reversed(digits)).rjust(width, "0")


def github_checksum_valid(token: str) -> bool:
    """GitHub ``gh?_`` tokens: the last 6 characters are base62(CRC32(the 30-character body))."""
    _, _, rest = token.partition("_")
    if len(rest) != 36:
        return False
    body, tail = rest[:30], rest[30:]
    return _base62(zlib.crc32(body.encode("ascii")), 6) == tail


def _b64url_decode(segment: str) -> bytes:
    padded = segment + "=" * (-len(segment) % 4)
    return base64.urlsafe_b64decode(padded.encode("ascii"))


def jwt_header_valid(token: str) -> bool:
    """A JWT/JWS/JWE: the first segment is base64url JSON naming an ``alg``."""
    header = token.split(".", 1)[0]
    try:
        decoded = json.loads(_b64url_decode(header))
    except (ValueError, binascii.Error):
        return False
    return isinstance(decoded, dict) and isinstance(decoded.get("alg"), str)


def is_uuid(value: str) -> bool:
    """True for a canonical 8-4-4-4-12 UUID."""
    return _UUID.fullmatch(value) is not None


def is_media_base64(value: str) -> bool:
    """True when ``value`` is base64 of an image, audio, video, PDF or archive."""
    return value.startswith(_MEDIA_BASE64_PREFIXES)


def looks_like_placeholder(value: str) -> bool:
    """Template markers, documentation words and repeated filler instead of a real value."""
    lowered = value.lower()
    if lowered in _PLACEHOLDER_EXACT:
        return True
    if any(word in lowered for word in _PLACEHOLDER_WORDS):
        return True
    # "%s", "%(name)s", "%VAR%" are templates; "%26Rw..." is a percent-encoded password.
    if value.startswith("%") and not re.match(r"%[0-9A-Fa-f]{2}", value):
        return True
    if value.startswith(("$", "@", "#{")) or (value.startswith("[") and value.endswith("]")):
        return True
    if is_filler(value):
        return True
    # One character repeated is filler ("aaaaaaaa", "00000000", "********").
    return len(value) >= 4 and len(set(value)) <= 2


def is_filler(value: str) -> bool:
    """Repeated or sequential filler (``XXXXXXXX``, ``00000000``, ``abcdefgh``, ``12345678``)."""
    lowered = value.lower()
    if _REPEAT.search(lowered):
        return True
    return any(run in lowered for run in _SEQUENCES)


def not_filler(value: str) -> bool:
    """Validator for vendor-prefixed tokens: drop documentation filler and sample keys."""
    return not is_filler(value) and "example" not in value.lower()


def plausible_secret(value: str) -> bool:
    """Not a placeholder: the minimum for any keyword-anchored rule."""
    return not looks_like_placeholder(value)


def random_token(min_entropy: float = 3.0, min_length: int = 8) -> Callable[[str], bool]:
    """A validator: not a placeholder, long enough, and at least ``min_entropy`` bits per char."""

    def check(value: str) -> bool:
        # A random mixed-alphabet key of 12+ characters almost always holds a digit; words and
        # camelCase identifiers ("sumOfExposures") do not.
        return (
            len(value) >= min_length
            and any(c.isdigit() for c in value)
            and not looks_like_placeholder(value)
            and shannon_entropy(value) >= min_entropy
        )

    return check


def generic_secret_value(value: str) -> bool:
    """A value next to a secret keyword that looks machine-generated rather than an identifier."""
    if len(value) < 12 or looks_like_placeholder(value) or is_uuid(value) or is_media_base64(value):
        return False
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    if not (has_digit and has_alpha):
        return False
    # Dotted or slashed words are paths, hostnames, module names, not keys.
    if re.fullmatch(r"[a-z0-9_-]+(?:[./][a-z0-9_-]+)+", value) and not _HEX.fullmatch(value):
        return False
    # Stripping '=' also catches a variable's name read with its assignment sign as padding
    # ("MY_CLIENT_SECRET_2=" before "${...}").
    unpadded = value.rstrip("=")
    if _IDENTIFIER.fullmatch(unpadded) and not _HEX.fullmatch(unpadded.replace("-", "")):
        return False
    if "//" in value or re.search(r"/[a-z]{3,}/", value):
        return False
    threshold = 3.0 if len(value) < 24 else 3.5
    return shannon_entropy(value) >= threshold


def password_value(value: str) -> bool:
    """A literal password: not a placeholder, not code (calls, attribute access, env lookups)."""
    if len(value) < 4 or looks_like_placeholder(value):
        return False
    if "(" in value or value.startswith(("self.", "this.", "config.", "settings.", "args.")):
        return False
    return not (value.isdigit() and len(value) < 6)


# Whole-value templates a sentence may quote instead of a password: "%s", "%(pw)s", "$PASSWORD",
# "${DB_PASS}", "{{ secret }}", "<your password>".
_PROSE_TEMPLATE = re.compile(r"(?:%[sd]|%\(\w+\)[sd]|\$\{?[A-Z_][A-Z0-9_]*\}?|\{\{.*\}\}|<[^>]*>)", re.ASCII)


def prose_password(value: str) -> bool:
    """A password quoted in a sentence: letters and digits, varied characters, not a template.

    Symbols at the start ("$6Ela...", "(Qnw...", "@6fH...") mark code placeholders in an
    assignment, but in "the admin password is ..." they are part of the password, so this does
    not reuse the code-oriented placeholder checks.
    """
    if len(value) < 6 or _PROSE_TEMPLATE.fullmatch(value):
        return False
    lowered = value.lower()
    if (
        lowered in _PLACEHOLDER_EXACT
        or any(word in lowered for word in _PLACEHOLDER_WORDS)
        or is_filler(value)
    ):
        return False
    if not (any(c.isdigit() for c in value) and any(c.isalpha() for c in value)):
        return False
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )
    return classes >= 3 or len(value) >= 8
