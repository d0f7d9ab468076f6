"""Alembic migrations of the vault tables, runnable from code: ``migrate(engine_url)``."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, text

from dlp.vault.db import create_vault_engine

SCRIPT_LOCATION = Path(__file__).resolve().parent
#: Arbitrary constant naming the PostgreSQL advisory lock held while migrating.
_MIGRATION_LOCK = 0x6D6370766C74


def alembic_config() -> AlembicConfig:
    """An Alembic configuration pointing at these migrations (no ini file needed)."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    return config


def migrate(engine_url: str | Engine, revision: str = "head") -> None:
    """Upgrade the vault schema at ``engine_url`` (a URL or an engine) to ``revision``."""
    engine = create_vault_engine(engine_url) if isinstance(engine_url, str) else engine_url
    config = alembic_config()
    try:
        with _sqlite_file_lock(engine), engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Two processes starting on a fresh database must not both create the tables.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            # Hand Alembic our connection so the URL (maybe with a password) never enters its config.
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if isinstance(engine_url, str):
            engine.dispose()


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    # SQLite runs DDL outside transactions, so racing first starts serialise on a lock file.
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
