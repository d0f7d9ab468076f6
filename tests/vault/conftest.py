"""Fixtures: every store test runs on SQLite and on the local PostgreSQL (a fresh schema each)."""

from __future__ import annotations

import base64
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from dlp.vault import AccessRules, VaultStore, load_access_rules, migrate
from dlp.vault.db import create_vault_engine
from dlp.vault.keys import EnvKeyProvider
from dlp.vault.models import Base
from dlp.vault.ratelimit import RateLimiter
from tests.conftest import postgres_admin_url

HERE = Path(__file__).parent


class FakeClock:
    """A monotonic clock the test moves by hand (no sleeps)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file per session; each test gets a copy (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("vault-template") / "vault.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _pg_session_url() -> Iterator[str]:
    """One migrated PostgreSQL schema per session; tests empty its tables instead of re-migrating."""
    admin_url = postgres_admin_url()
    schema = f"vault_test_{secrets.token_hex(6)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{admin_url}?options=-csearch_path%3D{schema}"
    try:
        migrate(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The database under test: migrated to the latest schema and empty."""
    if request.param == "sqlite":
        path = tmp_path / "vault.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("_pg_session_url")
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            # DELETE beats TRUNCATE on a handful of tiny tables (no file swaps, no exclusive locks).
            for table in reversed(Base.metadata.sorted_tables):
                conn.execute(table.delete())
    finally:
        engine.dispose()
    return url


def make_kek_provider() -> EnvKeyProvider:
    """A fresh random KEK handed over like the environment provider receives it."""
    return EnvKeyProvider({"DLP_VAULT_KEK": base64.b64encode(secrets.token_bytes(32)).decode()})


@pytest.fixture
def kek() -> EnvKeyProvider:
    return make_kek_provider()


@pytest.fixture
def rules() -> AccessRules:
    return load_access_rules(HERE / "access_matrix.yaml")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(db_url: str, kek: EnvKeyProvider, rules: AccessRules, clock: FakeClock) -> Iterator[VaultStore]:
    vault = VaultStore(create_vault_engine(db_url), kek, rules, rate_limiter=RateLimiter(clock))
    try:
        yield vault
    finally:
        vault.close()
