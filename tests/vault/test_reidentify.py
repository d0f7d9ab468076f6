"""Access rules in action on both backends: the role x entity x connector matrix, dual control,
rate limits, and the access log (every attempt, never a value)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from dlp.decision import OperatorContext
from dlp.errors import AccessDenied
from dlp.vault import ApprovalStatus, ReidStatus, Requester, VaultStore
from dlp.vault.models import AccessEvent, Approval
from tests.vault.conftest import FakeClock

REASON = "ticket SUP-1"

# (role, entity, connector the value came through, expected status)
MATRIX = [
    ("support", "EMAIL_ADDRESS", "zendesk", ReidStatus.OK),
    ("support", "PHONE_NUMBER", "jira", ReidStatus.OK),
    ("support", "EMAIL_ADDRESS", "slack", ReidStatus.DENIED),
    ("support", "EMAIL_ADDRESS", None, ReidStatus.DENIED),
    ("support", "PERSON", "zendesk", ReidStatus.DENIED),
    ("support", "CREDIT_CARD", "zendesk", ReidStatus.DENIED),
    ("analyst", "PERSON", "slack", ReidStatus.OK),
    ("analyst", "EMAIL_ADDRESS", None, ReidStatus.OK),
    ("analyst", "US_SSN", "slack", ReidStatus.PENDING_APPROVAL),
    ("analyst", "CREDIT_CARD", "slack", ReidStatus.DENIED),
    ("analyst", "SECRET", "github", ReidStatus.DENIED),
    ("billing", "EMAIL_ADDRESS", "stripe", ReidStatus.OK),
    ("billing", "EMAIL_ADDRESS", "zendesk", ReidStatus.DENIED),
    ("billing", "CREDIT_CARD", "stripe", ReidStatus.PENDING_APPROVAL),
    ("billing", "IBAN_CODE", "stripe", ReidStatus.PENDING_APPROVAL),
    ("billing", "US_MBI", "stripe", ReidStatus.DENIED),
    ("admin", "SECRET", "github", ReidStatus.OK),
    ("admin", "MEDICAL_RECORD_NUMBER", None, ReidStatus.OK),
]


@pytest.mark.parametrize(("role", "entity", "connector", "expected"), MATRIX)
def test_access_matrix(
    store: VaultStore, role: str, entity: str, connector: str | None, expected: ReidStatus
) -> None:
    token = store.tokenize("value-under-test", entity, OperatorContext("acme", connector))
    [result] = store.reidentify([token], Requester("u1", (role,), "acme"), REASON)
    assert result.status is expected
    assert (result.value == "value-under-test") is (expected is ReidStatus.OK)


def test_any_recorded_connector_grants(store: VaultStore) -> None:
    token = store.tokenize("x@example.com", "EMAIL_ADDRESS", OperatorContext("acme", "slack"))
    support = Requester("s", ("support",), "acme")
    assert store.reidentify([token], support, REASON)[0].status is ReidStatus.DENIED
    store.tokenize("x@example.com", "EMAIL_ADDRESS", OperatorContext("acme", "jira"))
    assert store.reidentify([token], support, REASON)[0].status is ReidStatus.OK


def test_roles_combine_most_permissive(store: VaultStore) -> None:
    token = store.tokenize("4111111111111111", "CREDIT_CARD", OperatorContext("acme", "stripe"))
    both = Requester("u", ("support", "billing"), "acme")
    assert store.reidentify([token], both, REASON)[0].status is ReidStatus.PENDING_APPROVAL


@pytest.mark.parametrize(
    ("requester", "reason"),
    [
        (Requester("nobody", (), "acme"), REASON),
        (Requester("ghost", ("no_such_role",), "acme"), REASON),
        (Requester("s", ("support",), "acme"), "  "),
    ],
)
def test_request_level_refusals_are_denied_and_logged(
    store: VaultStore, requester: Requester, reason: str
) -> None:
    token = store.tokenize("a@example.com", "EMAIL_ADDRESS", OperatorContext("acme", "zendesk"))
    with pytest.raises(AccessDenied):
        store.reidentify([token], requester, reason)
    events = _events(store)
    assert [(e.user, e.outcome) for e in events] == [(requester.user, "denied")]
    assert json.loads(events[0].token_ids) == [token.split(":")[1].rstrip("]")]


def test_dual_control_flow(store: VaultStore) -> None:
    ssn = store.tokenize("078-05-1120", "US_SSN", OperatorContext("acme", "hr"))
    name = store.tokenize("Jane Roe", "PERSON", OperatorContext("acme", "hr"))
    analyst = Requester("ann", ("analyst",), "acme")
    first = store.reidentify([ssn, name], analyst, REASON)
    assert [r.status for r in first] == [ReidStatus.PENDING_APPROVAL, ReidStatus.OK]
    approval_id = first[0].approval_id
    assert approval_id and first[1].approval_id is None
    # Not yet approved: still pending (and a new request is opened).
    assert store.reidentify([ssn], analyst, REASON, approval_id=approval_id)[0].value is None

    refusals = [
        Requester("ann", ("privacy_officer",), "acme"),  # the requester herself
        Requester("bob", ("support",), "acme"),  # a role that approves nobody
        Requester("carl", ("privacy_officer",), "globex"),  # another tenant
    ]
    for approver in refusals:
        with pytest.raises(AccessDenied):
            store.approve(approval_id, approver)
    decided = store.approve(approval_id, Requester("pat", ("privacy_officer",), "acme"))
    assert decided.status is ApprovalStatus.APPROVED and decided.approver == "pat"

    # Someone else cannot use ann's approval.
    other = Requester("al", ("analyst",), "acme")
    assert store.reidentify([ssn], other, REASON, approval_id=approval_id)[0].value is None
    [granted] = store.reidentify([ssn], analyst, REASON, approval_id=approval_id)
    assert (granted.status, granted.value) == (ReidStatus.OK, "078-05-1120")
    assert store.approval(approval_id, "acme").status is ApprovalStatus.USED
    # One use only.
    again = store.reidentify([ssn], analyst, REASON, approval_id=approval_id)[0]
    assert again.status is ReidStatus.PENDING_APPROVAL
    with pytest.raises(AccessDenied):
        store.approve(approval_id, Requester("pat", ("privacy_officer",), "acme"))


def test_rejected_request_reveals_nothing(store: VaultStore) -> None:
    card = store.tokenize("4111111111111111", "CREDIT_CARD", OperatorContext("acme", "stripe"))
    billing = Requester("bill", ("billing",), "acme")
    approval_id = store.reidentify([card], billing, REASON)[0].approval_id
    assert approval_id is not None
    rejected = store.reject(approval_id, Requester("pat", ("privacy_officer",), "acme"))
    assert rejected.status is ApprovalStatus.REJECTED
    assert store.reidentify([card], billing, REASON, approval_id=approval_id)[0].value is None


def test_rate_limit_per_user_with_a_sliding_minute(store: VaultStore, clock: FakeClock) -> None:
    token = store.tokenize("r@example.com", "EMAIL_ADDRESS", OperatorContext("acme", "zendesk"))
    support = Requester("sam", ("support",), "acme")
    for _ in range(3):  # support: 3 per minute
        assert store.reidentify([token], support, REASON)[0].status is ReidStatus.OK
    with pytest.raises(AccessDenied, match="rate limit"):
        store.reidentify([token], support, REASON)
    # Another user is not affected; the same user is again after the window moves on.
    assert store.reidentify([token], Requester("sue", ("support",), "acme"), REASON)[0].value
    clock.now += 61
    assert store.reidentify([token], support, REASON)[0].status is ReidStatus.OK
    assert [e.outcome for e in _events(store)].count("rate_limited") == 1


def test_every_attempt_is_logged_without_values(store: VaultStore) -> None:
    canary = "canary-7f3c@example.com"
    token = store.tokenize(canary, "EMAIL_ADDRESS", OperatorContext("acme", "zendesk"))
    store.reidentify([token], Requester("sam", ("support",), "acme"), REASON)
    store.reidentify([token], Requester("bill", ("billing",), "acme"), REASON)
    store.reidentify([token, canary], Requester("root", ("admin",), "acme"), REASON)
    events = _events(store)
    assert [(e.user, e.outcome) for e in events] == [
        ("sam", "allowed"),
        ("bill", "denied"),
        ("root", "partial"),
    ]
    assert all(e.reason == REASON for e in events)
    with store.engine.connect() as conn:
        dumped = repr(conn.execute(select(AccessEvent.__table__)).all())
        dumped += repr(conn.execute(select(Approval.__table__)).all())
    assert canary not in dumped and "canary" not in dumped


def test_results_never_print_values(store: VaultStore) -> None:
    token = store.tokenize("hidden-value", "PERSON", OperatorContext("acme"))
    [result] = store.reidentify([token], Requester("root", ("admin",), "acme"), REASON)
    assert result.value == "hidden-value"
    assert "hidden-value" not in repr(result) and "hidden-value" not in str(result)


def _events(store: VaultStore) -> list[AccessEvent]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(AccessEvent.__table__).order_by(AccessEvent.id)).all())  # type: ignore[arg-type]
