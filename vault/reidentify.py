"""Re-identification: access checks, dual control, rate limits, decryption and the access log."""

from __future__ import annotations

import hmac
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Engine, Row, select
from sqlalchemy.exc import SQLAlchemyError

from dlp.errors import AccessDenied, TamperedCiphertext, VaultError
from dlp.vault import approvals
from dlp.vault.access import AccessRules, Requester, Verdict
from dlp.vault.approvals import ApprovalRequest
from dlp.vault.keys import open_sealed
from dlp.vault.keystore import KeyStore
from dlp.vault.models import Tenant, Token, TokenSource
from dlp.vault.ratelimit import RateLimiter
from dlp.vault.tokens import lookup_hmac, parse_token, value_aad


class ReidStatus(StrEnum):
    """Outcome for one token."""

    OK = "ok"
    DENIED = "denied"
    PENDING_APPROVAL = "pending_approval"
    NOT_FOUND = "not_found"
    #: The tenant was crypto-shredded (or the key destroyed): the value no longer exists.
    GONE = "gone"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class ReidResult:
    """One token's outcome; ``value`` is set only when ``status`` is OK and never printed."""

    token: str
    status: ReidStatus
    entity: str | None = None
    token_id: str | None = None
    value: str | None = field(default=None, repr=False)
    approval_id: str | None = None


class Reidentifier:
    """Runs one re-identification request end to end (used through :class:`VaultStore`)."""

    def __init__(self, engine: Engine, keys: KeyStore, rules: AccessRules, limiter: RateLimiter) -> None:
        self._engine = engine
        self._keys = keys
        self._rules = rules
        self._limiter = limiter

    def run(
        self, tokens: Sequence[str], requester: Requester, reason: str, approval_id: str | None
    ) -> list[ReidResult]:
        """See :meth:`VaultStore.reidentify`."""
        parsed = [_parse(token) for token in tokens]
        ids = [token_id for _, _, token_id in parsed if token_id]
        refusal = self._refusal(requester, reason)
        if refusal is not None:
            outcome, message = refusal
            self._log(requester, "reidentify", ids, reason, outcome, None, approval_id)
            raise AccessDenied(message)
        try:
            return self._resolve(parsed, ids, requester, reason, approval_id)
        except TamperedCiphertext:
            self._log(requester, "reidentify", ids, reason, "tampered", None, approval_id)
            raise
        except SQLAlchemyError as exc:
            raise VaultError(f"vault database error while re-identifying: {type(exc).__name__}") from None

    def _refusal(self, requester: Requester, reason: str) -> tuple[str, str] | None:
        if not any(role in self._rules.roles for role in requester.roles):
            return "denied", "none of the requester's roles may re-identify"
        if len(reason.strip()) < self._rules.defaults.min_reason_length:
            return "denied", "a reason is required to re-identify"
        if not self._limiter.allow(requester.tenant, requester.user, self._rules.rate_limit(requester.roles)):
            return "rate_limited", "re-identification rate limit exceeded; try again in a minute"
        return None

    def _resolve(
        self,
        parsed: list[tuple[str, str | None, str | None]],
        ids: list[str],
        requester: Requester,
        reason: str,
        approval_id: str | None,
    ) -> list[ReidResult]:
        tenant = requester.tenant
        results: list[ReidResult] = []
        pending: list[int] = []
        opening: list[tuple[int, Row[Any]]] = []
        with self._engine.begin() as conn:
            tenant_row = conn.execute(
                select(Tenant.id, Tenant.shredded_at).where(Tenant.name == tenant)
            ).first()
            tenant_pk = tenant_row.id if tenant_row is not None else None
            rows, sources = _load_rows(conn, tenant_pk, ids)
            approved = approvals.approved_tokens(conn, approval_id, requester) if approval_id else frozenset()
            used_approval = False
            lookup_key = None
            if tenant_row is not None and tenant_row.shredded_at is None:
                keys = self._keys.tenant_keys(tenant, create=False)
                lookup_key = keys.lookup_key if keys else None
            for token, entity, token_id in parsed:
                if token_id is None:
                    results.append(ReidResult(token, ReidStatus.INVALID))
                    continue
                row = rows.get(token_id)
                if tenant_pk is None or row is None or (entity is not None and entity != row.entity):
                    results.append(ReidResult(token, ReidStatus.NOT_FOUND, entity, token_id))
                    continue
                verdict = self._rules.verdict(requester.roles, row.entity, row.data_class, sources[row.id])
                if verdict is Verdict.DUAL_CONTROL and token_id in approved:
                    verdict, used_approval = Verdict.ALLOW, True
                if verdict is Verdict.DENY:
                    results.append(ReidResult(token, ReidStatus.DENIED, row.entity, token_id))
                    continue
                if verdict is Verdict.DUAL_CONTROL:
                    pending.append(len(results))
                    results.append(ReidResult(token, ReidStatus.PENDING_APPROVAL, row.entity, token_id))
                    continue
                opening.append((len(results), row))
                results.append(ReidResult(token, ReidStatus.OK, row.entity, token_id))
            if opening and tenant_pk is not None:
                wanted = {row.data_key_id for _, row in opening}
                seal_keys = self._keys.seal_keys(conn, tenant, tenant_pk, wanted)
                for index, row in opening:
                    results[index] = _open(tenant, results[index].token, row, seal_keys, lookup_key)
            if used_approval and approval_id and not approvals.mark_used(conn, approval_id):
                raise AccessDenied("the approval was already used")
            new_approval = None
            if pending:
                ttl = timedelta(minutes=self._rules.defaults.approval_ttl_minutes)
                pending_ids = [str(results[i].token_id) for i in pending]
                new_approval = approvals.create_request(conn, requester, pending_ids, reason, ttl)
                for i in pending:
                    r = results[i]
                    results[i] = ReidResult(r.token, r.status, r.entity, r.token_id, approval_id=new_approval)
            # Invalid entries are named by position: what was passed may be a raw value.
            statuses = {r.token_id or f"#{i}": r.status.value for i, r in enumerate(results)}
            outcome = _outcome(results)
            approvals.log_access(
                conn, requester, "reidentify", ids, reason, outcome, statuses, new_approval or approval_id
            )
        return results

    def decide(self, approval_id: str, approver: Requester, approve: bool) -> ApprovalRequest:
        """Approve or reject; the decision (or the refusal to take it) is logged."""
        action = "approve" if approve else "reject"
        try:
            with self._engine.begin() as conn:
                request = approvals.decide(conn, self._rules, approval_id, approver, approve)
                approvals.log_access(
                    conn, approver, action, request.token_ids, "", "allowed", None, approval_id
                )
        except AccessDenied:
            self._log(approver, action, [], "", "denied", None, approval_id)
            raise
        return request

    def _log(
        self,
        requester: Requester,
        action: str,
        ids: Sequence[str],
        reason: str,
        outcome: str,
        detail: dict[str, str] | None,
        approval_id: str | None,
    ) -> None:
        try:
            with self._engine.begin() as conn:
                approvals.log_access(conn, requester, action, ids, reason, outcome, detail, approval_id)
        except SQLAlchemyError as exc:
            raise VaultError(f"cannot record the access attempt: {type(exc).__name__}") from None


