"""The mcp-dlp commands end to end through typer's runner: output shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from dlp.cli.common import guarded
from dlp.cli.doctor import masked_database_url
from dlp.cli.main import app
from dlp.config import Config
from dlp.entities import ENTITIES
from dlp.errors import InspectionError, PolicyError
from tests.cli.support import tool_call, tool_result, write_json

EMAIL = "ada.lovelace@example.org"
CARD = "4111 1111 1111 1111"
SSN = "536-22-8741"

BLOCK_CARDS = """\
name: block-cards
version: "3"
default_action: redact
rules:
  - id: no-cards
    match: {entities: [CREDIT_CARD]}
    action: block
"""

TYPO_POLICY = """\
name: typo
rules:
  - id: a
    match: {entities: [EMAIL_ADDRESS]}
    acton: redact
  - id: b
    match: {entities: [PERSON]}
    action: redact
    kep_last: 2
"""


def run(runner: CliRunner, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def message_file(tmp_path: Path) -> Path:
    return write_json(
        tmp_path / "result.json",
        tool_result(f"Customer {EMAIL}, SSN {SSN}, card {CARD}", {"email": EMAIL, "ssn": SSN}),
    )


@pytest.fixture(scope="session")
def block_policy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One file for the session: the CLI caches engines per configuration, policy path included.
    path = tmp_path_factory.mktemp("policies") / "block.yaml"
    path.write_text(BLOCK_CARDS, encoding="utf-8")
    return path


# -- scan ----------------------------------------------------------------------------------------


def test_scan_json_rpc_reports_paths_without_values(runner: CliRunner, message_file: Path) -> None:
    code, out, _ = run(runner, "scan", str(message_file), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["mode"] == "jsonrpc"
    found = {(f["entity"], f["path"]) for f in report["findings"]}
    assert ("EMAIL_ADDRESS", "$.result.structuredContent.email") in found
    assert ("US_SSN", "$.result.structuredContent.ssn") in found
    assert ("CREDIT_CARD", "$.result.content[0].text") in found
    for value in (EMAIL, SSN, CARD, "1111 1111"):
        assert value not in out


def test_scan_table_output_has_no_values(runner: CliRunner, message_file: Path) -> None:
    code, out, _ = run(runner, "scan", str(message_file))
    assert code == 1
    assert "EMAIL_ADDRESS" in out and "CREDIT_CARD" in out
    assert EMAIL not in out and SSN not in out


def test_scan_show_values_is_explicit_and_warns(runner: CliRunner, message_file: Path) -> None:
    code, out, err = run(runner, "scan", str(message_file), "--json", "--show-values")
    assert code == 1
    values = {f["value"] for f in json.loads(out)["findings"]}
    assert EMAIL in values
    assert "--show-values" in err


def test_scan_plain_json_is_walked_with_document_paths(runner: CliRunner, tmp_path: Path) -> None:
    path = write_json(tmp_path / "users.json", {"users": [{"plan": "gold", "email": EMAIL}]})
    code, out, _ = run(runner, "scan", str(path), "--json")
    assert code == 1
    report = json.loads(out)
    assert report["mode"] == "json"
    assert [f["path"] for f in report["findings"]] == ["$.users[0].email"]


def test_scan_text_from_stdin_offsets_index_the_text(runner: CliRunner) -> None:
    text = f"write to {EMAIL} today"
    code, out, _ = run(runner, "scan", "-", "--json", "--no-ner", stdin=text)
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert text[finding["start"] : finding["end"]] == EMAIL
    assert finding["path"] == "$"


def test_scan_clean_input_exits_zero(runner: CliRunner) -> None:
    code, out, _ = run(runner, "scan", "-", stdin="nothing to see here")
    assert code == 0
    assert "no findings" in out


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.json", '{"jsonrpc": "2.0", "id": 1,', "not valid JSON at line 1"),
        ("bad-utf8.txt", b"\xff\xfe card", "not UTF-8"),
    ],
)
def test_scan_bad_input_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, name: str, content: str | bytes, expected: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    code, _, err = run(runner, "scan", str(path))
    assert code == 2
    assert expected in err
    assert "hint:" in err


def test_scan_missing_file_says_what_to_do(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "scan", str(tmp_path / "nope.json"))
    assert code == 2
    assert "cannot read" in err and "No such file" in err and "hint:" in err


# -- redact --------------------------------------------------------------------------------------


def test_redact_prints_the_rewritten_message(runner: CliRunner, message_file: Path) -> None:
    code, out, _ = run(runner, "redact", str(message_file))
    assert code == 0
    message = json.loads(out)
    assert message["id"] == 7
    assert EMAIL not in out and SSN not in out
    assert "1111" in message["result"]["content"][0]["text"]  # masked, last four kept


def test_redact_json_has_message_and_summary(runner: CliRunner, message_file: Path) -> None:
    code, out, _ = run(runner, "redact", str(message_file), "--json")
    assert code == 0
    body = json.loads(out)
    assert set(body) == {"message", "summary"}
    assert body["summary"]["entities"]["EMAIL_ADDRESS"] >= 1


def test_redact_blocked_exits_one(runner: CliRunner, block_policy: Path, tmp_path: Path) -> None:
    request = write_json(tmp_path / "call.json", tool_call({"card": CARD}))
    code, out, _ = run(
        runner, "redact", "--policy", str(block_policy), str(request), "--direction", "request", "--role", "x"
    )
    assert code == 1
    body = json.loads(out)
    assert body["error"]["data"]["rule"] == "no-cards"
    assert CARD not in out


def test_redact_malformed_json_rpc_is_a_usage_error(runner: CliRunner) -> None:
    code, out, err = run(runner, "redact", "-", stdin='{"id": 1, "result": {}}')
    assert code == 2
    assert out == ""
    assert "malformed_message" in err


def test_redact_invalid_policy_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, message_file: Path
) -> None:
    policy = tmp_path / "typo.yaml"
    policy.write_text(TYPO_POLICY, encoding="utf-8")
    code, _, err = run(runner, "redact", "--policy", str(policy), str(message_file))
    assert code == 2
    assert "typo.yaml:5" in err and "policy check" in err


# -- policy --------------------------------------------------------------------------------------


def test_policy_check_valid(runner: CliRunner, block_policy: Path) -> None:
    code, out, _ = run(runner, "policy", "check", str(block_policy), "--json")
    assert code == 0
    assert json.loads(out) == {
        "valid": True,
        "file": str(block_policy),
        "name": "block-cards",
        "version": "3",
        "sha256": json.loads(out)["sha256"],
        "rules": ["no-cards"],
    }


def test_policy_check_lists_every_problem_with_file_line_key(runner: CliRunner, tmp_path: Path) -> None:
    policy = tmp_path / "typo.yaml"
    policy.write_text(TYPO_POLICY, encoding="utf-8")
    code, _, err = run(runner, "policy", "check", str(policy))
    assert code == 2
    assert f"{policy}:5" in err and "rules[0].acton" in err
    assert "rules[1].kep_last" in err
    code, out, _ = run(runner, "policy", "check", str(policy), "--json")
    assert code == 2
    body = json.loads(out)
    assert body["valid"] is False
    assert body["errors"][0]["line"] == 5 and body["errors"][0]["key"] == "rules[0].acton"
    assert len(body["errors"]) == 2


def test_policy_test_shows_rules_per_path(runner: CliRunner, block_policy: Path, tmp_path: Path) -> None:
    request = write_json(tmp_path / "call.json", tool_call({"card": CARD, "to": EMAIL}))
    code, out, _ = run(runner, "policy", "test", str(block_policy), str(request), "--json")
    assert code == 1
    body = json.loads(out)
    rules = {(r["path"], r["entity"], r["action"], r["rule_id"]) for r in body["rules"]}
    assert ("$.params.arguments.card", "CREDIT_CARD", "block", "no-cards") in rules
    assert ("$.params.arguments.to", "EMAIL_ADDRESS", "redact", "default") in rules
    assert EMAIL not in out and CARD not in out
    code, out, _ = run(runner, "policy", "test", str(block_policy), str(request))
    assert code == 1
    assert "no-cards" in out and "verdict: blocked by rule no-cards" in out


def test_policy_schema_writes_a_json_schema(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "schema.json"
    code, _, _ = run(runner, "policy", "schema", "--output", str(target))
    assert code == 0
    assert "rules" in json.loads(target.read_text(encoding="utf-8"))["properties"]
    code, out, _ = run(runner, "policy", "schema")
    assert code == 0 and json.loads(out) == json.loads(target.read_text(encoding="utf-8"))


# -- doctor, entities, help, global options ------------------------------------------------------


def test_doctor_json_reports_the_engine(runner: CliRunner) -> None:
    result = runner.invoke(app, ["doctor", "--json"])
    report: dict[str, Any] = json.loads(result.stdout)
    assert result.exit_code in (0, 1)
    assert report["status"] == ("healthy" if result.exit_code == 0 else "degraded")
    assert report["engine"]["pattern_rules"] > 100
    assert "pattern detectors alone" in report["engine"]["ner_statement"]
    assert set(report["packages"]) >= {"presidio-analyzer", "spacy", "hyperscan"}
    assert report["database"].startswith("sqlite:///")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://dlp:hunter2secret@db:5432/dlp", "postgresql://dlp:***@db:5432/dlp"),
        ("postgresql+psycopg://dlp@127.0.0.1/test", "postgresql+psycopg://dlp@127.0.0.1/test"),
        ("not a url", "<unparseable URL>"),
    ],
)
def test_doctor_masks_the_database_password(url: str, shown: str) -> None:
    assert masked_database_url(Config(database_url=url)) == shown


def test_doctor_table(runner: CliRunner) -> None:
    code, out, _ = run(runner, "doctor")
    assert code in (0, 1)
    assert "pattern rules" in out and "tesseract" in out


def test_entities_json_matches_the_canonical_list(runner: CliRunner) -> None:
    code, out, _ = run(runner, "entities", "--json")
    assert code == 0
    assert [e["entity"] for e in json.loads(out)] == list(ENTITIES)


def test_help_documents_exit_codes(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Exit codes" in result.stdout
    for command in ("scan", "redact", "policy", "doctor", "entities", "serve"):
        assert command in result.stdout
        assert runner.invoke(app, [command, "--help"]).exit_code == 0


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(app, ["scan", "--no-such-flag"]).exit_code == 2


def test_config_file_option_is_read(runner: CliRunner, tmp_path: Path) -> None:
    settings = tmp_path / "settings.yaml"
    settings.write_text("max_payload_bytes: 10\n", encoding="utf-8")
    code, _, err = run(runner, "--config", str(settings), "scan", "-", stdin="a longer text than ten bytes")
    assert code == 2
    assert "10-byte limit" in err
    settings.write_text("no_such_setting: 1\n", encoding="utf-8")
    code, _, err = run(runner, "--config", str(settings), "scan", "-", stdin="x")
    assert code == 2 and "no_such_setting" in err


def test_bad_log_level_is_a_usage_error(runner: CliRunner) -> None:
    code, _, err = run(runner, "--log-level", "LOUD", "entities")
    assert code == 0  # entities reads no settings
    code, _, err = run(runner, "--log-level", "LOUD", "scan", "-", stdin="x")
    assert code == 2 and "log level" in err


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("mcp-dlp ")


def test_unexpected_errors_exit_three_with_the_type_only(capsys: pytest.CaptureFixture[str]) -> None:
    @guarded
    def explode() -> None:
        raise RuntimeError(f"bad value {SSN}")

    with pytest.raises(typer.Exit) as exited:
        explode()
    assert exited.value.exit_code == 3
    err = capsys.readouterr().err
    assert "internal error (RuntimeError)" in err
    assert SSN not in err


@pytest.mark.parametrize(
    ("error", "code"),
    [(PolicyError("bad", file="p.yaml", line=3, key="rules"), 2), (InspectionError("slow"), 3)],
)
def test_project_errors_map_to_exit_codes(error: Exception, code: int) -> None:
    @guarded
    def failing() -> None:
        raise error

    with pytest.raises(typer.Exit) as exited:
        failing()
    assert exited.value.exit_code == code
