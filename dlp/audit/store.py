"""Append-only audit store: SQLAlchemy (SQLite or PostgreSQL) plus a JSON-lines mirror.

Appends are serialised across threads and processes so the chain stays one line: PostgreSQL
takes a transaction-scoped advisory lock, SQLite an immediate (write) transaction. The chain
head is signed every ``checkpoint_every`` events and on :meth:`AuditStore.checkpoint`.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    event,
    select,
    text,
)

from dlp.audit.chain import GENESIS, Checkpoint, Problem, StoredEvent, checkpoint_mac, link_hash, verify_chain
from dlp.audit.event import AuditEvent, utc_millis
from dlp.vault.db import create_vault_engine
from dlp.vault.schema_lock import create_tables

#: Arbitrary constant naming the PostgreSQL advisory lock that serialises appends.
_PG_APPEND_LOCK = 0x6D6370646C70

metadata = MetaData()

events_table = Table(
    "audit_events",
    metadata,
    Column("seq", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False),
    Column("event_id", String(32), nullable=False, unique=True),
    Column("time", String(24), nullable=False),
    Column("tenant", String(128), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("user_id", String(256)),
    Column("tool", String(256)),
    Column("verdict", String(32), nullable=False),
    Column("body", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_events_tenant_time", "tenant", "time"),
)

checkpoints_table = Table(
    "audit_checkpoints",
    metadata,
    Column("seq", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=False),
    Column("head_hash", String(64), nullable=False),
    Column("mac", String(64), nullable=False),
    Column("time", String(24), nullable=False),
)


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters for :meth:`AuditStore.query`; every field optional."""

    tenant: str | None = None
    since: str | None = None
    until: str | None = None
    user: str | None = None
    tool: str | None = None
    kind: str | None = None
    verdict: str | None = None
    entity: str | None = None
    action: str | None = None
    after_seq: int = 0
    limit: int = 100


