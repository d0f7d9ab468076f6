"""Access-rules YAML: validation errors name file, line and key; the example file loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlp.errors import PolicyError
from dlp.vault.access import Verdict, load_access_rules, parse_access_rules

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
version: 1
roles:
  support:
    entities: [EMAIL_ADDRESS]
    connectors: [zendesk]
"""


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        (GOOD + "    entitys: [PERSON]\n", 6, "roles.support.entitys"),
        (GOOD.replace("[EMAIL_ADDRESS]", "[email]"), 4, "roles.support.entities"),
        (GOOD + "    data_classes: [PII, HEALTH]\n", 6, "roles.support.data_classes"),
        (GOOD + "    rate_limit_per_minute: 0\n", 6, "roles.support.rate_limit_per_minute"),
        (GOOD + "    dual_control: {entities: [US_SSN], extra: 1}\n", 6, "roles.support.dual_control.extra"),
        (GOOD.replace("version: 1", "version: 2"), 1, "version"),
        (GOOD + "  support:\n    entities: []\n", 6, "support"),
        ("roles:\n  a:\n    approves: [b]\n", 3, "roles.a.approves"),
    ],
)
def test_errors_locate_file_line_and_key(text: str, line: int, key: str) -> None:
    with pytest.raises(PolicyError) as caught:
        parse_access_rules(text, "access.yaml")
    error = caught.value
    assert (error.file, error.line) == ("access.yaml", line)
    assert error.key is not None and error.key.startswith(key)


@pytest.mark.parametrize("text", ["- a\n- b\n", "roles: [\n", ""])
def test_not_a_mapping_or_not_yaml(text: str) -> None:
    with pytest.raises(PolicyError):
        parse_access_rules(text)


def test_missing_file() -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        load_access_rules(Path("/nonexistent/access.yaml"))


def test_example_file_loads_and_means_what_it_says() -> None:
    rules = load_access_rules(ROOT / "policies" / "access.example.yaml")
    assert rules.verdict(["support_agent"], "EMAIL_ADDRESS", "PII", ["zendesk"]) is Verdict.ALLOW
    assert rules.verdict(["support_agent"], "EMAIL_ADDRESS", "PII", ["slack"]) is Verdict.DENY
    assert rules.verdict(["billing"], "IBAN_CODE", "PCI", ["stripe"]) is Verdict.DUAL_CONTROL
    assert rules.verdict(["billing"], "CREDIT_CARD", "PCI", ["stripe"]) is Verdict.DENY
    assert rules.verdict(["clinician"], "MEDICAL_RECORD_NUMBER", "PHI", ["ehr"]) is Verdict.DUAL_CONTROL
    assert rules.verdict(["privacy_officer"], "PERSON", "PII", []) is Verdict.ALLOW
    assert rules.may_approve(["privacy_officer"], ["billing"])
    assert not rules.may_approve(["billing"], ["billing"])
    assert rules.rate_limit(["support_agent"]) == 20
    assert rules.rate_limit(["support_agent", "privacy_officer"]) == 60
    assert rules.rate_limit(["unknown"]) == rules.defaults.rate_limit_per_minute
