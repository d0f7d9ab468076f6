"""Key-encryption keys (KEKs): one interface, a local file, an environment variable, and a key ring.

The vault never stores a usable key. Each tenant's data keys are random, wrapped by a KEK from a
:class:`KeyProvider`, and stored wrapped beside the provider's ``kek_id``. The provider that holds
the KEK is chosen by the deployment: a local key file (the default; created 0600 on first run),
a base64 value handed over in an environment variable, or HashiCorp Vault transit
(:mod:`dlp.vault.hashicorp`).

``kek_id`` names a KEK without revealing it: for raw keys it is a short HMAC fingerprint of the
key, so a wrong key file is reported as "no provider for kek_id ..." rather than as tampering.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import secrets
import stat
from collections.abc import Mapping, Sequence
from hashlib import sha256
from pathlib import Path
from typing import Protocol, runtime_checkable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from dlp.errors import ConfigError, KeyUnavailable, TamperedCiphertext

KEY_BYTES = 32
NONCE_BYTES = 12
DEFAULT_KEK_VARIABLE = "DLP_VAULT_KEK"


@runtime_checkable
class KeyProvider(Protocol):
    """Wraps and unwraps data keys under one key-encryption key."""

    @property
    def kek_id(self) -> str:
        """Stable, non-secret name of the KEK; stored beside every key it wraps."""
        ...

    def wrap(self, key: bytes, context: bytes) -> bytes:
        """``key`` sealed under the KEK, bound to ``context``."""
        ...

    def unwrap(self, wrapped: bytes, context: bytes) -> bytes:
        """The key inside ``wrapped``; TamperedCiphertext when it or ``context`` was altered."""
        ...


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """AES-256-GCM with a fresh random 96-bit nonce; returns ``nonce || ciphertext || tag``."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    """Inverse of :func:`seal`; any change to nonce, ciphertext, tag or ``aad`` is tampering."""
    if len(sealed) < NONCE_BYTES + 16:
        raise TamperedCiphertext("sealed blob is truncated")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag:
        raise TamperedCiphertext(
            "authentication failed: ciphertext, nonce, key id or bound data changed"
        ) from None


class RawKeyProvider:
    """A KEK held in memory as 32 raw bytes (the local-file and environment providers)."""

    def __init__(self, kek: bytes, source: str) -> None:
        if len(kek) != KEY_BYTES:
            raise ConfigError(f"{source} KEK must be exactly {KEY_BYTES} bytes")
        self._kek = kek
        fingerprint = hmac.new(kek, b"mcp-dlp kek id v1", sha256).hexdigest()[:16]
        self._kek_id = f"{source}:{fingerprint}"

    @property
    def kek_id(self) -> str:
        """``file:<fingerprint>`` or ``env:<fingerprint>``."""
        return self._kek_id

    def wrap(self, key: bytes, context: bytes) -> bytes:
        """Seal ``key`` with AES-256-GCM under the KEK, ``context`` as associated data."""
        return seal(self._kek, key, self._aad(context))

    def unwrap(self, wrapped: bytes, context: bytes) -> bytes:
        """Open a key sealed by :meth:`wrap`."""
        return open_sealed(self._kek, wrapped, self._aad(context))

    def _aad(self, context: bytes) -> bytes:
        return self._kek_id.encode("ascii") + b"\x00" + context

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kek_id={self._kek_id!r})"


class LocalFileKeyProvider(RawKeyProvider):
    """KEK in a local file (base64 of 32 bytes), created with mode 0600 on first use."""

    def __init__(self, path: Path, *, create: bool = True) -> None:
        self.path = path
        super().__init__(_load_or_create_key_file(path, create), "file")


class EnvKeyProvider(RawKeyProvider):
    """KEK given as base64 in an environment variable (read by the caller from ``environ``)."""

    def __init__(self, environ: Mapping[str, str], variable: str = DEFAULT_KEK_VARIABLE) -> None:
        encoded = environ.get(variable)
        if not encoded:
            raise ConfigError(f"{variable} is not set")
        super().__init__(_decode_key(encoded, variable), "env")


def _decode_key(encoded: str, where: str) -> bytes:
    try:
        return base64.b64decode(encoded.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ConfigError(f"{where} must hold base64 of {KEY_BYTES} random bytes") from None


def _load_or_create_key_file(path: Path, create: bool) -> bytes:
    if not path.exists():
        if not create:
            raise KeyUnavailable(f"key file {path} does not exist")
        _create_key_file(path)
    mode = path.stat().st_mode
    # A key readable by other accounts is no longer a secret: refuse rather than use it.
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(f"key file {path} is accessible by group or others; chmod 600 it")
    try:
        encoded = path.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyUnavailable(f"cannot read key file {path}: {type(exc).__name__}") from None
    return _decode_key(encoded, f"key file {path}")


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    # O_EXCL + 0600 from the first byte; then link() publishes it atomically and refuses to
    # clobber a key another process created meanwhile (that one wins, ours is discarded).
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, base64.b64encode(secrets.token_bytes(KEY_BYTES)) + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temp, path)
    except FileExistsError:
        pass  # lost the race: the other process's key is the key
    finally:
        temp.unlink()


class KeyRing:
    """The current KEK provider (wraps new keys) plus older ones still able to unwrap."""

    def __init__(self, current: KeyProvider, previous: Sequence[KeyProvider] = ()) -> None:
        self.current = current
        self._by_id: dict[str, KeyProvider] = {p.kek_id: p for p in (*previous, current)}

    def with_current(self, provider: KeyProvider) -> KeyRing:
        """A ring that wraps with ``provider`` and still unwraps with every key of this one."""
        others = [p for kid, p in self._by_id.items() if kid != provider.kek_id]
        return KeyRing(provider, others)

    def wrap(self, key: bytes, context: bytes) -> tuple[str, bytes]:
        """``(kek_id, wrapped)`` under the current KEK."""
        return self.current.kek_id, self.current.wrap(key, context)

    def unwrap(self, kek_id: str, wrapped: bytes, context: bytes) -> bytes:
        """Unwrap with the provider named ``kek_id``; KeyUnavailable when none is configured."""
        provider = self._by_id.get(kek_id)
        if provider is None:
            raise KeyUnavailable(f"no key provider configured for kek_id {kek_id!r}")
        return provider.unwrap(wrapped, context)

    def __repr__(self) -> str:
        return f"KeyRing(current={self.current.kek_id!r}, known={sorted(self._by_id)!r})"
