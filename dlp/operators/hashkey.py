"""The master hash key: 32 random bytes in a file only its owner can read.

Created atomically: the bytes go to a private temporary file that is then hard-linked into
place, so a crash never leaves a short key and two processes starting at once agree on one key
(the second link fails and that process reads the winner's key instead of overwriting it).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from dlp.errors import ConfigError

#: Matches the hashing module's minimum; more would add nothing to HMAC-SHA256.
KEY_BYTES = 32


def load_or_create_hash_key(path: Path) -> bytes:
    """Read the key at ``path`` (mode 0600 required), creating it first when it does not exist."""
    if not path.exists():
        _create(path)
    return _read(path)


def _read(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise ConfigError(f"cannot open hash key file {path}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise ConfigError(f"hash key file {path} is not a regular file")
        if mode & 0o077:
            raise ConfigError(
                f"hash key file {path} is readable or writable by group or others "
                f"(mode {stat.S_IMODE(mode):04o}); run: chmod 600 {path}"
            )
        key = handle.read(KEY_BYTES + 1)
    if len(key) != KEY_BYTES:
        raise ConfigError(f"hash key file {path} must hold exactly {KEY_BYTES} bytes")
    return key


def _create(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        # Another process may have won the race: keep its key, whichever came first.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
