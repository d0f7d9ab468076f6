"""API keys: ``mdlp_<id>_<secret>``, shown once; the database keeps only a keyed hash of the secret.

The secret is 32 random bytes, so a fast hash cannot be brute-forced: HMAC-SHA256 keyed with the
key id (a per-key salt) is enough, and verification is a constant-time compare.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Boolean, Column, Engine, MetaData, String, Table, select, update

from dlp.auth.identity import Principal
from dlp.errors import AuthenticationFailed, ConfigError
from dlp.vault.db import create_vault_engine
from dlp.vault.schema_lock import create_tables

PREFIX = "mdlp"
_ID_BYTES = 8
_SECRET_BYTES = 32

metadata = MetaData()

api_keys_table = Table(
    "dlp_api_keys",
    metadata,
    Column("key_id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("tenant", String(128), nullable=False),
    Column("roles", String(1000), nullable=False),
    Column("created", String(32), nullable=False),
    Column("expires", String(32)),
    Column("revoked", Boolean, nullable=False, default=False),
)


@dataclass(frozen=True, slots=True)
class ApiKeyInfo:
    """A stored key without its secret."""

    key_id: str
    name: str
    tenant: str
    roles: tuple[str, ...]
    created: str
    expires: str | None
    revoked: bool


def _hash(key_id: str, secret: str) -> str:
    return hmac.new(key_id.encode(), secret.encode(), hashlib.sha256).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


class ApiKeyStore:
    """Create, list, revoke and verify API keys in the vault/audit database."""

    def __init__(self, url: str) -> None:
        self._engine: Engine = create_vault_engine(url)
        create_tables(self._engine, metadata)

    def create(
        self, tenant: str, roles: tuple[str, ...], *, name: str = "", expires_days: int | None = None
    ) -> tuple[str, ApiKeyInfo]:
        """A new key: the full key string (shown once, never stored) and its record."""
        if not tenant or not roles or any(not r or " " in r or "," in r for r in roles):
            raise ConfigError("an API key needs a tenant and at least one role (no spaces or commas)")
        key_id = secrets.token_hex(_ID_BYTES)
        secret = secrets.token_urlsafe(_SECRET_BYTES)
        created = _now()
        expires = (created + timedelta(days=expires_days)).isoformat() if expires_days else None
        info = ApiKeyInfo(key_id, name or key_id, tenant, roles, created.isoformat(), expires, False)
        with self._engine.begin() as conn:
            conn.execute(
                api_keys_table.insert().values(
                    key_id=key_id,
                    name=info.name,
                    secret_hash=_hash(key_id, secret),
                    tenant=tenant,
                    roles=",".join(roles),
                    created=info.created,
                    expires=expires,
                    revoked=False,
                )
            )
        return f"{PREFIX}_{key_id}_{secret}", info

    def list(self) -> list[ApiKeyInfo]:
        """Every key, oldest first (no secrets, no hashes)."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(api_keys_table).order_by(api_keys_table.c.created)).mappings()
            return [_info(row) for row in rows]

    def revoke(self, key_id: str) -> bool:
        """Revoke ``key_id``; False if there is no such key."""
        with self._engine.begin() as conn:
            result = conn.execute(
                update(api_keys_table).where(api_keys_table.c.key_id == key_id).values(revoked=True)
            )
            return result.rowcount > 0

    def verify(self, key: str) -> Principal:
        """The caller ``key`` belongs to; :class:`AuthenticationFailed` for anything else."""
        parts = key.split("_", 2)
        if len(parts) != 3 or parts[0] != PREFIX or len(parts[1]) != 2 * _ID_BYTES:
            raise AuthenticationFailed("invalid credential")
        key_id, secret = parts[1], parts[2]
        with self._engine.connect() as conn:
            row = (
                conn.execute(select(api_keys_table).where(api_keys_table.c.key_id == key_id))
                .mappings()
                .first()
            )
        # Hash even when the id is unknown so a miss and a wrong secret cost the same.
        expected = row["secret_hash"] if row is not None else _hash("0" * 16, "")
        if not hmac.compare_digest(_hash(key_id, secret), expected) or row is None:
            raise AuthenticationFailed("invalid credential")
        info = _info(row)
        if info.revoked or (info.expires is not None and datetime.fromisoformat(info.expires) <= _now()):
            raise AuthenticationFailed("invalid credential")
        return Principal(user=f"apikey:{info.name}", roles=info.roles, tenant=info.tenant, method="apikey")

    def close(self) -> None:
        """Release the connection pool."""
        self._engine.dispose()


def _info(row: object) -> ApiKeyInfo:
    r = dict(row)  # type: ignore[call-overload]
    return ApiKeyInfo(
        key_id=r["key_id"],
        name=r["name"],
        tenant=r["tenant"],
        roles=tuple(x for x in r["roles"].split(",") if x),
        created=r["created"],
        expires=r["expires"],
        revoked=bool(r["revoked"]),
    )
