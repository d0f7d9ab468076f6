"""Crash safety: a writer killed with SIGKILL mid-batch leaves a consistent vault on PostgreSQL."""

from __future__ import annotations

import base64
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from dlp.decision import OperatorContext
from dlp.vault import ReidStatus, Requester, VaultStore, load_access_rules, migrate
from dlp.vault.db import create_vault_engine
from dlp.vault.keys import EnvKeyProvider
from dlp.vault.models import Token
from tests.vault.conftest import HERE

ROOT = Path(__file__).resolve().parents[2]
KILL_AFTER = 150  # tokens handed out before the writer is killed


@pytest.mark.postgres
def test_tokens_returned_before_a_kill_resolve_and_the_vault_stays_consistent(pg_url: str) -> None:
    migrate(pg_url)
    kek_b64 = base64.b64encode(secrets.token_bytes(32)).decode()
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.vault._crash_writer", pg_url, kek_b64, "100000"],
        stdout=subprocess.PIPE,
        cwd=ROOT,
    )
    handed_out: dict[str, str] = {}
    assert writer.stdout is not None
    try:
        for line in writer.stdout:  # bounded: the writer prints one line per token
            value, token = line.decode().rstrip("\n").split("\t")
            handed_out[value] = token
            if len(handed_out) >= KILL_AFTER:
                os.kill(writer.pid, signal.SIGKILL)  # in the middle of the batch, mid-transaction or not
                break
    finally:
        writer.kill()
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL

    store = VaultStore(
        create_vault_engine(pg_url),
        EnvKeyProvider({"DLP_VAULT_KEK": kek_b64}),
        load_access_rules(HERE / "access_matrix.yaml"),
    )
    try:
        # Every token the writer handed out resolves to its value.
        values = sorted(handed_out)
        results = store.reidentify(
            [handed_out[v] for v in values], Requester("root", ("admin",), "crash"), "audit"
        )
        assert [r.status for r in results] == [ReidStatus.OK] * len(values)
        assert [r.value for r in results] == values
        # Nothing half-written: every stored row opens, and a value stored just before the kill
        # (but not yet printed) gets the same token again rather than a second one.
        with store.engine.connect() as conn:
            stored = [f"[[EMAIL_ADDRESS:{row.token_id}]]" for row in conn.execute(select(Token.token_id))]
        assert len(stored) >= len(handed_out)
        reopened = store.reidentify(stored, Requester("root", ("admin",), "crash"), "audit")
        assert all(r.status is ReidStatus.OK for r in reopened)
        context = OperatorContext(tenant="crash", connector="jira")
        for result in reopened:
            assert result.value is not None
            assert store.tokenize(result.value, "EMAIL_ADDRESS", context) == result.token
    finally:
        store.close()
