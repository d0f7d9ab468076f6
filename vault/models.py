"""Vault tables (SQLAlchemy 2.0 typed models). Keys are stored only wrapped; values only sealed.

Schema changes go through Alembic (:mod:`dlp.vault.migrations`); a test checks that the
migrations and these models agree.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

#: BIGINT on PostgreSQL; INTEGER on SQLite, where only that spelling auto-increments.
BigId = BigInteger().with_variant(Integer(), "sqlite")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored as naive UTC (SQLite has no zone) and returned zone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Aware in, naive UTC stored."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("vault timestamps must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Naive UTC stored, aware out."""
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current time, zone-aware UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with deterministic constraint names (Alembic needs them)."""

    metadata = MetaData(naming_convention=NAMING)


class Tenant(Base):
    """A tenant: every key and token belongs to exactly one."""

    __tablename__ = "vault_tenants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: Set by crypto-shredding; the tenant's keys are destroyed and no new value is sealed.
    shredded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class DataKey(Base):
    """A tenant's data key (``seal``: AES-256-GCM of values; ``lookup``: HMAC), stored wrapped."""

    __tablename__ = "vault_data_keys"
    __table_args__ = (Index("ix_vault_data_keys_tenant_purpose", "tenant_id", "purpose"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Public, random name of the key: stored beside every ciphertext it sealed.
    key_id: Mapped[str] = mapped_column(String(40), unique=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("vault_tenants.id"))
    purpose: Mapped[str] = mapped_column(String(16))
    #: Which KEK wrapped it (``file:<fp>``, ``env:<fp>``, ``vault-transit:<mount>/<name>``).
    kek_id: Mapped[str] = mapped_column(String(255))
    #: The wrapped key; NULL once destroyed.
    wrapped: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    destroyed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Token(Base):
    """One vaulted value: its token id, lookup HMAC and sealed original."""

    __tablename__ = "vault_tokens"
    __table_args__ = (
        # Insert-or-get: racing writers of one value end with exactly one row.
        UniqueConstraint("tenant_id", "lookup_hmac", name="uq_vault_tokens_tenant_lookup"),
        # A token id naming two values would be silently wrong: the database refuses it.
        UniqueConstraint("tenant_id", "token_id", name="uq_vault_tokens_tenant_token"),
        Index("ix_vault_tokens_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("vault_tenants.id"))
    token_id: Mapped[str] = mapped_column(String(32))
    entity: Mapped[str] = mapped_column(String(64))
    data_class: Mapped[str] = mapped_column(String(16))
    lookup_hmac: Mapped[bytes] = mapped_column(LargeBinary)
    #: key_id of the seal key, bound into the ciphertext's associated data.
    data_key_id: Mapped[str] = mapped_column(String(40))
    #: nonce (12 bytes) || AES-256-GCM ciphertext || tag (16 bytes).
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TokenSource(Base):
    """A connector a token's value was seen through (access rules may restrict by connector)."""

    __tablename__ = "vault_token_sources"

    token_pk: Mapped[int] = mapped_column(
        BigId, ForeignKey("vault_tokens.id", ondelete="CASCADE"), primary_key=True
    )
    connector: Mapped[str] = mapped_column(String(128), primary_key=True)


class Approval(Base):
    """A dual-control request: a second person must approve before values are revealed."""

    __tablename__ = "vault_approvals"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(255))
    requester: Mapped[str] = mapped_column(String(255))
    #: JSON list of the requester's roles when asking (approvers are checked against these).
    requester_roles: Mapped[str] = mapped_column(Text)
    #: JSON list of token ids covered.
    token_ids: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    #: pending, approved, rejected, used.
    status: Mapped[str] = mapped_column(String(16))
    approver: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AccessEvent(Base):
    """One re-identification attempt or approval decision: who, which tokens, why, outcome."""

    __tablename__ = "vault_access_log"
    __table_args__ = (Index("ix_vault_access_log_at", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    tenant: Mapped[str] = mapped_column(String(255))
    user: Mapped[str] = mapped_column(String(255))
    roles: Mapped[str] = mapped_column(Text)
    #: reidentify, request_approval, approve, reject.
    action: Mapped[str] = mapped_column(String(32))
    #: JSON list of token ids (never values).
    token_ids: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    #: allowed, partial, denied, rate_limited, pending_approval, tampered, error.
    outcome: Mapped[str] = mapped_column(String(32))
    #: JSON object token id -> status, for partial outcomes.
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)
    approval_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
