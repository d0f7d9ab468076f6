"""Four processes x eight threads race to tokenize overlapping values on PostgreSQL."""

from __future__ import annotations

import base64
import multiprocessing
import secrets
from concurrent.futures import ProcessPoolExecutor

import pytest
from sqlalchemy import func, select

from dlp.vault import ReidStatus, Requester, VaultStore, load_access_rules, migrate
from dlp.vault.db import create_vault_engine
from dlp.vault.keys import EnvKeyProvider
from dlp.vault.models import DataKey, Tenant, Token
from tests.vault import _workers
from tests.vault.conftest import HERE

VALUES = 10_000
PROCESSES = 4
SLICE = 5000  # each process takes 5000 values starting 2500 apart: every value is raced by two


@pytest.mark.postgres
@pytest.mark.slow
def test_processes_and_threads_get_exactly_one_token_per_value(pg_url: str) -> None:
    migrate(pg_url)
    kek_b64 = base64.b64encode(secrets.token_bytes(32)).decode()
    values = [f"user{i:05d}.{secrets.token_hex(3)}@example.com" for i in range(VALUES)]
    slices = [[values[(p * 2500 + i) % VALUES] for i in range(SLICE)] for p in range(PROCESSES)]
    for index, chunk in enumerate(slices):
        secrets.SystemRandom(index).shuffle(chunk)
    # fork: the workers need no re-import (spawn costs seconds of CPU each on a 2-core box).
    context = multiprocessing.get_context("fork")
    barrier = context.Manager().Barrier(PROCESSES)
    with ProcessPoolExecutor(PROCESSES, mp_context=context) as pool:
        futures = [pool.submit(_workers.tokenize_all, pg_url, kek_b64, chunk, barrier) for chunk in slices]
        pairs = [pair for future in futures for pair in future.result(timeout=600)]

    token_of: dict[str, set[str]] = {}
    for value, token in pairs:
        token_of.setdefault(value, set()).add(token)
    assert len(token_of) == VALUES
    assert all(len(tokens) == 1 for tokens in token_of.values())
    assert len({next(iter(t)) for t in token_of.values()}) == VALUES

    store = VaultStore(
        create_vault_engine(pg_url),
        EnvKeyProvider({"DLP_VAULT_KEK": kek_b64}),
        load_access_rules(HERE / "access_matrix.yaml"),
    )
    try:
        with store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(Token)).scalar_one() == VALUES
            assert conn.execute(select(func.count()).select_from(Tenant)).scalar_one() == 1
            assert conn.execute(select(func.count()).select_from(DataKey)).scalar_one() == 2
        ordered = sorted(token_of)
        results = store.reidentify(
            [next(iter(token_of[v])) for v in ordered],
            Requester("root", ("admin",), _workers.TENANT),
            "audit",
        )
        assert all(r.status is ReidStatus.OK for r in results)
        assert [r.value for r in results] == ordered
    finally:
        store.close()
