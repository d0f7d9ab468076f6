"""Policy mistakes are PolicyErrors naming file, line and key, and never quote the value."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from dlp.errors import PolicyError
from dlp.policy import load_policy, load_policy_text

GOOD_RULE = "  - id: r{n}\n    match: {{}}\n    action: redact\n"

# (case id, YAML, expected str(error)) for a file named policies/x.yaml.
TYPO_TABLE: list[tuple[str, str, str]] = [
    (
        "unknown top-level key",
        "name: x\ndefualt_action: redact\n",
        "policies/x.yaml:2: unknown key 'defualt_action' (did you mean 'default_action'?) "
        "(key: defualt_action)",
    ),
    (
        "unknown rule key, third rule",
        "name: x\nrules:\n"
        + GOOD_RULE.format(n=0)
        + GOOD_RULE.format(n=1)
        + "  - id: r2\n    match: {}\n    acton: redact\n",
        "policies/x.yaml:11: unknown key 'acton' (did you mean 'action'?) (key: rules[2].acton)",
    ),
    (
        "unknown match key",
        "name: x\nrules:\n  - id: a\n    match:\n      entity: [US_SSN]\n    action: redact\n",
        "policies/x.yaml:5: unknown key 'entity' (did you mean 'entities'?) (key: rules[0].match.entity)",
    ),
    (
        "bad action value",
        "name: x\nrules:\n  - id: a\n    match: {}\n    action: redcat\n",
        "policies/x.yaml:5: input should be 'allow', 'redact', 'mask', 'hash', 'tokenize', 'tombstone' "
        "or 'block' (key: rules[0].action)",
    ),
    (
        "bad default action",
        "name: x\ndefault_action: scrub\n",
        "policies/x.yaml:2: input should be 'allow', 'redact', 'mask', 'hash', 'tokenize', 'tombstone' "
        "or 'block' (key: default_action)",
    ),
    (
        "unknown entity",
        "name: x\nrules:\n  - id: a\n    match:\n      entities:\n        - EMAIL_ADDRESS\n        - US_SNN\n"
        "    action: redact\n",
        "policies/x.yaml:7: unknown entity (did you mean 'US_SSN'?); list custom names under custom_entities "
        "(key: rules[0].match.entities[1])",
    ),
    (
        "duplicate rule id",
        "name: x\nrules:\n" + GOOD_RULE.format(n=0) + GOOD_RULE.format(n=0),
        "policies/x.yaml:6: duplicate rule id (first used by rules[0]) (key: rules[1].id)",
    ),
    (
        "duplicate YAML key",
        "name: x\nrules:\n  - id: a\n    match: {}\n    action: redact\n    action: allow\n",
        "policies/x.yaml:6: duplicate key 'action' (first at line 5) (key: rules[0].action)",
    ),
    (
        "duplicate top-level key",
        "name: x\nrules: []\nname: y\n",
        "policies/x.yaml:3: duplicate key 'name' (first at line 1) (key: name)",
    ),
    (
        "wrong type number",
        "name: x\nmin_score: high\n",
        "policies/x.yaml:2: input should be a valid number, unable to parse string as a number "
        "(key: min_score)",
    ),
    (
        "wrong type list",
        "name: x\nrules:\n  - id: a\n    match:\n      tools: search\n    action: redact\n",
        "policies/x.yaml:5: input should be a valid list (key: rules[0].match.tools)",
    ),
    (
        "wrong type mapping",
        "name: x\nrules:\n  - id: a\n    match: [US_SSN]\n    action: redact\n",
        "policies/x.yaml:4: input should be a mapping of keys (key: rules[0].match)",
    ),
    (
        "score out of range",
        "name: x\nmin_score: 1.5\n",
        "policies/x.yaml:2: input should be less than or equal to 1 (key: min_score)",
    ),
    (
        "bad direction",
        "name: x\nrules:\n  - id: a\n    match: {direction: out}\n    action: redact\n",
        "policies/x.yaml:4: input should be 'response', 'request' or 'any' (key: rules[0].match.direction)",
    ),
    (
        "missing rule id",
        "name: x\nrules:\n  - match: {}\n    action: redact\n",
        "policies/x.yaml:3: missing required key 'id' (key: rules[0].id)",
    ),
    ("missing name", "rules: []\n", "policies/x.yaml:1: missing required key 'name' (key: name)"),
    (
        "parameter the action ignores",
        "name: x\nrules:\n  - id: a\n    match: {}\n    action: redact\n    keep_last: 2\n",
        "policies/x.yaml:6: keep_last only applies to action 'mask' (key: rules[0].keep_last)",
    ),
    (
        "scope without tombstone",
        "name: x\nrules:\n  - id: a\n    match: {}\n    action: block\n    scope: response\n",
        "policies/x.yaml:6: scope only applies to action 'tombstone' (key: rules[0].scope)",
    ),
    (
        "reserved rule id",
        "name: x\nrules:\n  - id: default\n    match: {}\n    action: redact\n",
        "policies/x.yaml:3: rule id 'default' is reserved; choose another (key: rules[0].id)",
    ),
    (
        "path glob without root",
        "name: x\nrules:\n  - id: a\n    match: {paths: [result.email]}\n    action: redact\n",
        "policies/x.yaml:4: path globs start with '$' (key: rules[0].match.paths[0])",
    ),
    (
        "empty list",
        "name: x\nrules:\n  - id: a\n    match: {entities: []}\n    action: redact\n",
        "policies/x.yaml:4: list should have at least 1 item after validation, not 0 "
        "(key: rules[0].match.entities)",
    ),
    (
        "YAML 1.1 boolean key",
        "name: x\non: block\n",
        "policies/x.yaml:2: key 'on' is read as bool by YAML; quote it",
    ),
    (
        "alias",
        "name: x\nrules:\n  - &r\n    id: a\n    match: {}\n    action: redact\n  - *r\n",
        "policies/x.yaml:7: YAML aliases (*name) are not supported in policies",
    ),
    (
        "YAML syntax",
        "name: x\nrules: [\n",
        "policies/x.yaml:3: invalid YAML: expected the node content, but found '<stream end>'",
    ),
    ("empty file", "", "policies/x.yaml:1: the policy file is empty"),
    (
        "two documents",
        "name: x\n---\nname: y\n",
        "policies/x.yaml:2: invalid YAML: a policy file holds one YAML document (remove the second '---')",
    ),
    (
        "bad data class, no list-length noise",
        "name: x\nrules:\n  - id: a\n    match: {data_classes: [PHY]}\n    action: redact\n",
        "policies/x.yaml:4: input should be 'PII', 'PHI', 'PCI', 'SECRET' or 'SOURCE_CODE' "
        "(key: rules[0].match.data_classes[0])",
    ),
    (
        "deeply nested",
        "name: x\nrules: " + "[" * 1200 + "]" * 1200 + "\n",
        "policies/x.yaml: invalid YAML: nested too deeply",
    ),
    ("not a mapping", "- a\n", "policies/x.yaml:1: a policy must be a mapping of keys (name, rules, ...)"),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in TYPO_TABLE])
def test_typo_is_located(text: str, expected: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy_text(text, "policies/x.yaml")
    assert str(caught.value) == expected
    assert not getattr(caught.value, "__notes__", [])
    assert caught.value.file == "policies/x.yaml"


def test_fields_are_set_on_the_error() -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy_text("name: x\nrules:\n  - id: a\n    match: {}\n    acton: redact\n", "p.yaml")
    assert (caught.value.file, caught.value.line, caught.value.key) == ("p.yaml", 5, "rules[0].acton")


def test_further_problems_become_notes_in_line_order() -> None:
    text = "name: x\nzeta: 1\nrules:\n  - id: a\n    match: {}\n    action: nope\nalpha: 2\n"
    with pytest.raises(PolicyError) as caught:
        load_policy_text(text, "p.yaml")
    assert str(caught.value).startswith("p.yaml:2: unknown key 'zeta'")
    assert caught.value.__notes__ == [
        "p.yaml:6: input should be 'allow', 'redact', 'mask', 'hash', 'tokenize', 'tombstone' or 'block' "
        "(key: rules[0].action)",
        "p.yaml:7: unknown key 'alpha' (key: alpha)",
    ]


CANARY = "4111111111111111"


@pytest.mark.parametrize(
    "text",
    [
        f"name: x\nmin_score: '{CANARY}'\n",
        f"name: x\nversion: {{{CANARY}: 1}}\n",
        f"name: x\ncustom_entities: [{CANARY}]\n",
        f"name: x\nrules:\n  - id: a\n    match: {{entities: [X{CANARY}]}}\n    action: redact\n",
        f"name: x\nrules:\n  - id: '{CANARY}!'\n    match: {{}}\n    action: redact\n",
        f"name: x\nrules:\n  - id: a\n    match: {{}}\n    action: '{CANARY}'\n",
        f"name: x\nmask: {{mask_char: '{CANARY}'}}\n",
        f'name: x\nrules: "{CANARY}\n',
    ],
)
def test_errors_never_quote_values(text: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy_text(text, "p.yaml")
    shown = "\n".join([str(caught.value), *getattr(caught.value, "__notes__", [])])
    assert CANARY not in shown
    # pydantic's and PyYAML's own errors quote values: they must not ride along as context.
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__


def test_load_policy_reports_the_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nrules:\n  - id: a\n    match: {}\n    acton: redact\n", encoding="utf-8")
    with pytest.raises(PolicyError, match=r"bad\.yaml:5: unknown key 'acton'"):
        load_policy(path)


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read policy file"):
        load_policy(tmp_path / "absent.yaml")
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"name: \xff\n")
    with pytest.raises(PolicyError, match=r"not UTF-8 text \(byte offset 6\)"):
        load_policy(binary)


def test_sha256_is_of_the_file_bytes(tmp_path: Path) -> None:
    raw = b"# comment\nname: x\n"
    path = tmp_path / "p.yaml"
    path.write_bytes(raw)
    assert load_policy(path).sha256 == hashlib.sha256(raw).hexdigest()
    assert load_policy_text(raw.decode(), "p.yaml").sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    "text",
    [
        f"name: x\n{CANARY}: 1\n",
        f"name: x\n'{CANARY}': 1\n",
        f"name: x\nrules:\n  - id: a\n    match: {{}}\n    action: redact\n    'sk {CANARY}': 1\n",
        f"name: x\n'{CANARY}': 1\n'{CANARY}': 2\n",
    ],
)
def test_keys_that_look_like_data_are_not_echoed(text: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy_text(text, "p.yaml")
    assert CANARY not in str(caught.value)
    assert "<key>" in str(caught.value)
