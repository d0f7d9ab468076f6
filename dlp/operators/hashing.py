"""Hash: a keyed, per-tenant pseudonym, ``[EMAIL_ADDRESS:h_mfrggzdfmztwq2lk]``.

Format: ``[<ENTITY>:h_<16 lower-case base32 characters>]``. The 16 characters encode the first
80 bits of ``HMAC-SHA256(tenant_key, value)`` where ``tenant_key = HMAC-SHA256(master_key,
"mcp-dlp/hash/v1/" + tenant)``. The same value gives the same pseudonym within a tenant (agents
can still join and count), different tenants never share pseudonyms, and without the master key
nobody can test a guess (a plain hash of a phone number is reversible by enumeration). The entity
is not part of the input, so a value detected once as PERSON and once as ORGANIZATION keeps one
pseudonym. The ``v1`` label lets the scheme change without colliding with old pseudonyms.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from dlp.decision import Action, FindingAction, OperatorContext
from dlp.errors import ConfigError

#: A shorter master key would make the pseudonyms guessable by brute force.
MIN_KEY_BYTES = 32
_TENANT_LABEL = b"mcp-dlp/hash/v1/"


def tenant_key(master_key: bytes, tenant: str) -> bytes:
    """The per-tenant HMAC key derived from the master hash key."""
    return hmac.new(master_key, _TENANT_LABEL + tenant.encode("utf-8"), hashlib.sha256).digest()


def pseudonym(master_key: bytes, tenant: str, value: str) -> str:
    """``h_`` and 16 base32 characters: 80 bits of the keyed hash of ``value`` for ``tenant``."""
    digest = hmac.new(tenant_key(master_key, tenant), value.encode("utf-8"), hashlib.sha256).digest()
    return "h_" + base64.b32encode(digest[:10]).decode("ascii").lower()


class HashOperator:
    """Replaces a value with its entity and keyed pseudonym."""

    __slots__ = ("_key",)
    action: Action = Action.HASH

    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ConfigError(f"the hash key must be at least {MIN_KEY_BYTES} bytes")
        self._key = bytes(key)

    def __repr__(self) -> str:
        return "HashOperator(key=<hidden>)"

    def apply(self, value: str, item: FindingAction, context: OperatorContext) -> str:
        """``[ENTITY:h_...]``, stable for (tenant, value)."""
        return f"[{item.finding.entity}:{pseudonym(self._key, context.tenant, value)}]"
