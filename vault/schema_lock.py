"""Schema creation that two processes may run at once on a fresh database.

Two replicas (or ``mcp-dlp serve`` next to a CLI command) started on an empty database both see a
table missing and both issue ``CREATE TABLE``; the second fails with "table already exists" and the
process exits at start-up. Every writer of the schema takes one lock first: a PostgreSQL advisory lock
held to the end of the transaction (DDL is transactional there), or, for SQLite, which runs DDL
outside transactions, an exclusive lock on a file next to the database.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, MetaData, text

#: Arbitrary constant naming the PostgreSQL advisory lock held while the schema changes.
SCHEMA_LOCK_KEY = 0x6D6370766C74


@contextmanager
def schema_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction in which no other process changes the schema of ``engine``'s database."""
    with _sqlite_file_lock(engine), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
        yield connection


def create_tables(engine: Engine, metadata: MetaData) -> None:
    """``metadata.create_all`` under the schema lock (existing tables are left as they are)."""
    with schema_transaction(engine) as connection:
        metadata.create_all(connection)


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    with open(f"{database}.migrate-lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
