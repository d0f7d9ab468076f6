"""Rule matching: each match key, first-match-wins, thresholds, PHI elevation."""

from __future__ import annotations

from typing import Any

import pytest

from dlp.context import Direction, InspectContext
from dlp.decision import Action, TombstoneScope
from dlp.entities import DataClass
from dlp.findings import Finding
from dlp.policy import BELOW_MIN_SCORE_RULE_ID, DEFAULT_RULE_ID, Policy, load_policy_text
from tests.policy.helpers import finding, flow


def one_rule(match: dict[str, Any], default: str = "allow", min_score: float = 0.5) -> Policy:
    return load_policy_text(
        f"name: t\ndefault_action: {default}\nmin_score: {min_score}\n"
        f"rules:\n  - id: r\n    match: {flow(match)}\n    action: redact\n",
        "t.yaml",
    )


CTX = InspectContext()

# (match, finding, context, should the rule fire)
MATCH_TABLE: list[tuple[str, dict[str, Any], Finding, InspectContext, bool]] = [
    ("empty matches all", {}, finding(), CTX, True),
    ("entity hit", {"entities": ["EMAIL_ADDRESS", "PERSON"]}, finding("PERSON"), CTX, True),
    ("entity miss", {"entities": ["US_SSN"]}, finding("PERSON"), CTX, False),
    ("class hit", {"data_classes": ["PCI"]}, finding("IBAN_CODE"), CTX, True),
    ("class miss", {"data_classes": ["SECRET"]}, finding("IBAN_CODE"), CTX, False),
    (
        "entity and class both",
        {"entities": ["PERSON"], "data_classes": ["PHI"]},
        finding("PERSON"),
        CTX,
        False,
    ),
    (
        "engine-elevated PHI",
        {"data_classes": ["PHI"]},
        finding("PERSON", data_class=DataClass.PHI),
        CTX,
        True,
    ),
    (
        "PHI connector tag elevates",
        {"data_classes": ["PHI"]},
        finding("PERSON"),
        InspectContext(connector_tags=("phi",)),
        True,
    ),
    (
        "PHI tag does not elevate non-person data",
        {"data_classes": ["PHI"]},
        finding("ORGANIZATION"),
        InspectContext(connector_tags=("PHI",)),
        False,
    ),
    ("direction any", {"direction": "any"}, finding(), InspectContext(direction=Direction.REQUEST), True),
    (
        "direction request hit",
        {"direction": "request"},
        finding(),
        InspectContext(direction=Direction.REQUEST),
        True,
    ),
    ("direction request miss", {"direction": "request"}, finding(), CTX, False),
    ("direction response hit", {"direction": "response"}, finding(), CTX, True),
    (
        "direction response miss",
        {"direction": "response"},
        finding(),
        InspectContext(direction=Direction.REQUEST),
        False,
    ),
    ("connector hit", {"connectors": ["jira", "slack"]}, finding(), InspectContext(connector="slack"), True),
    (
        "connector glob",
        {"connectors": ["google-*"]},
        finding(),
        InspectContext(connector="google-drive"),
        True,
    ),
    ("connector miss", {"connectors": ["jira"]}, finding(), InspectContext(connector="slack"), False),
    ("connector absent", {"connectors": ["jira"]}, finding(), CTX, False),
    ("server glob", {"servers": ["prod-*"]}, finding(), InspectContext(server="prod-crm"), True),
    ("server miss", {"servers": ["prod-*"]}, finding(), InspectContext(server="staging"), False),
    ("tool glob", {"tools": ["search_*"]}, finding(), InspectContext(tool="search_issues"), True),
    ("tool glob miss", {"tools": ["search_*"]}, finding(), InspectContext(tool="get_issue"), False),
    ("tool absent", {"tools": ["*"]}, finding(), CTX, False),
    ("tool case-sensitive", {"tools": ["Search"]}, finding(), InspectContext(tool="search"), False),
    ("role hit", {"roles": ["auditor"]}, finding(), InspectContext(roles=("dev", "auditor")), True),
    ("role glob", {"roles": ["care-*"]}, finding(), InspectContext(roles=("care-team",)), True),
    ("role miss", {"roles": ["auditor"]}, finding(), InspectContext(roles=("dev",)), False),
    ("role none", {"roles": ["auditor"]}, finding(), CTX, False),
    ("kind hit", {"kinds": ["github_*"]}, finding("SECRET", kind="github_pat"), CTX, True),
    ("kind folds case", {"kinds": ["python"]}, finding("SOURCE_CODE", kind="Python"), CTX, True),
    ("kind miss", {"kinds": ["aws_*"]}, finding("SECRET", kind="github_pat"), CTX, False),
    ("kind absent", {"kinds": ["aws_*"]}, finding("SECRET"), CTX, False),
    (
        "path one key with index",
        {"paths": ["$.result.structuredContent.*.email"]},
        finding(path="$.result.structuredContent.users[3].email"),
        CTX,
        True,
    ),
    (
        "path star stays in one key",
        {"paths": ["$.result.structuredContent.*.email"]},
        finding(path="$.result.structuredContent.org.users[3].email"),
        CTX,
        False,
    ),
    (
        "path double star any depth",
        {"paths": ["$.result.**.email"]},
        finding(path="$.result.structuredContent.org.users[3].email"),
        CTX,
        True,
    ),
    (
        "path any index",
        {"paths": ["$.result.content[*].text"]},
        finding(path="$.result.content[12].text"),
        CTX,
        True,
    ),
    (
        "path literal index",
        {"paths": ["$.result.content[0].text"]},
        finding(path="$.result.content[1].text"),
        CTX,
        False,
    ),
    ("path is anchored", {"paths": ["$.result"]}, finding(path="$.result.content"), CTX, False),
    ("rule min_score lowers", {"min_score": 0.2}, finding(score=0.3), CTX, True),
    ("rule min_score raises", {"min_score": 0.95}, finding(score=0.9), CTX, False),
    ("policy min_score applies", {}, finding(score=0.4), CTX, False),
    ("score at threshold", {}, finding(score=0.5), CTX, True),
]


