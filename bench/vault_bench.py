"""Vault throughput: tokenize (new and repeated values) and re-identify, on SQLite and PostgreSQL.

Usage: ``.venv/bin/python bench/vault_bench.py [--values 1000] [--batch 100] [--pg URL]``.
One thread, one process: the figures are per-core costs (a commit per new value dominates).
PostgreSQL runs in a throw-away schema that is dropped afterwards.
"""

from __future__ import annotations

import argparse
import base64
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from dlp.decision import OperatorContext
from dlp.vault import AccessRules, Requester, VaultStore, migrate, parse_access_rules
from dlp.vault.db import create_vault_engine
from dlp.vault.keys import EnvKeyProvider

RULES = """
version: 1
defaults: {rate_limit_per_minute: 1000000}
roles:
  admin: {entities: ["*"], data_classes: ["*"]}
"""


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'vault.db'}"


@contextmanager
def postgres_url(server: str) -> Iterator[str]:
    schema = f"vault_bench_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{server}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def rate(count: int, action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return count / (time.perf_counter() - start)


def run(url: str, n: int, batch: int, rules: AccessRules) -> dict[str, float]:
    migrate(url)
    kek = EnvKeyProvider({"DLP_VAULT_KEK": base64.b64encode(secrets.token_bytes(32)).decode()})
    store = VaultStore(create_vault_engine(url), kek, rules)
    context = OperatorContext(tenant="bench", connector="jira")
    values = [f"user{i}.{secrets.token_hex(4)}@example.com" for i in range(n)]
    tokens: list[str] = []
    try:
        store.tokenize("warm-up@example.com", "EMAIL_ADDRESS", context)
        new = rate(n, lambda: tokens.extend(store.tokenize(v, "EMAIL_ADDRESS", context) for v in values))
        repeat = rate(n, lambda: [store.tokenize(v, "EMAIL_ADDRESS", context) for v in values])
        who = Requester("bench", ("admin",), "bench")
        reid = rate(
            n,
            lambda: [
                store.reidentify(tokens[i : i + batch], who, "benchmark run") for i in range(0, n, batch)
            ],
        )
        single = rate(200, lambda: [store.reidentify([t], who, "benchmark run") for t in tokens[:200]])
    finally:
        store.close()
    return {
        "tokenize new": new,
        "tokenize repeat": repeat,
        f"reidentify x{batch}": reid,
        "reidentify x1": single,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    rules = parse_access_rules(RULES)
    results: dict[str, dict[str, float]] = {}
    with sqlite_url() as url:
        results["sqlite"] = run(url, args.values, args.batch, rules)
    with postgres_url(args.pg) as url:
        results["postgresql"] = run(url, args.values, args.batch, rules)
    names = list(next(iter(results.values())))
    print(f"{'values/s':<12}" + "".join(f"{name:>18}" for name in names))
    for backend, figures in results.items():
        print(f"{backend:<12}" + "".join(f"{figures[name]:>18,.0f}" for name in names))


if __name__ == "__main__":
    main()
