"""Token format: how a vaulted value appears in text, and how to find tokens again.

A token replaces one sensitive span::

    [[ENTITY:tk_XXXXXXXXXXXXXXXXXXXXXX]]      e.g.  [[EMAIL_ADDRESS:tk_5J3fQ9bW0cKd81mZrT2yHa]]

* ``ENTITY`` is the canonical entity name (``[A-Z][A-Z0-9_]*``, at most 64 characters), so a
  reader (human or model) knows what kind of value stood there.
* ``tk_`` is a fixed prefix; the 22 characters after it are the token id: the first 128 bits of
  ``HMAC-SHA256(tenant lookup key, "token" || entity || value)`` written in base62 (fixed width,
  zero-padded). The same (tenant, entity, value) therefore always yields the same token, and two
  tenants (different lookup keys) never share one. 128 bits make an accidental collision
  negligible (about 2^-64 after 2^32 values in one tenant); the store still detects one through a
  unique constraint on (tenant, token id) and refuses to hand out a token that names another
  value.
* The token carries no tenant: it resolves only inside the tenant whose key made it.
"""

from __future__ import annotations

import hmac
import re
from hashlib import sha256

from dlp.errors import VaultError

TOKEN_PREFIX = "tk_"
TOKEN_ID_CHARS = 22
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ENTITY = r"[A-Z][A-Z0-9_]{0,63}"
_ID = rf"{TOKEN_PREFIX}[0-9A-Za-z]{{{TOKEN_ID_CHARS}}}"
TOKEN_RE = re.compile(rf"\[\[({_ENTITY}):({_ID})\]\]")
_ENTITY_RE = re.compile(rf"{_ENTITY}\Z")
_ID_RE = re.compile(rf"{_ID}\Z")


def _base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, rest = divmod(number, 62)
        digits.append(_ALPHABET[rest])
    return "".join(reversed(digits))


def _message(purpose: bytes, entity: str, value: str) -> bytes:
    # Length-prefix every field so ("A", "BC") and ("AB", "C") can never hash alike.
    parts = (purpose, entity.encode("utf-8"), value.encode("utf-8"))
    return b"".join(len(part).to_bytes(4, "big") + part for part in parts)


def derive_token_id(lookup_key: bytes, entity: str, value: str) -> str:
    """The deterministic token id (``tk_`` + 22 base62 characters) of ``value`` in one tenant."""
    check_entity(entity)
    digest = hmac.new(lookup_key, _message(b"token", entity, value), sha256).digest()
    return TOKEN_PREFIX + _base62(int.from_bytes(digest[:16], "big"), TOKEN_ID_CHARS)


def lookup_hmac(lookup_key: bytes, entity: str, value: str) -> bytes:
    """The keyed digest the store indexes a value by (never a plain hash of the value)."""
    return hmac.new(lookup_key, _message(b"lookup", entity, value), sha256).digest()


def format_token(entity: str, token_id: str) -> str:
    """The text that replaces a value: ``[[ENTITY:tk_...]]``."""
    check_entity(entity)
    if not _ID_RE.match(token_id):
        raise VaultError("malformed token id")
    return f"[[{entity}:{token_id}]]"


def check_entity(entity: str) -> None:
    """Raise :class:`VaultError` when ``entity`` cannot appear in a token."""
    if not _ENTITY_RE.match(entity):
        raise VaultError("entity name must match [A-Z][A-Z0-9_]{0,63} to appear in a token")


def find_tokens(text: str) -> list[tuple[int, int, str, str]]:
    """Every token in ``text`` as ``(start, end, entity, token_id)``, left to right."""
    return [(m.start(), m.end(), m.group(1), m.group(2)) for m in TOKEN_RE.finditer(text)]


def parse_token(token: str) -> tuple[str | None, str]:
    """``(entity, token_id)`` of a full token, or ``(None, token_id)`` of a bare ``tk_`` id."""
    stripped = token.strip()
    if _ID_RE.match(stripped):
        return None, stripped
    match = TOKEN_RE.fullmatch(stripped)
    if match is None:
        raise VaultError("not a vault token")
    return match.group(1), match.group(2)


def value_aad(tenant: str, token_id: str, entity: str, data_key_id: str) -> bytes:
    """Associated data sealed with a value: moving the ciphertext to any other binding fails."""
    parts = (b"mcp-dlp/v1/value", tenant.encode(), token_id.encode(), entity.encode(), data_key_id.encode())
    return b"".join(len(part).to_bytes(4, "big") + part for part in parts)