@pytest.mark.parametrize(
    ("match", "item", "context", "fires"),
    [pytest.param(m, f, c, e, id=name) for name, m, f, c, e in MATCH_TABLE],
)
def test_match_table(match: dict[str, Any], item: Finding, context: InspectContext, fires: bool) -> None:
    decision = one_rule(match).decide([item], context)
    assert (decision.actions[0].rule_id == "r") is fires
    assert decision.matched_rules == (("r",) if fires else ())


FIRST_MATCH = """
name: first
default_action: hash
rules:
  - id: allow-auditors
    match: {roles: [auditor]}
    action: allow
  - id: block-cards-out
    match: {entities: [CREDIT_CARD], direction: request}
    action: block
  - id: mask-cards
    match: {entities: [CREDIT_CARD]}
    action: mask
    keep_last: 2
    mask_char: "#"
  - id: pci
    match: {data_classes: [PCI]}
    action: redact
  - id: wipe-response
    match: {entities: [CARD_TRACK_DATA]}
    action: tombstone
    scope: response
"""


@pytest.mark.parametrize(
    ("entity", "context", "rule_id", "action"),
    [
        ("CREDIT_CARD", InspectContext(roles=("auditor",)), "allow-auditors", Action.ALLOW),
        ("CREDIT_CARD", InspectContext(direction=Direction.REQUEST), "block-cards-out", Action.BLOCK),
        ("CREDIT_CARD", CTX, "mask-cards", Action.MASK),
        ("IBAN_CODE", CTX, "pci", Action.REDACT),
        ("CARD_TRACK_DATA", CTX, "pci", Action.REDACT),
        ("PERSON", CTX, DEFAULT_RULE_ID, Action.HASH),
    ],
)
def test_first_match_wins(entity: str, context: InspectContext, rule_id: str, action: Action) -> None:
    item = load_policy_text(FIRST_MATCH, "first.yaml").decide([finding(entity)], context).actions[0]
    assert (item.rule_id, item.action) == (rule_id, action)


