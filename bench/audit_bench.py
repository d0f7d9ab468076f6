"""Audit trail throughput and its cost per tool call, on SQLite and the local PostgreSQL.

Prints events per second for single appends (one transaction per tool call, as the proxy does)
and for batches, and the time ``trail.record`` adds to ``engine.inspect`` for the same message,
as a ratio measured in this run. Usage: ``python bench/audit_bench.py [--events N]``.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text

from dlp.audit.event import AuditEvent, Verdict
from dlp.audit.store import AuditStore
from dlp.audit.trail import AuditTrail
from dlp.config import Config
from dlp.context import InspectContext
from dlp.wiring import build_engine

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def sample_event(n: int) -> AuditEvent:
    return AuditEvent(
        tenant="acme",
        actor={"user": f"u{n % 7}", "session": "s"},
        target={"tool": "search"},
        verdict=Verdict.REMEDIATED,
        findings={"entities": {"EMAIL_ADDRESS": 2, "US_SSN": 1}},
        actions={"redact": 3},
        rules=["redact-pii"],
    )


def rate(store: AuditStore, events: int, batch: int) -> float:
    started = time.perf_counter()
    for start in range(0, events, batch):
        store.append_many([sample_event(n) for n in range(start, min(events, start + batch))])
    return events / (time.perf_counter() - started)


def postgres_schema() -> tuple[str, str]:
    schema = f"bench_{secrets.token_hex(4)}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return f"{PG_ADMIN}?options=-csearch_path%3D{schema}", schema


def drop_schema(schema: str) -> None:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def cost_per_call(workdir: Path, calls: int) -> tuple[float, float]:
    config = Config(data_dir=workdir, ner_enabled=False)
    engine = build_engine(config)
    trail = AuditTrail(
        AuditStore(f"sqlite:///{workdir / 'cost.db'}", secrets.token_bytes(32)), asynchronous=True
    )
    message = {
        "jsonrpc": "2.0",
        "id": 1,
        "result": {
            "content": [
                {
                    "type": "text",
                    "text": "Ticket from jane.roe@example.com: SSN 536-22-8741, call +1 415 555 0100.",
                }
            ]
        },
    }
    context = InspectContext(tool="get_ticket", user="agent", tenant="acme")
    inspect_only: list[float] = []
    with_audit: list[float] = []
    for _ in range(calls):
        started = time.perf_counter()
        outcome = engine.inspect(message, context)
        middle = time.perf_counter()
        trail.record(outcome, context)
        ended = time.perf_counter()
        inspect_only.append(middle - started)
        with_audit.append(ended - started)
    trail.flush()
    trail.store._engine.dispose()
    return statistics.median(inspect_only) * 1000, statistics.median(with_audit) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=2000)
    args = parser.parse_args()
    console = Console()
    table = Table(title="audit trail: events written per second")
    table.add_column("backend")
    table.add_column("1 event / transaction", justify="right")
    table.add_column("100 events / transaction", justify="right")
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        sqlite = AuditStore(f"sqlite:///{workdir / 'bench.db'}", secrets.token_bytes(32))
        table.add_row(
            "SQLite (WAL)", f"{rate(sqlite, args.events, 1):,.0f}", f"{rate(sqlite, args.events, 100):,.0f}"
        )
        url, schema = postgres_schema()
        try:
            postgres = AuditStore(url, secrets.token_bytes(32))
            table.add_row(
                "PostgreSQL",
                f"{rate(postgres, args.events, 1):,.0f}",
                f"{rate(postgres, args.events, 100):,.0f}",
            )
            postgres._engine.dispose()
        finally:
            drop_schema(schema)
        console.print(table)
        inspect_ms, total_ms = cost_per_call(workdir, 300)
        console.print(
            f"per tool call (median of 300, SQLite): inspect {inspect_ms:.3f} ms, inspect + audit "
            f"{total_ms:.3f} ms; audit adds {total_ms - inspect_ms:.3f} ms "
            f"(x{total_ms / inspect_ms:.2f} of inspection alone)"
        )


if __name__ == "__main__":
    main()
