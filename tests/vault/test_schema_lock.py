"""Processes that create the schema at the same moment on a fresh database all start.

Two replicas started together on an empty database used to both issue ``CREATE TABLE``: the second
died with "table ... already exists" (seen as ``mcp-dlp serve`` exiting at start-up).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

PROCESSES = 4
#: Each process builds every store that creates tables; they start together on a "go" file.
_RACER = textwrap.dedent(
    """
    import os, sys, time
    url, go, ready = sys.argv[1], sys.argv[2], sys.argv[3]
    from dlp.audit.store import AuditStore
    from dlp.auth.apikeys import ApiKeyStore
    from dlp.auth.killswitch import KillSwitch
    from dlp.vault.migrations import migrate
    open(ready, "w").close()
    deadline = time.monotonic() + 60
    while not os.path.exists(go) and time.monotonic() < deadline:
        time.sleep(0.001)
    KillSwitch(url)
    ApiKeyStore(url).close()
    AuditStore(url, b"k" * 32).close()
    migrate(url)
    """
)


def _race(url: str, tmp_path: Path) -> None:
    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{i}" for i in range(PROCESSES)]
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", _RACER, url, str(go), str(flag)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for flag in ready
    ]
    # Every racer has imported everything and waits on the go file: they start together.
    deadline = time.monotonic() + 120
    while not all(flag.exists() for flag in ready) and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    failures = []
    for racer in racers:
        _, err = racer.communicate(timeout=120)
        if racer.returncode != 0:
            failures.append(err.decode(errors="replace")[-600:])
    assert not failures, failures[0]


@pytest.mark.parametrize("attempt", range(3))
def test_sqlite_schema_created_by_racing_processes(tmp_path: Path, attempt: int) -> None:
    _race(f"sqlite:///{tmp_path / f'race-{attempt}.db'}", tmp_path)


def test_postgresql_schema_created_by_racing_processes(pg_url: str, tmp_path: Path) -> None:
    _race(pg_url, tmp_path)
