"""Policy language: YAML rules that map findings to remediation actions.

See :mod:`dlp.policy.policy` for the evaluation semantics and ``docs/policy.md`` for the
reference compliance staff read.
"""

from dlp.policy.checks import BELOW_MIN_SCORE_RULE_ID, DEFAULT_RULE_ID
from dlp.policy.loader import (
    default_policy,
    default_policy_text,
    load_policy,
    load_policy_text,
    packaged_policy,
    packaged_policy_names,
)
from dlp.policy.model import Match, MatchDirection, OnError, PolicyDocument, Rule
from dlp.policy.policy import Policy
from dlp.policy.schema import schema_text, write_schema

__all__ = [
    "BELOW_MIN_SCORE_RULE_ID",
    "DEFAULT_RULE_ID",
    "Match",
    "MatchDirection",
    "OnError",
    "Policy",
    "PolicyDocument",
    "Rule",
    "default_policy",
    "default_policy_text",
    "load_policy",
    "load_policy_text",
    "packaged_policy",
    "packaged_policy_names",
    "schema_text",
    "write_schema",
]
