"""Connector profiles: every shipped profile loads, the CLI shows them, realistic results are remediated."""

from __future__ import annotations

import fnmatch
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dlp.config import Config
from dlp.connectors.cli import app
from dlp.connectors.profiles import (
    PROFILE_DIR,
    FieldHints,
    Profile,
    free_text_hint,
    load_all_profiles,
    load_profile,
    load_profile_file,
    overlaid_policy_text,
    profile_names,
)
from dlp.connectors.profiles.launch import PACKAGE_PATTERN
from dlp.context import InspectContext
from dlp.engine import Engine
from dlp.errors import ConfigError
from dlp.outcome import Outcome
from dlp.policy import load_policy_text
from dlp.wiring import build_engine
from tests.classifiers.secret_tokens import build_tokens
from tests.connectors.live import NODE_BIN, direct_params, live_session, node_server
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


# --- launch lines: checked against the registries, consistent, free of credentials ---------------

PROFILE_FILES = sorted(PROFILE_DIR.glob("*.yaml"))
# Launch blocks a profile must refuse: (why, launch YAML).
BAD_LAUNCHES = [
    ("lower-case env name", "{command: npx, args: [-y, x], package: 'npm:x', env: [slack_token]}"),
    ("value in env", "{command: npx, args: [-y, x], package: 'npm:x', env: ['TOKEN=abc']}"),
    ("npm name with capitals", "{command: npx, args: [-y, X], package: 'npm:X'}"),
    ("unknown registry", "{command: npx, args: [-y, x], package: 'cargo:x'}"),
    ("free-text package", "{command: npx, args: [-y, x], package: 'npm: x (reference)'}"),
    ("npx not starting the package", "{command: npx, args: [-y, y], package: 'npm:x'}"),
    ("uvx of an npm package", "{command: uvx, args: [x], package: 'npm:x'}"),
    (
        "docker of another image",
        "{command: docker, args: [run, -i, ghcr.io/a/b], package: 'oci:ghcr.io/a/c'}",
    ),
    ("plain http url", "{url: 'http://mcp.example.com/mcp'}"),
    ("args without command", "{args: [x]}"),
    (
        "release of another package",
        "{command: npx, args: [-y, x], package: 'npm:x', verified: "
        "{release: 'npm:y@1.0.0', date: 2026-11-21, status: ok, evidence: read}}",
    ),
    (
        "deprecated without saying why",
        "{command: npx, args: [-y, x], package: 'npm:x', verified: "
        "{release: 'npm:x@1.0.0', date: 2026-11-21, status: deprecated, evidence: read}}",
    ),
]


@pytest.mark.parametrize(("why", "launch"), BAD_LAUNCHES, ids=[why for why, _ in BAD_LAUNCHES])
def test_malformed_launch_is_refused(tmp_path: Path, why: str, launch: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"name: bad\ntitle: x\nlaunch: {launch}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="launch"):
        load_profile_file(bad)


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_launch_was_verified_and_is_consistent(name: str) -> None:
    launch = load_profile(name).launch
    check = launch.verified
    assert check is not None and check.date <= date.today(), "record what was checked, and when"
    assert launch.package is not None and re.fullmatch(PACKAGE_PATTERN, launch.package)
    assert check.release is None or check.release.startswith(launch.package + "@")
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*", env) for env in launch.env)
    assert len(set(launch.env)) == len(launch.env)
    assert launch.argv(), "every profile can be started on stdio (a bridge for remote-only servers)"
    if launch.package == "npm:mcp-remote":
        assert launch.url in launch.args, "the bridge must reach the url the profile names"
    if check.status == "deprecated":
        assert launch.deprecated and (
            launch.url or "npm:" in launch.deprecated or "pypi:" in launch.deprecated
        )


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_fixture_and_overlay_tools_are_the_servers_tools(name: str) -> None:
    profile = load_profile(name)
    fixture = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    assert fixture["tool"] in profile.tools
    for rule in profile.policy_overlay:
        for tool in rule.match.tools or ():
            owners = [load_profile(c) for c in rule.match.connectors or (name,) if c in profile_names()]
            assert any(fnmatch.fnmatchcase(t, tool) for p in owners for t in p.tools), (rule.id, tool)


def _credential_like(profile: Profile) -> list[str]:
    """Launch strings that carry a value where only a name belongs (userinfo, bearer, NAME=value)."""
    launch = profile.launch
    value = re.compile(r"://[^/\s]*@|(?i:bearer)\s+\S|\b[A-Z][A-Z0-9_]{2,}=\S")
    docker_env = {nxt for arg, nxt in zip(launch.args, launch.args[1:], strict=False) if arg == "-e"}
    return sorted(
        {s for s in (*launch.args, launch.url or "") if value.search(s)} | {e for e in docker_env if "=" in e}
    )


def test_profiles_hold_no_credentials(engine: Engine) -> None:
    for path in PROFILE_FILES:
        text = path.read_text(encoding="utf-8")
        assert not _credential_like(load_profile_file(path)), path.name
        findings = _inspect_text(engine, text).findings
        assert not [f for f in findings if f.data_class.value in {"SECRET", "PCI"}], (path.name, findings)
    # The same check sees a credential pasted into a profile, wherever it goes.
    planted = PROFILE_FILES[0].read_text(encoding="utf-8") + f"# token for tests: {GITHUB_TOKEN}\n"
    assert any(f.data_class.value == "SECRET" for f in _inspect_text(engine, planted).findings)
    pasted = Profile.model_validate(
        {
            "name": "x",
            "title": "x",
            "launch": {"command": "docker", "args": ["run", "-e", "A_TOKEN=abc", "img"]},
        }
    )
    assert _credential_like(pasted) == ["A_TOKEN=abc"]


def _inspect_text(engine: Engine, text: str) -> Outcome:
    message = {"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "text", "text": text}]}}
    return engine.inspect(message, InspectContext(tool="profile", method="tools/call"))


@pytest.mark.timeout(120)
def test_filesystem_profile_matches_the_installed_server(tmp_path: Path) -> None:
    """The one profiled server installed for the end-to-end tests: same release, same tools."""
    launch = load_profile("filesystem").launch
    assert launch.verified is not None and launch.verified.release is not None
    package = launch.verified.release.removeprefix("npm:").rpartition("@")[0]
    installed = NODE_BIN.parent / package / "package.json"
    assert (
        json.loads(installed.read_text(encoding="utf-8"))["version"]
        == launch.verified.release.rpartition("@")[2]
    )
    with live_session(direct_params([node_server("mcp-server-filesystem"), str(tmp_path)])) as live:
        listed = {tool.name for tool in live.call(live.session.list_tools).tools}
    assert set(load_profile("filesystem").tools) <= listed, sorted(listed)