def test_rule_parameters_and_mask_defaults() -> None:
    policy = load_policy_text(FIRST_MATCH + "mask: {keep_last: 6, mask_char: x}\n", "first.yaml")
    masked = policy.decide([finding("CREDIT_CARD")], CTX).actions[0]
    assert (masked.keep_last, masked.mask_char) == (2, "#")
    defaults = load_policy_text(
        "name: m\nmask: {keep_last: 6, mask_char: x}\nrules:\n  - {id: m, match: {}, action: mask}\n",
        "m.yaml",
    )
    item = defaults.decide([finding()], CTX).actions[0]
    assert (item.keep_last, item.mask_char, item.scope) == (6, "x", TombstoneScope.FIELD)


def test_decision_summary_fields() -> None:
    policy = load_policy_text(FIRST_MATCH.replace("CARD_TRACK_DATA", "US_SSN"), "first.yaml")
    out = InspectContext(direction=Direction.REQUEST)
    decision = policy.decide([finding("US_SSN"), finding("IBAN_CODE"), finding("CREDIT_CARD")], out)
    assert decision.blocked_by == "block-cards-out"
    assert decision.is_blocked
    assert decision.tombstoned_by == "wipe-response"
    assert decision.matched_rules == ("block-cards-out", "pci", "wipe-response")
    assert (decision.policy_name, decision.policy_version) == ("first", "1")
    assert len(decision.policy_sha256) == 64


def test_nothing_found_decides_nothing() -> None:
    decision = load_policy_text(FIRST_MATCH, "first.yaml").decide([], CTX)
    assert decision.actions == ()
    assert decision.blocked_by is None and decision.tombstoned_by is None
    assert decision.matched_rules == ()


def test_default_action_applies_at_or_above_min_score() -> None:
    policy = one_rule({"entities": ["US_SSN"]}, default="redact", min_score=0.6)
    high, low = policy.decide([finding(score=0.6), finding(score=0.59)], CTX).actions
    assert (high.action, high.rule_id) == (Action.REDACT, DEFAULT_RULE_ID)
    # Below the floor: kept for counting, never rewritten.
    assert (low.action, low.rule_id) == (Action.ALLOW, BELOW_MIN_SCORE_RULE_ID)


def test_default_block_sets_blocked_by_default() -> None:
    decision = one_rule({"entities": ["US_SSN"]}, default="block").decide([finding()], CTX)
    assert decision.blocked_by == DEFAULT_RULE_ID
    assert decision.matched_rules == ()


def test_findings_keep_their_order_and_identity() -> None:
    items = [finding("PERSON"), finding("US_SSN"), finding()]
    decision = one_rule({}).decide(items, CTX)
    assert [a.finding for a in decision.actions] == items


def test_custom_entities_can_be_named() -> None:
    policy = load_policy_text(
        "name: c\ncustom_entities: [EMPLOYEE_ID]\n"
        "rules:\n  - {id: e, match: {entities: [EMPLOYEE_ID]}, action: hash}\n",
        "c.yaml",
    )
    item = policy.decide([finding("EMPLOYEE_ID")], CTX).actions[0]
    assert (item.rule_id, item.action, item.finding.data_class) == ("e", Action.HASH, DataClass.PII)


@pytest.mark.parametrize(
    ("action", "used"),
    [(Action.BLOCK, True), (Action.HASH, True), (Action.MASK, True), (Action.TOKENIZE, False)],
)
def test_uses_action(action: Action, used: bool) -> None:
    assert load_policy_text(FIRST_MATCH, "first.yaml").uses_action(action) is used


def test_default_action_counts_as_used() -> None:
    assert one_rule({}, default="tokenize").uses_action(Action.TOKENIZE)
