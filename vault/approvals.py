"""Dual control: approval requests, decisions, and the access log every attempt is written to."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from dlp.errors import AccessDenied
from dlp.vault.access import AccessRules, Requester
from dlp.vault.models import AccessEvent, Approval, utcnow


class ApprovalStatus(StrEnum):
    """Life cycle of a dual-control request."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    USED = "used"


@dataclass(frozen=True, slots=True)
class ApprovalRequest:
    """A dual-control request as the caller sees it (token ids only, never values)."""

    id: str
    tenant: str
    requester: str
    token_ids: tuple[str, ...]
    status: ApprovalStatus
    approver: str | None
    expires_at: datetime


def log_access(
    conn: Connection,
    requester: Requester,
    action: str,
    token_ids: Sequence[str],
    reason: str,
    outcome: str,
    detail: Mapping[str, str] | None = None,
    approval_id: str | None = None,
) -> None:
    """Append one access event (who, which tokens, why, outcome; never a value)."""
    conn.execute(
        insert(AccessEvent).values(
            at=utcnow(),
            tenant=requester.tenant,
            user=requester.user,
            roles=json.dumps(list(requester.roles)),
            action=action,
            token_ids=json.dumps(list(token_ids)),
            reason=reason,
            outcome=outcome,
            detail=json.dumps(dict(detail), sort_keys=True) if detail else None,
            approval_id=approval_id,
        )
    )


def create_request(
    conn: Connection, requester: Requester, token_ids: Sequence[str], reason: str, ttl: timedelta
) -> str:
    """Record a pending request for ``token_ids``; returns its id."""
    approval_id = "ap_" + secrets.token_hex(12)
    now = utcnow()
    conn.execute(
        insert(Approval).values(
            id=approval_id,
            tenant=requester.tenant,
            requester=requester.user,
            requester_roles=json.dumps(list(requester.roles)),
            token_ids=json.dumps(sorted(set(token_ids))),
            reason=reason,
            status=ApprovalStatus.PENDING.value,
            created_at=now,
            expires_at=now + ttl,
        )
    )
    return approval_id


def decide(
    conn: Connection, rules: AccessRules, approval_id: str, approver: Requester, approve: bool
) -> ApprovalRequest:
    """Approve or reject a pending request; the approver must be another, entitled person."""
    row = _load(conn, approval_id, approver.tenant)
    if row.status != ApprovalStatus.PENDING or row.expires_at <= utcnow():
        raise AccessDenied("the approval request is not pending (decided, used or expired)")
    if approver.user == row.requester:
        raise AccessDenied("dual control: a requester cannot approve their own request")
    if not rules.may_approve(approver.roles, json.loads(row.requester_roles)):
        raise AccessDenied("the approver's roles may not approve this requester's roles")
    status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REJECTED
    changed = conn.execute(
        update(Approval)
        .where(Approval.id == approval_id, Approval.status == ApprovalStatus.PENDING.value)
        .values(status=status.value, approver=approver.user, decided_at=utcnow())
    ).rowcount
    if changed != 1:
        raise AccessDenied("the approval request was decided concurrently")
    return _public(_load(conn, approval_id, approver.tenant))


def approved_tokens(conn: Connection, approval_id: str, requester: Requester) -> frozenset[str]:
    """Token ids an approved, unexpired request of this requester covers (empty otherwise)."""
    row = conn.execute(
        select(Approval.__table__).where(Approval.id == approval_id, Approval.tenant == requester.tenant)
    ).first()
    if row is None or row.requester != requester.user:
        return frozenset()
    if row.status != ApprovalStatus.APPROVED or row.expires_at <= utcnow():
        return frozenset()
    return frozenset(json.loads(row.token_ids))


def mark_used(conn: Connection, approval_id: str) -> bool:
    """Consume an approved request (one use); False if someone used it first."""
    return (
        conn.execute(
            update(Approval)
            .where(Approval.id == approval_id, Approval.status == ApprovalStatus.APPROVED.value)
            .values(status=ApprovalStatus.USED.value)
        ).rowcount
        == 1
    )


def get_request(conn: Connection, approval_id: str, tenant: str) -> ApprovalRequest:
    """A request by id within ``tenant``."""
    return _public(_load(conn, approval_id, tenant))


def _load(conn: Connection, approval_id: str, tenant: str) -> Row[Any]:
    row = conn.execute(
        select(Approval.__table__).where(Approval.id == approval_id, Approval.tenant == tenant)
    ).first()
    if row is None:
        raise AccessDenied("no such approval request in this tenant")
    return row


def _public(row: Row[Any]) -> ApprovalRequest:
    return ApprovalRequest(
        id=row.id,
        tenant=row.tenant,
        requester=row.requester,
        token_ids=tuple(json.loads(row.token_ids)),
        status=ApprovalStatus(row.status),
        approver=row.approver,
        expires_at=row.expires_at,
    )
