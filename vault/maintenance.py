"""Retention: delete vaulted values past their time to live, globally or per data class."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy import Connection, delete, select

from dlp.entities import DataClass
from dlp.errors import VaultError
from dlp.vault.models import Tenant, Token, utcnow


def purge_tokens(
    conn: Connection,
    older_than: timedelta | None,
    ttl_by_class: Mapping[str, timedelta] | None,
    tenant: str | None,
) -> int:
    """Delete tokens created before ``now - ttl``; a data class's own TTL overrides ``older_than``."""
    ttl_by_class = dict(ttl_by_class or {})
    unknown = set(ttl_by_class) - {str(member) for member in DataClass}
    if unknown:
        raise VaultError(f"unknown data classes in TTLs: {sorted(unknown)}")
    if older_than is None and not ttl_by_class:
        raise VaultError("purge needs older_than or at least one per-class TTL")
    tenant_filter = []
    if tenant is not None:
        tenant_filter.append(Token.tenant_id.in_(select(Tenant.id).where(Tenant.name == tenant)))
    now = utcnow()
    deleted = 0
    for data_class, ttl in ttl_by_class.items():
        deleted += conn.execute(
            delete(Token).where(Token.data_class == data_class, Token.created_at < now - ttl, *tenant_filter)
        ).rowcount
    if older_than is not None:
        deleted += conn.execute(
            delete(Token).where(
                Token.data_class.not_in(list(ttl_by_class)),
                Token.created_at < now - older_than,
                *tenant_filter,
            )
        ).rowcount
    return deleted
