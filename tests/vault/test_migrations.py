"""Alembic migrations build exactly the tables the models describe, on both backends."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from dlp.config import Config
from dlp.decision import OperatorContext
from dlp.errors import VaultError
from dlp.vault import VaultStore, migrate
from dlp.vault.db import create_vault_engine
from dlp.vault.keys import LocalFileKeyProvider
from dlp.vault.models import Base


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'nested' / 'vault.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


def test_migrations_match_models_and_are_idempotent(empty_url: str) -> None:
    migrate(empty_url)
    migrate(empty_url)
    engine = create_vault_engine(empty_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
            assert [d for d in differences if d[1].name != "vault_alembic_version"] == []
            assert conn.execute(text("SELECT version_num FROM vault_alembic_version")).scalar() == "0001"
    finally:
        engine.dispose()


def test_sqlite_default_path_uses_wal(tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path / "data")
    store = VaultStore.from_config(config)
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert (tmp_path / "data" / "vault.db").exists()
        assert (tmp_path / "data" / "vault.kek").stat().st_mode & 0o077 == 0
    finally:
        store.close()


def test_database_errors_fail_closed_without_the_value(tmp_path: Path) -> None:
    unmigrated = create_vault_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    store = VaultStore(unmigrated, LocalFileKeyProvider(tmp_path / "k"))
    try:
        with pytest.raises(VaultError) as caught:
            store.tokenize("canary-4411@example.com", "EMAIL_ADDRESS", OperatorContext())
        assert "canary" not in str(caught.value) and caught.value.__cause__ is None
    finally:
        store.close()


def test_racing_first_starts_migrate_once(empty_url: str) -> None:
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: migrate(empty_url), range(4)))
    engine = create_vault_engine(empty_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM vault_alembic_version")).scalar() == 1
    finally:
        engine.dispose()
