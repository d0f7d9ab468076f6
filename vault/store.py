"""The vault: tokenize values, re-identify tokens under access rules, rotate, purge and shred.

Each value is sealed with AES-256-GCM under its tenant's current seal key; the associated data
binds the tenant, token id, entity and key id, so a ciphertext moved to another row, tenant or
key (or any flipped byte) fails authentication instead of opening to a wrong value. Lookups go
by an HMAC of the value under the tenant's lookup key; the database never sees a key unwrapped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Select, bindparam, exists, select, true
from sqlalchemy.exc import SQLAlchemyError

from dlp.config import Config
from dlp.decision import OperatorContext
from dlp.entities import data_class_of
from dlp.errors import KeyUnavailable, VaultError
from dlp.vault import approvals
from dlp.vault.access import AccessRules, Requester, load_access_rules
from dlp.vault.approvals import ApprovalRequest
from dlp.vault.db import create_vault_engine
from dlp.vault.keys import KeyProvider, KeyRing, LocalFileKeyProvider, seal
from dlp.vault.keystore import KeyStore, RotationReport, TenantKeys, insert_ignoring_conflicts
from dlp.vault.maintenance import purge_tokens
from dlp.vault.models import Tenant, Token, TokenSource, utcnow
from dlp.vault.ratelimit import RateLimiter
from dlp.vault.reidentify import Reidentifier, ReidResult, ReidStatus
from dlp.vault.tokens import derive_token_id, format_token, lookup_hmac, value_aad

__all__ = ["ReidResult", "ReidStatus", "VaultStore", "default_key_provider", "open_store"]


def default_key_provider(config: Config) -> LocalFileKeyProvider:
    """The local key file in the data folder (``vault.kek``), created 0600 on first use."""
    return LocalFileKeyProvider(config.data_dir / "vault.kek")


def open_store(config: Config, rules: AccessRules | None = None) -> VaultStore:
    """The configured vault (database migrated, local key file) with the configured access rules.

    ``rules`` overrides ``config.vault_access_rules``; with neither, nothing may be re-identified.
    """
    if rules is None and config.vault_access_rules is not None:
        rules = load_access_rules(config.vault_access_rules)
    return VaultStore.from_config(config, rules)


class VaultStore:
    """Tokenizer for the ``tokenize`` operator and the re-identification back end."""

    def __init__(
        self,
        engine: Engine,
        keys: KeyProvider | KeyRing,
        rules: AccessRules | None = None,
        *,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.engine = engine
        # The lookup is one SELECT: autocommit spares a BEGIN and a ROLLBACK round trip each.
        self._reader = engine.execution_options(isolation_level="AUTOCOMMIT")
        self.keys = KeyStore(engine, keys if isinstance(keys, KeyRing) else KeyRing(keys))
        self.rules = rules or AccessRules()
        self._reid = Reidentifier(engine, self.keys, self.rules, rate_limiter or RateLimiter())

    @classmethod
    def open(
        cls, database_url: str, keys: KeyProvider | KeyRing, rules: AccessRules | None = None
    ) -> VaultStore:
        """Connect to ``database_url`` (migrating it to the latest schema) and build a store."""
        from dlp.vault.migrations import migrate  # noqa: PLC0415  # Alembic loads only when opening

        engine = create_vault_engine(database_url)
        migrate(engine)
        return cls(engine, keys, rules)

    @classmethod
    def from_config(cls, config: Config, rules: AccessRules | None = None) -> VaultStore:
        """The default vault: ``config.resolved_database_url`` and the local key file."""
        return cls.open(config.resolved_database_url, default_key_provider(config), rules)

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()

    # -- tokenize -------------------------------------------------------------------------------

    def tokenize(self, value: str, entity: str, context: OperatorContext) -> str:
        """The token for ``value`` in ``context.tenant`` (``[[ENTITY:tk_...]]``), sealing it once."""
        try:
            keys = self.keys.tenant_keys(context.tenant)
            assert keys is not None
            token_id = derive_token_id(keys.lookup_key, entity, value)
            digest = lookup_hmac(keys.lookup_key, entity, value)
            with self._reader.connect() as conn:
                found = _find(conn, keys.tenant_pk, digest, token_id, context.connector)
            if found is None:
                self._insert(context.tenant, keys, entity, value, token_id, digest, context.connector)
            elif context.connector and not found[1]:
                with self.engine.begin() as conn:
                    _record_source(conn, found[0], context.connector)
        except SQLAlchemyError as exc:
            raise VaultError(f"vault database error while tokenizing: {type(exc).__name__}") from None
        return format_token(entity, token_id)

    def _insert(
        self,
        tenant: str,
        keys: TenantKeys,
        entity: str,
        value: str,
        token_id: str,
        digest: bytes,
        connector: str | None,
    ) -> None:
        aad = value_aad(tenant, token_id, entity, keys.seal_key_id)
        sealed = seal(keys.seal_key, value.encode("utf-8"), aad)
        # One transaction (one commit) per new value: token row and where it was seen.
        with self.engine.begin() as conn:
            # Another process may have shredded the tenant since this one cached its keys.
            if conn.execute(_SHREDDED, {"tenant_pk": keys.tenant_pk}).scalar() is not None:
                self.keys.forget(tenant)
                raise KeyUnavailable("the tenant's keys were destroyed (crypto-shredded)")
            # The unique (tenant, lookup_hmac) constraint settles races: one row, every writer reads it.
            conn.execute(
                _insert_ignore(conn, Token),
                {
                    "tenant_id": keys.tenant_pk,
                    "token_id": token_id,
                    "entity": entity,
                    "data_class": str(data_class_of(entity)),
                    "lookup_hmac": digest,
                    "data_key_id": keys.seal_key_id,
                    "sealed": sealed,
                    "created_at": utcnow(),
                },
            )
            found = _find(conn, keys.tenant_pk, digest, token_id, connector)
            if found is None:
                # The insert was skipped, yet no row holds this value: the token id names another.
                raise VaultError("token id collision: refusing to reuse a token for a different value")
            if connector and not found[1]:
                _record_source(conn, found[0], connector)

    # -- re-identify ------------------------------------------------------------------------------

    def reidentify(
        self, tokens: Sequence[str], requester: Requester, reason: str, *, approval_id: str | None = None
    ) -> list[ReidResult]:
        """Original values of ``tokens`` (full ``[[E:tk_..]]`` or bare ``tk_..``) the rules allow.

        One result per token, in order. Raises AccessDenied when the request as a whole is refused
        (no role, no reason, rate limit) and TamperedCiphertext when a vault row was altered.
        Tokens needing dual control come back PENDING_APPROVAL with an ``approval_id``; after
        :meth:`approve`, call again with that ``approval_id``. Every attempt is logged.
        """
        return self._reid.run(tokens, requester, reason, approval_id)

    def approve(self, approval_id: str, approver: Requester) -> ApprovalRequest:
        """Approve a dual-control request (a different user whose role approves the requester's)."""
        return self._reid.decide(approval_id, approver, approve=True)

    def reject(self, approval_id: str, approver: Requester) -> ApprovalRequest:
        """Reject a dual-control request."""
        return self._reid.decide(approval_id, approver, approve=False)

    def approval(self, approval_id: str, tenant: str) -> ApprovalRequest:
        """A dual-control request's current state."""
        with self.engine.connect() as conn:
            return approvals.get_request(conn, approval_id, tenant)

    # -- key management and retention ------------------------------------------------------------

    def rotate_kek(self, new_provider: KeyProvider, batch_size: int = 200) -> RotationReport:
        """Re-wrap every data key under ``new_provider``; rerun to resume after an interruption."""
        try:
            return self.keys.rotate_kek(new_provider, batch_size)
        except SQLAlchemyError as exc:
            raise VaultError(f"vault database error while rotating: {type(exc).__name__}") from None

    def rotate_data_key(self, tenant: str) -> str:
        """Seal the tenant's new values under a fresh data key; old tokens still resolve."""
        return self.keys.rotate_data_key(tenant)

    def purge(
        self,
        older_than: timedelta | None = None,
        ttl_by_class: dict[str, timedelta] | None = None,
        tenant: str | None = None,
    ) -> int:
        """Delete tokens older than ``older_than`` or their data class's TTL; returns the count."""
        with self.engine.begin() as conn:
            count = purge_tokens(conn, older_than, ttl_by_class, tenant)
        return count

    def shred_tenant(self, tenant: str) -> int:
        """Crypto-shred ``tenant``: destroy its data keys; its tokens can never be opened again."""
        return self.keys.shred(tenant)

    def __repr__(self) -> str:
        return f"VaultStore(dialect={self.engine.dialect.name!r}, keys={self.keys.ring!r})"


# Statements built once: constructing them per call cost more CPU than the crypto and the query.
_WHERE_VALUE = (Token.tenant_id == bindparam("tenant_pk"), Token.lookup_hmac == bindparam("digest"))
_FIND: dict[bool, Select[int, str, bool]] = {
    True: select(
        Token.id,
        Token.token_id,
        exists()
        .where(TokenSource.token_pk == Token.id, TokenSource.connector == bindparam("connector"))
        .label("seen"),
    ).where(*_WHERE_VALUE),
    False: select(Token.id, Token.token_id, true().label("seen")).where(*_WHERE_VALUE),
}
_SHREDDED = select(Tenant.shredded_at).where(Tenant.id == bindparam("tenant_pk"))
_INSERTS: dict[tuple[str, str], Any] = {}


def _insert_ignore(conn: Connection, model: Any) -> Any:
    key = (conn.dialect.name, model.__tablename__)
    statement = _INSERTS.get(key)
    if statement is None:
        statement = _INSERTS[key] = insert_ignoring_conflicts(conn, model)
    return statement


def _find(
    conn: Connection, tenant_pk: int, digest: bytes, token_id: str, connector: str | None
) -> tuple[int, bool] | None:
    """``(token row id, connector already recorded)`` of the value's row, if it exists."""
    params: dict[str, Any] = {"tenant_pk": tenant_pk, "digest": digest}
    if connector:
        params["connector"] = connector
    row = conn.execute(_FIND[bool(connector)], params).first()
    if row is None:
        return None
    if row.token_id != token_id:
        raise VaultError("vault row for this value carries another token id (altered row)")
    return int(row.id), bool(row.seen)


def _record_source(conn: Connection, token_pk: int, connector: str) -> None:
    conn.execute(_insert_ignore(conn, TokenSource), {"token_pk": token_pk, "connector": connector})
