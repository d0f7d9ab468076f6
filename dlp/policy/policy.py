"""A loaded policy and the one thing it does: turn findings into a :class:`Decision`.

Semantics, in the order they apply to each finding:

1. Rules are tried top to bottom; the FIRST rule whose ``match`` fits decides the action
   (firewall style: a reviewer reads down the file and stops at the first hit).
2. A rule's score threshold is its own ``match.min_score`` or else the policy's ``min_score``;
   a finding below it simply does not match that rule (later rules may still match it).
3. A finding no rule matches gets ``default_action`` (rule id ``default``) when its score
   reaches the policy's ``min_score``; below that it is ignored: it stays in the decision as
   ``allow`` with rule id ``below-min-score`` so the audit trail can count it, but nothing is
   rewritten.
4. Data class matching uses the finding's data class as the engine raised it (PII in health
   context becomes PHI), raised once more to PHI when the connector is tagged ``PHI``.

``Decision.blocked_by`` is the rule id of the first finding whose action is ``block``;
``tombstoned_by`` of the first ``tombstone`` with scope ``response``; ``matched_rules`` lists the
ids of rules that decided at least one finding, in policy order (sentinels excluded).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from dlp.context import InspectContext
from dlp.decision import Action, Decision, FindingAction, TombstoneScope
from dlp.findings import Finding
from dlp.policy.checks import BELOW_MIN_SCORE_RULE_ID, DEFAULT_RULE_ID
from dlp.policy.matching import CompiledRule, effective_data_class
from dlp.policy.model import OnError, PolicyDocument, Rule


@dataclass(frozen=True, slots=True)
class Policy:
    """A validated policy document, its provenance, and its compiled rules."""

    document: PolicyDocument
    #: SHA-256 (hex) of the policy file's bytes, recorded in every decision for the audit trail.
    sha256: str
    #: Where it came from (a path or ``package:default.yaml``); used in messages only.
    source: str
    _rules: tuple[CompiledRule, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        compiled = tuple(CompiledRule.build(rule, self.document.min_score) for rule in self.document.rules)
        object.__setattr__(self, "_rules", compiled)

    @property
    def name(self) -> str:
        """The policy's ``name``."""
        return self.document.name

    @property
    def version(self) -> str:
        """The policy's ``version``."""
        return self.document.version

    @property
    def on_error(self) -> OnError:
        """What the engine does with a message whose inspection failed."""
        return self.document.on_error

    @property
    def rules(self) -> tuple[Rule, ...]:
        """The rules, in evaluation order."""
        return self.document.rules

    def detokenize_entities(self, tool: str | None, connector: str | None) -> frozenset[str] | None:
        """Entities whose tokens may be swapped back in a call to ``tool``: None means none may.

        An empty set means every entity may (a rule without ``entities``).
        """
        if tool is None:
            return None
        allowed: set[str] = set()
        matched = False
        for rule in self.document.detokenize:
            if not any(fnmatchcase(tool, glob) for glob in rule.tools):
                continue
            if rule.connectors is not None and not (
                connector is not None and any(fnmatchcase(connector, glob) for glob in rule.connectors)
            ):
                continue
            if rule.entities is None:
                return frozenset()
            matched = True
            allowed.update(rule.entities)
        return frozenset(allowed) if matched else None

    def tool_access(self, tool: str, roles: Sequence[str], connector: str | None) -> str | None:
        """The id of the ``tool_access`` entry that lets a caller use ``tool``, or None if none does.

        A policy without ``tool_access`` allows every tool and answers ``"*"``.
        """
        if not self.document.tool_access:
            return "*"
        for entry in self.document.tool_access:
            if entry.roles is not None and not any(
                fnmatchcase(role, glob) for role in roles for glob in entry.roles
            ):
                continue
            if entry.connectors is not None and not (
                connector is not None and any(fnmatchcase(connector, glob) for glob in entry.connectors)
            ):
                continue
            if any(fnmatchcase(tool, glob) for glob in entry.tools):
                return entry.id
        return None

    @property
    def restricts_tools(self) -> bool:
        """Whether ``tool_access`` hides any tool from anybody."""
        return bool(self.document.tool_access)

    def uses_action(self, action: Action) -> bool:
        """Whether any rule or the default can choose ``action`` (wiring opens the vault only if so)."""
        return self.document.default_action is action or any(r.action is action for r in self.rules)

    def decide(self, findings: Sequence[Finding], context: InspectContext) -> Decision:
        """The action for every finding, and whether the message is blocked or tombstoned."""
        actions = tuple(self.decide_one(finding, context) for finding in findings)
        fired = {item.rule_id for item in actions}
        blocked_by = next((a.rule_id for a in actions if a.action is Action.BLOCK), None)
        tombstoned_by = next(
            (
                a.rule_id
                for a in actions
                if a.action is Action.TOMBSTONE and a.scope is TombstoneScope.RESPONSE
            ),
            None,
        )
        return Decision(
            actions=actions,
            blocked_by=blocked_by,
            tombstoned_by=tombstoned_by,
            policy_name=self.name,
            policy_version=self.version,
            policy_sha256=self.sha256,
            matched_rules=tuple(r.rule.id for r in self._rules if r.rule.id in fired),
        )

    def decide_one(self, finding: Finding, context: InspectContext) -> FindingAction:
        """The action the first matching rule (or the default) gives ``finding``."""
        data_class = effective_data_class(finding, context)
        for compiled in self._rules:
            if compiled.matches(finding, data_class, context):
                return self._action(finding, compiled.rule.action, compiled.rule)
        if finding.score < self.document.min_score:
            return FindingAction(finding=finding, action=Action.ALLOW, rule_id=BELOW_MIN_SCORE_RULE_ID)
        return self._action(finding, self.document.default_action, None)

    def _action(self, finding: Finding, action: Action, rule: Rule | None) -> FindingAction:
        mask = self.document.mask
        keep_last = rule.keep_last if rule and rule.keep_last is not None else mask.keep_last
        mask_char = rule.mask_char if rule and rule.mask_char is not None else mask.mask_char
        scope = rule.scope if rule and rule.scope is not None else TombstoneScope.FIELD
        return FindingAction(
            finding=finding,
            action=action,
            rule_id=rule.id if rule else DEFAULT_RULE_ID,
            keep_last=keep_last,
            mask_char=mask_char,
            scope=scope,
        )
