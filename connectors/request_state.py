"""Sealing the upstream's ``requestState`` (MRTR, 2026-07-28) while it travels through the client.

An ``input_required`` result may carry ``requestState``: an opaque string the client must echo,
byte for byte, when it retries. The upstream may put anything in it, and the client only holds
it, so the gateway gives the client a sealed token instead (AES-GCM under a key derived from the
deployment's hash key, which never leaves the gateway) and puts the upstream's exact value back
on the retry. The client can neither read the upstream's state nor have the policy rewrite it
(which would break the retry), and a token only opens for the caller, upstream, method and tool
it was minted for, until it expires.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
from collections.abc import Callable, Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_PREFIX = "dlp1."
_NONCE_BYTES = 12


class StateSealer:
    """Seals and opens ``requestState`` values; thread-safe (holds no mutable state)."""

    def __init__(
        self, ttl_s: float, key: bytes | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        self._aead = AESGCM(key or AESGCM.generate_key(bit_length=256))
        self._ttl = ttl_s
        self._clock = clock

    def __repr__(self) -> str:
        return f"StateSealer(ttl_s={self._ttl:g})"

    def seal(self, state: str, binding: Sequence[object]) -> str:
        """A token for ``state`` that opens only with the same ``binding`` before it expires."""
        payload = json.dumps({"s": state, "exp": self._clock() + self._ttl}).encode("utf-8")
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, payload, _aad(binding))
        return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")

    def open(self, token: object, binding: Sequence[object]) -> str | None:
        """The state sealed in ``token``; None if it was forged, altered, bound elsewhere or expired."""
        if not isinstance(token, str) or not token.startswith(_PREFIX):
            return None
        try:
            raw = base64.urlsafe_b64decode(token[len(_PREFIX) :].encode("ascii"))
            payload = self._aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _aad(binding))
            opened = json.loads(payload)
        except (binascii.Error, UnicodeEncodeError, InvalidTag, ValueError):
            return None
        if not isinstance(opened, dict) or not isinstance(opened.get("s"), str):
            return None
        expires = opened.get("exp")
        if not isinstance(expires, (int, float)) or expires < self._clock():
            return None
        state: str = opened["s"]
        return state


def sealing_key(secret: bytes) -> bytes:
    """The sealing key derived from the deployment's hash key (HKDF-SHA256, its own label).

    Replicas that share the hash key (they must, for fingerprints and tokens to agree) can then
    open each other's tokens, so an ``input_required`` retry may land on any of them.
    """
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"mcp-dlp requestState v1").derive(
        secret
    )


def _aad(binding: Sequence[object]) -> bytes:
    return json.dumps(list(binding), sort_keys=True, default=str).encode("utf-8")
