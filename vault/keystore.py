"""Per-tenant data keys: created on first use, cached unwrapped in memory, rotated, shredded.

Each tenant has one ``lookup`` key (HMAC for token ids and lookups; never rotated, or equal
values would stop getting equal tokens) and one or more ``seal`` keys (AES-256-GCM; the newest
live one seals new values, older ones still open what they sealed). All are random 32 bytes,
wrapped by the key ring's current KEK with the tenant, key id and purpose bound as associated
data, so a wrapped key copied to another row or tenant does not open.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Row, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from dlp.errors import ConfigError, KeyUnavailable
from dlp.vault.keys import KEY_BYTES, KeyProvider, KeyRing
from dlp.vault.models import DataKey, Tenant, utcnow

SEAL = "seal"
LOOKUP = "lookup"


def insert_ignoring_conflicts(connection: Connection, model: Any) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING`` for the connection's dialect."""
    name = connection.dialect.name
    if name == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing()
    if name == "sqlite":
        return sqlite.insert(model).on_conflict_do_nothing()
    raise ConfigError(f"the vault supports PostgreSQL and SQLite, not {name}")


def wrap_context(tenant: str, key_id: str, purpose: str) -> bytes:
    """Associated data binding a wrapped key to its tenant, name and purpose."""
    parts = (b"mcp-dlp/v1/data-key", tenant.encode(), key_id.encode(), purpose.encode())
    return b"".join(len(p).to_bytes(4, "big") + p for p in parts)


@dataclass(frozen=True, slots=True)
class TenantKeys:
    """A tenant's live keys, unwrapped (kept only in memory)."""

    tenant_pk: int
    lookup_key: bytes = field(repr=False)
    seal_key_id: str
    seal_key: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class RotationReport:
    """Result of a KEK rotation pass."""

    rewrapped: int
    kek_id: str