class AuditStore:
    """Writes chained events and verifies the chain."""

    def __init__(
        self, url: str, signing_key: bytes, *, mirror_path: Path | None = None, checkpoint_every: int = 100
    ) -> None:
        if len(signing_key) < 32:
            raise ValueError("the audit signing key must be at least 32 bytes")
        self._engine: Engine = create_vault_engine(url)
        self._is_sqlite = self._engine.dialect.name == "sqlite"
        if self._is_sqlite:
            _serialise_sqlite_writes(self._engine)
        self._key = signing_key
        self._mirror_path = mirror_path
        self._checkpoint_every = checkpoint_every
        self._local_lock = threading.Lock()
        create_tables(self._engine, metadata)

    def close(self) -> None:
        """Sign the head and release connections."""
        self.checkpoint()
        self._engine.dispose()

    def append(self, event: AuditEvent) -> StoredEvent:
        """Chain and store one event; returns it with its sequence number and hash."""
        return self.append_many([event])[0]

    def append_many(self, events: Sequence[AuditEvent]) -> list[StoredEvent]:
        """Chain and store events in order, in one transaction."""
        stored: list[StoredEvent] = []
        with self._local_lock, self._engine.begin() as connection:
            self._lock_chain(connection)
            seq, prev_hash = self._head(connection)
            rows: list[dict[str, Any]] = []
            checkpoints: list[tuple[int, str]] = []
            for audit_event in events:
                seq += 1
                body = audit_event.model_dump(mode="json")
                digest = link_hash(prev_hash, seq, body)
                rows.append(
                    {
                        "seq": seq,
                        "event_id": audit_event.id,
                        "time": audit_event.time,
                        "tenant": audit_event.tenant,
                        "kind": audit_event.kind.value,
                        "user_id": audit_event.actor.get("user"),
                        "tool": audit_event.target.get("tool"),
                        "verdict": audit_event.verdict.value,
                        "body": json.dumps(body, sort_keys=True, ensure_ascii=False),
                        "prev_hash": prev_hash,
                        "hash": digest,
                    }
                )
                stored.append(StoredEvent(seq, prev_hash, digest, body))
                prev_hash = digest
                if seq % self._checkpoint_every == 0:
                    checkpoints.append((seq, digest))
            if rows:
                connection.execute(events_table.insert(), rows)
            for checkpoint_seq, head in checkpoints:
                self._write_checkpoint(connection, checkpoint_seq, head)
        self._mirror(stored)
        return stored

    def checkpoint(self) -> Checkpoint | None:
        """Sign the current chain head now (also done every ``checkpoint_every`` events)."""
        with self._local_lock, self._engine.begin() as connection:
            self._lock_chain(connection)
            seq, head = self._head(connection)
            if seq == 0:
                return None
            return self._write_checkpoint(connection, seq, head)

    def verify(self) -> list[Problem]:
        """Every problem in the stored trail; empty when intact."""
        return verify_chain(self.iter_stored(), self.checkpoints(), self._key)

    def iter_stored(self) -> Iterator[StoredEvent]:
        """All events in sequence order, as stored (streamed in pages)."""
        last = 0
        while True:
            with self._engine.connect() as connection:
                rows = connection.execute(
                    select(
                        events_table.c.seq, events_table.c.prev_hash, events_table.c.hash, events_table.c.body
                    )
                    .where(events_table.c.seq > last)
                    .order_by(events_table.c.seq)
                    .limit(1000)
                ).all()
            if not rows:
                return
            for row in rows:
                yield StoredEvent(row.seq, row.prev_hash, row.hash, json.loads(row.body))
            last = rows[-1].seq

    def checkpoints(self) -> list[Checkpoint]:
        """Signed chain heads, oldest first."""
        with self._engine.connect() as connection:
            rows = connection.execute(select(checkpoints_table).order_by(checkpoints_table.c.seq)).all()
        return [Checkpoint(row.seq, row.head_hash, row.mac) for row in rows]

    def query(self, filters: EventQuery) -> list[dict[str, Any]]:
        """Events matching ``filters`` in sequence order, each with ``seq`` and ``hash``."""
        statement = (
            select(events_table).where(events_table.c.seq > filters.after_seq).order_by(events_table.c.seq)
        )
        columns = {
            "tenant": "tenant",
            "user": "user_id",
            "tool": "tool",
            "kind": "kind",
            "verdict": "verdict",
        }
        for field_name, column in columns.items():
            value = getattr(filters, field_name)
            if value is not None:
                statement = statement.where(events_table.c[column] == value)
        if filters.since:
            statement = statement.where(events_table.c.time >= filters.since)
        if filters.until:
            statement = statement.where(events_table.c.time < filters.until)
        results: list[dict[str, Any]] = []
        with self._engine.connect() as connection:
            # Entity and action live inside the JSON body; filter them here, page by page.
            for row in connection.execute(statement.execution_options(yield_per=500)):
                body = json.loads(row.body)
                if filters.entity and filters.entity not in body.get("findings", {}).get("entities", {}):
                    continue
                if filters.action and filters.action not in body.get("actions", {}):
                    continue
                results.append({"seq": row.seq, "hash": row.hash, **body})
                if len(results) >= filters.limit:
                    break
        return results

    def _lock_chain(self, connection: Connection) -> None:
        if self._engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_APPEND_LOCK})

    def _head(self, connection: Connection) -> tuple[int, str]:
        row = connection.execute(
            select(events_table.c.seq, events_table.c.hash).order_by(events_table.c.seq.desc()).limit(1)
        ).first()
        return (row.seq, row.hash) if row else (0, GENESIS)

    def _write_checkpoint(self, connection: Connection, seq: int, head: str) -> Checkpoint:
        mac = checkpoint_mac(self._key, seq, head)
        existing = connection.execute(
            select(checkpoints_table.c.seq).where(checkpoints_table.c.seq == seq)
        ).first()
        if existing is None:
            connection.execute(
                checkpoints_table.insert().values(seq=seq, head_hash=head, mac=mac, time=utc_millis())
            )
        return Checkpoint(seq, head, mac)

    def _mirror(self, stored: Sequence[StoredEvent]) -> None:
        if self._mirror_path is None or not stored:
            return
        lines = "".join(
            json.dumps(
                {"seq": s.seq, "prev_hash": s.prev_hash, "hash": s.hash, **s.body},
                sort_keys=True,
                ensure_ascii=False,
            )
            + "\n"
            for s in stored
        )
        self._mirror_path.parent.mkdir(parents=True, exist_ok=True)
        # One write() on an O_APPEND descriptor: concurrent writers never interleave inside a line.
        descriptor = os.open(self._mirror_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, lines.encode("utf-8"))
        finally:
            os.close(descriptor)


def _serialise_sqlite_writes(engine: Engine) -> None:
    """Make every transaction on ``engine`` take SQLite's write lock at BEGIN.

    pysqlite's own transaction handling begins lazily and deferred, so two writers could both
    read the same chain head; an immediate transaction makes the read-then-append atomic.
    """

    @event.listens_for(engine, "connect")
    def _manual_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