def _open(
    tenant: str, token: str, row: Row[Any], keys: dict[str, bytes | None], lookup_key: bytes | None
) -> ReidResult:
    if row.data_key_id not in keys:
        # Every ciphertext names a key its tenant owned: an unknown name is an altered row.
        raise TamperedCiphertext("the ciphertext names a key this tenant never had")
    key = keys[row.data_key_id]
    if key is None:
        return ReidResult(token, ReidStatus.GONE, row.entity, row.token_id)
    aad = value_aad(tenant, row.token_id, row.entity, row.data_key_id)
    value = open_sealed(key, row.sealed, aad).decode("utf-8")
    # Belt and braces: the value must hash back to the row's lookup digest.
    if lookup_key is not None and not hmac.compare_digest(
        lookup_hmac(lookup_key, row.entity, value), row.lookup_hmac
    ):
        raise TamperedCiphertext("the opened value does not match the row's lookup digest")
    return ReidResult(token, ReidStatus.OK, row.entity, row.token_id, value)


def _load_rows(
    conn: Connection, tenant_pk: int | None, ids: Sequence[str]
) -> tuple[dict[str, Row[Any]], dict[int, set[str]]]:
    """Token rows of the tenant by token id, and the connectors each value came through."""
    rows: dict[str, Row[Any]] = {}
    sources: dict[int, set[str]] = defaultdict(set)
    if tenant_pk is None or not ids:
        return rows, sources
    query = select(Token.__table__).where(Token.tenant_id == tenant_pk, Token.token_id.in_(ids))
    for row in conn.execute(query):
        rows[row.token_id] = row
    pks = [row.id for row in rows.values()]
    for source in conn.execute(select(TokenSource.__table__).where(TokenSource.token_pk.in_(pks))):
        sources[source.token_pk].add(source.connector)
    return rows, sources


def _parse(token: str) -> tuple[str, str | None, str | None]:
    try:
        entity, token_id = parse_token(token)
    except VaultError:
        return token, None, None
    return token, entity, token_id


def _outcome(results: Sequence[ReidResult]) -> str:
    statuses = {r.status for r in results}
    if statuses <= {ReidStatus.OK}:
        return "allowed"
    if ReidStatus.PENDING_APPROVAL in statuses:
        return "pending_approval"
    if ReidStatus.OK in statuses:
        return "partial"
    return "denied" if ReidStatus.DENIED in statuses else "not_found"
