"""Alembic migrations of the vault tables, runnable from code: ``migrate(engine_url)``."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine

from dlp.vault.db import create_vault_engine
from dlp.vault.schema_lock import schema_transaction

SCRIPT_LOCATION = Path(__file__).resolve().parent


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
        # Two processes starting on a fresh database must not both create the tables.
        with schema_transaction(engine) as connection:
            # Hand Alembic our connection so the URL (maybe with a password) never enters its config.
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if isinstance(engine_url, str):
            engine.dispose()
