"""KEK held by HashiCorp Vault's transit secrets engine (the key never leaves Vault).

Uses the documented transit endpoints through ``hvac``: ``POST /v1/<mount>/encrypt/<name>`` and
``POST /v1/<mount>/decrypt/<name>`` with base64 plaintext; ciphertexts look like ``vault:v3:...``
and carry Vault's own key version, so rotating the transit key inside Vault needs no re-wrap
here (``vault write -f transit/keys/<name>/rotate``; ``rewrap`` is optional).

The wrap context is bound by prefixing the plaintext with a digest of it and checking the digest
on unwrap: this works for every transit key type (``associated_data`` needs an AEAD key and a
recent Vault, ``context`` needs a derived key). Not integration-tested here: no Vault server runs
on the build machine; the tests cover it with a stand-in client for the two calls.
"""

from __future__ import annotations

import base64
import hmac
from hashlib import sha256
from typing import Any, Protocol

from dlp.errors import ConfigError, KeyUnavailable, TamperedCiphertext

_BINDING = 16


class TransitClient(Protocol):
    """The two ``hvac`` transit calls this provider uses (``hvac.Client().secrets.transit``)."""

    def encrypt_data(self, name: str, plaintext: str, mount_point: str = ...) -> Any:
        """``POST /v1/<mount>/encrypt/<name>``."""
        ...

    def decrypt_data(self, name: str, ciphertext: str, mount_point: str = ...) -> Any:
        """``POST /v1/<mount>/decrypt/<name>``."""
        ...


class VaultTransitKeyProvider:
    """Wraps data keys with a named transit key."""

    def __init__(self, transit: TransitClient, key_name: str, mount_point: str = "transit") -> None:
        self._transit = transit
        self._key_name = key_name
        self._mount = mount_point

    @classmethod
    def connect(
        cls, url: str, token: str, key_name: str, mount_point: str = "transit", namespace: str | None = None
    ) -> VaultTransitKeyProvider:
        """Log in with a Vault token (read by the caller from its configuration)."""
        try:
            import hvac  # noqa: PLC0415  # optional dependency
        except ImportError:
            raise ConfigError("the hvac package is needed for the HashiCorp Vault key provider") from None
        client = hvac.Client(url=url, token=token, namespace=namespace)
        return cls(client.secrets.transit, key_name, mount_point)

    @property
    def kek_id(self) -> str:
        """``vault-transit:<mount>/<key name>``; Vault tracks key versions inside ciphertexts."""
        return f"vault-transit:{self._mount}/{self._key_name}"

    def wrap(self, key: bytes, context: bytes) -> bytes:
        """Encrypt ``binding(context) || key`` with the transit key."""
        plaintext = base64.b64encode(_binding(context) + key).decode("ascii")
        try:
            response = self._transit.encrypt_data(
                name=self._key_name, plaintext=plaintext, mount_point=self._mount
            )
            ciphertext = response["data"]["ciphertext"]
        except (KeyError, TypeError) as exc:
            raise KeyUnavailable(f"unexpected transit encrypt response: {type(exc).__name__}") from None
        except Exception as exc:  # noqa: BLE001  # hvac and requests errors: Vault unreachable or refused
            raise KeyUnavailable(f"transit encrypt failed: {type(exc).__name__}") from None
        return str(ciphertext).encode("ascii")

    def unwrap(self, wrapped: bytes, context: bytes) -> bytes:
        """Decrypt with the transit key and check the context binding."""
        try:
            response = self._transit.decrypt_data(
                name=self._key_name, ciphertext=wrapped.decode("ascii"), mount_point=self._mount
            )
            payload = base64.b64decode(response["data"]["plaintext"], validate=True)
        except UnicodeDecodeError:
            raise TamperedCiphertext("wrapped key is not a transit ciphertext") from None
        except (KeyError, TypeError, ValueError) as exc:
            raise KeyUnavailable(f"unexpected transit decrypt response: {type(exc).__name__}") from None
        except Exception as exc:  # noqa: BLE001  # hvac and requests errors, sorted below
            # Vault answers an altered ciphertext with HTTP 400 (InvalidRequest); anything else
            # (unreachable, forbidden, sealed) means the key is unavailable, not tampered with.
            if type(exc).__name__ == "InvalidRequest":
                raise TamperedCiphertext("transit decrypt refused the wrapped key") from None
            raise KeyUnavailable(f"transit decrypt failed: {type(exc).__name__}") from None
        if not hmac.compare_digest(payload[:_BINDING], _binding(context)):
            raise TamperedCiphertext("wrapped key is bound to another tenant or key id")
        return payload[_BINDING:]

    def __repr__(self) -> str:
        return f"VaultTransitKeyProvider(kek_id={self.kek_id!r})"


def _binding(context: bytes) -> bytes:
    return sha256(b"mcp-dlp transit binding v1\x00" + context).digest()[:_BINDING]
