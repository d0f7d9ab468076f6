"""Connector profiles: every shipped profile loads, the CLI shows them, realistic results are remediated."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dlp.config import Config
from dlp.connectors.cli import app
from dlp.connectors.profiles import (
    FieldHints,
    free_text_hint,
    load_all_profiles,
    load_profile,
    load_profile_file,
    overlaid_policy_text,
    profile_names,
)
from dlp.context import InspectContext
from dlp.engine import Engine
from dlp.errors import ConfigError
from dlp.policy import load_policy_text
from dlp.wiring import build_engine
from tests.classifiers.secret_tokens import build_tokens
from tests.connectors.planted import (
    CARD,
    CARD_MASKED,
    EMAIL,
    GITHUB_TOKEN,
    PEM,
    PEM_BODY_LINE,
    SSN,
    STRIPE_KEY,
)

FIXTURES = Path(__file__).with_name("fixtures")
REQUIRED = {
    "slack", "jira", "confluence", "github", "gitlab", "salesforce", "zendesk", "gmail",
    "google-drive", "notion", "linear", "hubspot", "postgresql", "filesystem",
}  # fmt: skip
_TOKENS = build_tokens(seed=11)
PLANTED = {
    "SSN": SSN,
    "SSN2": "457-55-5462",
    "CARD": CARD,
    "CARD_MASKED": CARD_MASKED,
    "EMAIL": EMAIL,
    "GITHUB_TOKEN": GITHUB_TOKEN,
    "GITLAB_TOKEN": _TOKENS["glpat"],
    "AWS_KEY": _TOKENS["aws_id"],
    "STRIPE_KEY": STRIPE_KEY,
    "PEM": PEM,
    "PEM_BODY_LINE": PEM_BODY_LINE,
}


def test_every_required_profile_is_shipped_and_valid() -> None:
    assert set(profile_names()) >= REQUIRED
    for profile in load_all_profiles():
        assert profile.title and profile.tags and profile.tools
        assert profile.launch.argv() or profile.launch.url


def test_phi_option_adds_the_tag() -> None:
    jira = load_profile("jira")
    assert "PHI" not in jira.effective_tags()
    assert "PHI" in jira.effective_tags(phi=True)


@pytest.mark.parametrize(
    ("name", "tail", "expected"),
    [
        ("body", "comment.body", True),
        ("description", "fields.description", True),
        ("key", None, False),
        ("accountid", "author.accountid", False),
        ("customer_id", None, False),
        ("colour", None, None),
    ],
)
def test_jira_field_hints(name: str, tail: str | None, expected: bool | None) -> None:
    assert load_profile("jira").fields.classify(name, tail) is expected


def test_free_text_hint_by_connector() -> None:
    assert free_text_hint("slack", "text", "messages.text") is True
    assert free_text_hint("slack", "ts", None) is False
    assert free_text_hint("no-such-connector", "text", None) is None
    assert free_text_hint(None, "text", None) is None


def test_identifiers_win_over_free_text() -> None:
    hints = FieldHints(free_text=("*",), identifiers=("id",))
    assert hints.classify("id", None) is False and hints.classify("notes", None) is True


def test_unknown_profile_names_close_ones() -> None:
    with pytest.raises(ConfigError, match=r"did you mean.*jira"):
        load_profile("jir")


def test_invalid_profile_is_an_error_naming_the_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ntitle: x\nlaunch: {command: x}\ncolour: red\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="colour"):
        load_profile_file(bad)


def test_cli_lists_and_shows_profiles() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["connectors", "list", "--json"])
    assert listed.exit_code == 0
    assert {row["name"] for row in json.loads(listed.stdout)} >= REQUIRED
    shown = runner.invoke(app, ["connectors", "show", "zendesk", "--json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["launch"]["env"]
    missing = runner.invoke(app, ["connectors", "show", "nope"])
    assert missing.exit_code == 2
    for args in (
        ["--help"],
        ["wrap", "--help"],
        ["connectors", "list", "--help"],
        ["connectors", "show", "--help"],
    ):
        assert runner.invoke(app, args).exit_code == 0


def test_overlays_make_a_valid_policy() -> None:
    base = (Path(__file__).parents[2] / "policies" / "default.yaml").read_text(encoding="utf-8")
    policy = load_policy_text(overlaid_policy_text(base, load_all_profiles()))
    assert policy.rules[0].id == "slack-no-secrets-out" or any(
        r.id == "gitlab-ci-variables" for r in policy.rules
    )


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("profiles")
    base = (Path(__file__).parents[2] / "policies" / "default.yaml").read_text(encoding="utf-8")
    policy_path = folder / "policy.yaml"
    policy_path.write_text(overlaid_policy_text(base, load_all_profiles()), encoding="utf-8")
    return build_engine(
        Config(policy_path=policy_path, data_dir=folder, ner_enabled=False, audit_enabled=False)
    )


def _fill(text: str, *, in_json: bool) -> str:
    for key, value in PLANTED.items():
        text = text.replace("{{" + key + "}}", json.dumps(value)[1:-1] if in_json else value)
    return text


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_profile_fixture_is_remediated(engine: Engine, name: str) -> None:
    fixture: dict[str, Any] = json.loads(
        _fill((FIXTURES / f"{name}.json").read_text(encoding="utf-8"), in_json=True)
    )
    text = fixture["text"] if "text" in fixture else json.dumps(fixture["payload"], indent=2)
    message = {"jsonrpc": "2.0", "id": 7, "result": {"content": [{"type": "text", "text": text}]}}
    profile = load_profile(name)
    context = InspectContext(
        connector=name, tool=fixture["tool"], method="tools/call", connector_tags=profile.effective_tags()
    )
    outcome = engine.inspect(message, context)
    assert not outcome.blocked, outcome.summary()
    assert outcome.tombstoned is bool(fixture.get("tombstoned"))
    received = json.dumps(outcome.message, ensure_ascii=False)
    for value in fixture["absent"]:
        assert _fill(value, in_json=False) not in outcome.message["result"]["content"][0]["text"], value[:12]
    for value in fixture["present"]:
        assert _fill(value, in_json=False) in outcome.message["result"]["content"][0]["text"], value
    assert received
