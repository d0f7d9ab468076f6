"""Fixtures shared by every test package: the real local PostgreSQL, one fresh schema per test."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

PG_SERVER = "127.0.0.1:5432/test"
PG_USERS = ("postgres", os.environ.get("USER") or "root")


def postgres_admin_url() -> str:
    """A URL that connects to the local PostgreSQL; fails the test (never skips) in CI."""
    last: Exception | None = None
    for user in PG_USERS:
        url = f"postgresql+psycopg://{user}@{PG_SERVER}"
        engine = create_engine(url)
        try:
            with engine.connect():
                return url
        except OperationalError as exc:
            last = exc
        finally:
            engine.dispose()
    message = f"PostgreSQL at {PG_SERVER} is not reachable ({type(last).__name__})"
    # CI must fail, never skip, without PostgreSQL; a developer may opt out explicitly.
    if os.environ.get("DLP_TEST_SKIP_POSTGRES") == "1" and not os.environ.get("CI"):
        pytest.skip(message)
    pytest.fail(message)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL whose search_path is a schema made for this test and dropped after it."""
    admin_url = postgres_admin_url()
    schema = f"dlp_test_{secrets.token_hex(6)}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{admin_url}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
