"""Process entry points for the concurrency test (spawned processes import this module)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from dlp.decision import OperatorContext
from dlp.vault import VaultStore
from dlp.vault.db import create_vault_engine
from dlp.vault.keys import EnvKeyProvider

TENANT = "race"
THREADS = 8


def tokenize_all(url: str, kek_b64: str, values: list[str], barrier: Any) -> list[tuple[str, str]]:
    """Tokenize ``values`` from ``THREADS`` threads once every process is ready."""
    store = VaultStore(
        create_vault_engine(url, pool_size=THREADS), EnvKeyProvider({"DLP_VAULT_KEK": kek_b64})
    )
    context = OperatorContext(tenant=TENANT, connector="jira")
    barrier.wait()
    try:
        with ThreadPoolExecutor(THREADS) as pool:
            tokens = list(pool.map(lambda v: store.tokenize(v, "EMAIL_ADDRESS", context), values))
    finally:
        store.close()
    return list(zip(values, tokens, strict=True))
