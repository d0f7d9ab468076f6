"""The master hash key file: created once with mode 0600, refused when others can read it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dlp.errors import ConfigError
from dlp.operators import load_or_create_hash_key


def test_created_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "hash.key"
    first = load_or_create_hash_key(path)
    assert len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_or_create_hash_key(path) == first
    # No temporary files are left beside the key.
    assert [p.name for p in path.parent.iterdir()] == ["hash.key"]


def test_two_fresh_keys_differ(tmp_path: Path) -> None:
    assert load_or_create_hash_key(tmp_path / "a.key") != load_or_create_hash_key(tmp_path / "b.key")


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644, 0o620])
def test_group_or_world_access_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "hash.key"
    load_or_create_hash_key(path)
    path.chmod(mode)
    with pytest.raises(ConfigError, match=r"group or others .*chmod 600") as caught:
        load_or_create_hash_key(path)
    assert path.read_bytes().hex() not in str(caught.value)


def test_wrong_length_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hash.key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, b"too short")
    os.close(fd)
    with pytest.raises(ConfigError, match="exactly 32 bytes"):
        load_or_create_hash_key(path)


def test_symlink_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.key"
    load_or_create_hash_key(real)
    link = tmp_path / "link.key"
    link.symlink_to(real)
    with pytest.raises(ConfigError, match="cannot open hash key file"):
        load_or_create_hash_key(link)


def test_existing_key_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "hash.key"
    key = bytes(range(32))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, key)
    os.close(fd)
    assert load_or_create_hash_key(path) == key
