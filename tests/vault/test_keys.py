"""KEK providers: local key file hygiene, environment key, HashiCorp transit, the key ring."""

from __future__ import annotations

import base64
import os
import secrets
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from dlp.errors import ConfigError, KeyUnavailable, TamperedCiphertext
from dlp.vault.hashicorp import VaultTransitKeyProvider
from dlp.vault.keys import EnvKeyProvider, KeyProvider, KeyRing, LocalFileKeyProvider, open_sealed, seal

DK = secrets.token_bytes(32)
CTX = b"tenant-a|dk_1|seal"


def test_local_key_file_is_created_0600_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "vault.kek"
    first = LocalFileKeyProvider(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    second = LocalFileKeyProvider(path)
    assert first.kek_id == second.kek_id and first.kek_id.startswith("file:")
    assert second.unwrap(first.wrap(DK, CTX), CTX) == DK


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_local_key_file_readable_by_others_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "vault.kek"
    LocalFileKeyProvider(path)
    os.chmod(path, mode)
    with pytest.raises(ConfigError, match="chmod 600"):
        LocalFileKeyProvider(path)


def test_local_key_file_not_created_when_told(tmp_path: Path) -> None:
    with pytest.raises(KeyUnavailable):
        LocalFileKeyProvider(tmp_path / "missing.kek", create=False)


@pytest.mark.parametrize("content", ["not base64!", base64.b64encode(b"short").decode()])
def test_local_key_file_with_bad_content(tmp_path: Path, content: str) -> None:
    path = tmp_path / "vault.kek"
    path.write_text(content)
    path.chmod(0o600)
    with pytest.raises(ConfigError):
        LocalFileKeyProvider(path)


def test_env_provider() -> None:
    raw = secrets.token_bytes(32)
    provider = EnvKeyProvider({"DLP_VAULT_KEK": base64.b64encode(raw).decode()})
    assert provider.kek_id.startswith("env:")
    assert raw.hex() not in repr(provider) and base64.b64encode(raw).decode() not in repr(provider)
    for environ in ({}, {"DLP_VAULT_KEK": ""}, {"DLP_VAULT_KEK": "@@@"}):
        with pytest.raises(ConfigError) as caught:
            EnvKeyProvider(environ)
        assert "@@@" not in str(caught.value)


def _env() -> EnvKeyProvider:
    return EnvKeyProvider({"DLP_VAULT_KEK": base64.b64encode(secrets.token_bytes(32)).decode()})


def test_wrap_binds_context_and_detects_flips() -> None:
    provider = _env()
    wrapped = provider.wrap(DK, CTX)
    with pytest.raises(TamperedCiphertext):
        provider.unwrap(wrapped, b"tenant-b|dk_1|seal")
    for index in (0, 12, len(wrapped) - 1):
        flipped = wrapped[:index] + bytes([wrapped[index] ^ 0x80]) + wrapped[index + 1 :]
        with pytest.raises(TamperedCiphertext):
            provider.unwrap(flipped, CTX)
    with pytest.raises(TamperedCiphertext):
        open_sealed(DK, b"short", b"")


def test_seal_uses_fresh_nonces() -> None:
    assert seal(DK, b"same", b"aad") != seal(DK, b"same", b"aad")


def test_key_ring_unwraps_by_kek_id() -> None:
    old, new = _env(), _env()
    ring = KeyRing(old)
    kek_id, wrapped = ring.wrap(DK, CTX)
    rotated = ring.with_current(new)
    assert rotated.current is new
    assert rotated.unwrap(kek_id, wrapped, CTX) == DK
    with pytest.raises(KeyUnavailable):
        KeyRing(new).unwrap(kek_id, wrapped, CTX)
    with pytest.raises(TamperedCiphertext):  # a known but different KEK named beside the blob
        rotated.unwrap(new.kek_id, wrapped, CTX)


class InvalidRequest(Exception):
    """Named like hvac.exceptions.InvalidRequest, which Vault's HTTP 400 becomes."""


class TransitStandIn:
    """Behaves like the two transit endpoints (no Vault server runs on the build machine)."""

    def __init__(self) -> None:
        self._key = secrets.token_bytes(32)
        self.down = False

    def encrypt_data(self, name: str, plaintext: str, mount_point: str = "transit") -> Any:
        if self.down:
            raise ConnectionError("vault unreachable")
        blob = seal(self._key, base64.b64decode(plaintext), name.encode())
        return {"data": {"ciphertext": "vault:v1:" + base64.b64encode(blob).decode()}}

    def decrypt_data(self, name: str, ciphertext: str, mount_point: str = "transit") -> Any:
        if self.down:
            raise ConnectionError("vault unreachable")
        try:
            blob = base64.b64decode(ciphertext.removeprefix("vault:v1:"))
            plain = open_sealed(self._key, blob, name.encode())
        except (TamperedCiphertext, ValueError):
            raise InvalidRequest("cipher: message authentication failed") from None
        return {"data": {"plaintext": base64.b64encode(plain).decode()}}


def test_transit_provider_round_trip_and_binding() -> None:
    transit = TransitStandIn()
    provider: KeyProvider = VaultTransitKeyProvider(transit, "mcp-dlp")
    assert provider.kek_id == "vault-transit:transit/mcp-dlp"
    wrapped = provider.wrap(DK, CTX)
    assert wrapped.startswith(b"vault:v1:")
    assert provider.unwrap(wrapped, CTX) == DK
    with pytest.raises(TamperedCiphertext):
        provider.unwrap(wrapped, b"other context")
    with pytest.raises(TamperedCiphertext):
        provider.unwrap(wrapped[:-4] + b"AAAA", CTX)
    transit.down = True
    with pytest.raises(KeyUnavailable):
        provider.unwrap(wrapped, CTX)
    with pytest.raises(KeyUnavailable):
        provider.wrap(DK, CTX)


def test_racing_first_runs_agree_on_one_key_file(tmp_path: Path) -> None:
    path = tmp_path / "vault.kek"
    with ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(lambda _: LocalFileKeyProvider(path).kek_id, range(16)))
    assert len(ids) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["vault.kek"]