class KeyStore:
    """Creates, caches, unwraps, rotates and destroys tenants' data keys."""

    def __init__(self, engine: Engine, ring: KeyRing) -> None:
        self._engine = engine
        self.ring = ring
        self._lock = threading.Lock()
        self._tenants: dict[str, TenantKeys] = {}
        self._seal_keys: dict[str, bytes] = {}

    def tenant_keys(self, tenant: str, *, create: bool = True) -> TenantKeys | None:
        """The tenant's live keys; created on first use when ``create``; None if it has none."""
        cached = self._tenants.get(tenant)
        if cached is not None:
            return cached
        with self._engine.connect() as conn:
            exists = conn.execute(select(Tenant.id).where(Tenant.name == tenant)).first() is not None
        if not exists:
            if not create:
                return None
            # The INSERT opens the write transaction, so SQLite never has to upgrade a read snapshot.
            with self._engine.begin() as conn:
                self._create_tenant(conn, tenant)
        with self._engine.connect() as conn:
            keys = self._load(conn, tenant)
        with self._lock:
            self._tenants[tenant] = keys
        return keys

    def _create_tenant(self, conn: Connection, tenant: str) -> None:
        now = utcnow()
        stmt = insert_ignoring_conflicts(conn, Tenant).values(name=tenant, created_at=now)
        tenant_pk = conn.execute(stmt.returning(Tenant.id)).scalar_one_or_none()
        if tenant_pk is None:
            return  # another writer created it (and its keys) in the same transaction
        for purpose in (LOOKUP, SEAL):
            self._insert_key(conn, tenant, tenant_pk, purpose)

    def _insert_key(self, conn: Connection, tenant: str, tenant_pk: int, purpose: str) -> str:
        key_id = "dk_" + secrets.token_hex(16)
        kek_id, wrapped = self.ring.wrap(
            secrets.token_bytes(KEY_BYTES), wrap_context(tenant, key_id, purpose)
        )
        conn.execute(
            insert(DataKey).values(
                key_id=key_id,
                tenant_id=tenant_pk,
                purpose=purpose,
                kek_id=kek_id,
                wrapped=wrapped,
                created_at=utcnow(),
            )
        )
        return key_id

    def _load(self, conn: Connection, tenant: str) -> TenantKeys:
        row = conn.execute(select(Tenant.id, Tenant.shredded_at).where(Tenant.name == tenant)).one()
        if row.shredded_at is not None:
            raise KeyUnavailable("the tenant's keys were destroyed (crypto-shredded)")
        keys = conn.execute(
            select(DataKey.__table__)
            .where(DataKey.tenant_id == row.id, DataKey.destroyed_at.is_(None))
            .order_by(DataKey.id)
        ).all()
        lookup = [k for k in keys if k.purpose == LOOKUP]
        seal = [k for k in keys if k.purpose == SEAL]
        if len(lookup) != 1 or not seal:
            raise KeyUnavailable("the tenant's data keys are missing")
        newest = seal[-1]
        return TenantKeys(
            tenant_pk=row.id,
            lookup_key=self._unwrap(tenant, lookup[0]),
            seal_key_id=newest.key_id,
            seal_key=self._unwrap(tenant, newest),
        )

    def _unwrap(self, tenant: str, key: Row[Any]) -> bytes:
        if key.wrapped is None:
            raise KeyUnavailable("the data key was destroyed")
        return self.ring.unwrap(key.kek_id, key.wrapped, wrap_context(tenant, key.key_id, key.purpose))

    def seal_keys(
        self, conn: Connection, tenant: str, tenant_pk: int, key_ids: Iterable[str]
    ) -> dict[str, bytes | None]:
        """Unwrapped seal keys by id, read in one query; None for a destroyed key.

        An id missing from the answer is one the tenant never had: callers treat a ciphertext
        naming it as altered.
        """
        wanted = set(key_ids)
        if not wanted:
            return {}
        rows = conn.execute(
            select(DataKey.__table__).where(
                DataKey.tenant_id == tenant_pk, DataKey.key_id.in_(wanted), DataKey.purpose == SEAL
            )
        ).all()
        found: dict[str, bytes | None] = {}
        for key in rows:
            if key.wrapped is None or key.destroyed_at is not None:
                found[key.key_id] = None
                continue
            cached = self._seal_keys.get(key.key_id)
            if cached is None:
                cached = self._unwrap(tenant, key)
                with self._lock:
                    self._seal_keys[key.key_id] = cached
            found[key.key_id] = cached
        return found

    def rotate_data_key(self, tenant: str) -> str:
        """Start sealing the tenant's new values under a fresh seal key; returns its key id."""
        keys = self.tenant_keys(tenant)
        assert keys is not None
        with self._engine.begin() as conn:
            key_id = self._insert_key(conn, tenant, keys.tenant_pk, SEAL)
        self.forget(tenant)
        return key_id

    def rotate_kek(self, new_provider: KeyProvider, batch_size: int = 200) -> RotationReport:
        """Re-wrap every live data key under ``new_provider``.

        New keys are wrapped under the new KEK from the moment this starts. Each batch commits on
        its own and each row is updated only if still under the KEK it was read with, so an
        interrupted rotation resumes by running it again (with the old provider still in the
        ring) and two rotators never double-wrap.
        """
        self.ring = self.ring.with_current(new_provider)
        done = 0
        while True:
            with self._engine.begin() as conn:
                batch = conn.execute(
                    select(DataKey.__table__, Tenant.name.label("tenant_name"))
                    .join(Tenant, Tenant.id == DataKey.tenant_id)
                    .where(DataKey.kek_id != new_provider.kek_id, DataKey.wrapped.is_not(None))
                    .order_by(DataKey.id)
                    .limit(batch_size)
                ).all()
                for key in batch:
                    context = wrap_context(key.tenant_name, key.key_id, key.purpose)
                    raw = self._unwrap(key.tenant_name, key)
                    result = conn.execute(
                        update(DataKey)
                        .where(DataKey.id == key.id, DataKey.kek_id == key.kek_id)
                        .values(kek_id=new_provider.kek_id, wrapped=new_provider.wrap(raw, context))
                    )
                    done += result.rowcount
            if len(batch) < batch_size:
                return RotationReport(rewrapped=done, kek_id=new_provider.kek_id)

    def shred(self, tenant: str) -> int:
        """Destroy every data key of ``tenant``; returns how many were destroyed."""
        now = utcnow()
        with self._engine.begin() as conn:
            tenant_pk = conn.execute(select(Tenant.id).where(Tenant.name == tenant)).scalar_one_or_none()
            if tenant_pk is None:
                return 0
            conn.execute(update(Tenant).where(Tenant.id == tenant_pk).values(shredded_at=now))
            destroyed = conn.execute(
                update(DataKey)
                .where(DataKey.tenant_id == tenant_pk, DataKey.wrapped.is_not(None))
                .values(wrapped=None, destroyed_at=now)
            ).rowcount
        self.forget(tenant)
        return destroyed

    def forget(self, tenant: str) -> None:
        """Drop the tenant's unwrapped keys from memory."""
        with self._lock:
            self._tenants.pop(tenant, None)
            self._seal_keys.clear()
