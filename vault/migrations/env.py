"""Alembic environment: runs on the connection handed over by :func:`dlp.vault.migrations.migrate`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from dlp.vault.db import create_vault_engine
from dlp.vault.models import Base

config = context.config
target_metadata = Base.metadata
#: Own version table: the audit trail (and others) may share the database and migrate on their own.
VERSION_TABLE = "vault_alembic_version"


def _ours(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # Autogenerate must not propose dropping other components' tables in a shared database.
    return type_ != "table" or bool(name and name.startswith("vault_"))


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table=VERSION_TABLE,
        include_object=_ours,
        render_as_batch=True,
    )


def run() -> None:
    """Online migration only: the vault always migrates a live database."""
    connection = config.attributes.get("connection")
    if connection is None:
        # Plain `alembic -x url=... upgrade head` use from a shell.
        url = context.get_x_argument(as_dictionary=True).get("url")
        if not url:
            raise SystemExit("pass the database with: alembic -x url=<sqlalchemy url> upgrade head")
        with create_vault_engine(url).begin() as own:
            _configure(own)
            context.run_migrations()
        return
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


run()
