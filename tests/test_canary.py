"""Canaries: plant valid-looking sensitive values, run every interface, grep every output for them.

Every CLI command (scan, scan --jsonl, redact, policy test, policy check, doctor) and every HTTP
route (inspect, redact, healthz, a malformed body, an oversized body) runs with DEBUG logging.
Standard output, standard error, every log record (message and extra fields) and every HTTP
response are searched; none may contain a canary. The default policy remediates all of them,
so even the rewritten messages must be clean. (``scan --show-values`` would print them: it is
the one explicit exception and is not used here.)
"""

from __future__ import annotations

import json
import logging
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dlp.cli.main import app
from dlp.http.app import create_app
from tests.classifiers.factories import iban, luhn_complete
from tests.classifiers.secret_tokens import TokenFactory, rsa_pem
from tests.cli.support import config_for, data_dir, env_for, shared_engine, tool_call, tool_result, write_json

CARD = luhn_complete("453915883047281")
CARD_GROUPED = " ".join(CARD[i : i + 4] for i in range(0, 16, 4))
SSN = "672-41-9083"
EMAIL = "canary.9f3k@example.com"
GITHUB_TOKEN = TokenFactory(31).github("ghp")
IBAN = iban(random.Random(9157), "DE")
PEM = rsa_pem()
PEM_BODY_LINES = [line for line in PEM.splitlines() if line and not line.startswith("-----")]

#: Every string that must never appear: the values, their compact forms, and the key's body lines.
CANARIES: tuple[str, ...] = (
    CARD,
    CARD_GROUPED,
    SSN,
    SSN.replace("-", ""),
    EMAIL,
    GITHUB_TOKEN,
    IBAN,
    IBAN.replace(" ", ""),
    *PEM_BODY_LINES,
)

TEXT = (
    f"Customer {EMAIL} (SSN {SSN}) paid with card {CARD_GROUPED} from IBAN {IBAN}. "
    f"Deploy token {GITHUB_TOKEN}.\n{PEM}"
)


#: The default policy's ``outgoing-contact-details`` rule lets a recipient's address go out in
#: tool arguments (an agent must be able to send mail): rewritten requests may keep the e-mail.
EGRESS_ALLOWED = (EMAIL,)


def assert_clean(where: str, text: str, allowed: tuple[str, ...] = ()) -> None:
    for canary in CANARIES:
        if canary in allowed:
            continue
        assert canary not in text, f"a canary leaked into {where}"
    # JSON output escapes newlines: check the escaped key block too.
    escaped = json.dumps(text)
    for canary in PEM_BODY_LINES:
        assert canary not in escaped, f"a canary leaked into {where}"


def assert_records_clean(records: list[logging.LogRecord]) -> None:
    for record in records:
        assert_clean(f"log record {record.name}", record.getMessage())
        assert_clean(f"log record {record.name} fields", repr(vars(record)))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return data_dir(tmp_path_factory)


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    yield caplog
    assert_records_clean(caplog.records)


@pytest.fixture(scope="module")
def payloads(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("canary")
    result = tool_result(
        TEXT,
        {"customer": {"email": EMAIL, "ssn": SSN, "card": CARD, "iban": IBAN}, "token": GITHUB_TOKEN},
    )
    request = tool_call({"to": EMAIL, "body": TEXT, "card_number": CARD})
    lines = "\n".join(
        json.dumps({"id": i, "text": text}) for i, text in enumerate([TEXT, EMAIL, f"ssn: {SSN}", "{broken"])
    )
    text_file = root / "note.txt"
    text_file.write_text(TEXT, encoding="utf-8")
    jsonl_file = root / "lines.jsonl"
    jsonl_file.write_text(lines + "\n", encoding="utf-8")
    return {
        "result": write_json(root / "result.json", result),
        "request": write_json(root / "request.json", tool_call({"to": EMAIL, "body": TEXT})),
        "request_card": write_json(root / "request_card.json", request),
        "plain": write_json(root / "plain.json", {"rows": [{"email": EMAIL, "iban": IBAN}]}),
        "text": text_file,
        "jsonl": jsonl_file,
    }


def test_canaries_are_detected_at_all(folder: Path) -> None:
    """Guard for the rest of this file: a canary nobody detects would pass trivially elsewhere."""
    engine = shared_engine(folder)
    found = {f.entity for f in engine.scan_text(TEXT, ner=False)}
    assert {"EMAIL_ADDRESS", "US_SSN", "CREDIT_CARD", "IBAN_CODE", "SECRET"} <= found


CLI_RUNS: list[tuple[str, list[str]]] = [
    ("scan json-rpc table", ["scan", "{result}"]),
    ("scan json-rpc json", ["scan", "{result}", "--json"]),
    ("scan request json", ["scan", "{request}", "--json", "--direction", "request"]),
    ("scan plain json", ["scan", "{plain}", "--json"]),
    ("scan text", ["scan", "{text}", "--json", "--no-ner"]),
    ("scan jsonl", ["scan", "--jsonl", "--no-ner", "{jsonl}"]),
    ("redact response", ["redact", "{result}"]),
    ("redact response json", ["redact", "{result}", "--json", "--tool", "crm", "--role", "support"]),
    ("redact request", ["redact", "{request}", "--direction", "request", "--json"]),
    ("redact request with card", ["redact", "{request_card}", "--direction", "request"]),
    ("policy test", ["policy", "test", "{policy}", "{result}"]),
    (
        "policy test json",
        ["policy", "test", "{policy}", "{request_card}", "--json", "--direction", "request"],
    ),
    ("policy check", ["policy", "check", "{policy}", "--json"]),
    ("doctor", ["doctor", "--json"]),
    ("entities", ["entities"]),
]

#: Runs that print a rewritten tools/call request.
EGRESS_REWRITES = frozenset({"redact request", "redact request with card", "policy test json"})


@pytest.mark.parametrize(("label", "args"), CLI_RUNS, ids=[label for label, _ in CLI_RUNS])
def test_cli_outputs_and_logs_hold_no_canary(
    label: str,
    args: list[str],
    folder: Path,
    payloads: dict[str, Path],
    debug_logs: pytest.LogCaptureFixture,
) -> None:
    policy = Path(__file__).resolve().parents[1] / "policies" / "default.yaml"
    names = {key: str(path) for key, path in payloads.items()} | {"policy": str(policy)}
    argv = ["--log-level", "DEBUG", *(arg.format(**names) for arg in args)]
    result = CliRunner(env=env_for(folder)).invoke(app, argv)
    assert result.exit_code in (0, 1, 2), f"{label}: exit {result.exit_code}"
    assert result.stdout or result.stderr
    if label.startswith(("scan", "redact")):
        assert any(r.name.startswith("dlp.cli") for r in debug_logs.records), "no log record to check"
    allowed = EGRESS_ALLOWED if label in EGRESS_REWRITES else ()
    assert_clean(f"{label} stdout", result.stdout, allowed)
    assert_clean(f"{label} stderr", result.stderr)


def test_cli_stdin_input_holds_no_canary(folder: Path, debug_logs: pytest.LogCaptureFixture) -> None:
    runner = CliRunner(env=env_for(folder))
    for argv, stdin in (
        (["scan", "-", "--no-ner"], TEXT),
        (["redact", "-"], json.dumps(tool_result(TEXT))),
        (["redact", "-"], TEXT),  # not JSON: a usage error that must not quote the input
        (["redact", "-"], '{"jsonrpc": "2.0", "id": 1, "result": "' + SSN + '"'),
    ):
        result = runner.invoke(app, ["--log-level", "DEBUG", *argv], input=stdin)
        assert_clean(f"{argv} stdout", result.stdout)
        assert_clean(f"{argv} stderr", result.stderr)


@pytest.fixture(scope="module")
def client(folder: Path) -> Iterator[TestClient]:
    config = config_for(folder, max_payload_bytes=64 * 1024)
    with TestClient(create_app(config, engine=shared_engine(folder)), raise_server_exceptions=False) as c:
        yield c


def _bodies() -> list[tuple[str, str, Any]]:
    result = tool_result(TEXT, {"email": EMAIL, "iban": IBAN, "token": GITHUB_TOKEN})
    request = tool_call({"to": EMAIL, "card": CARD_GROUPED, "body": TEXT})
    valid = {"message": result, "context": {"tool": "crm", "roles": ["support"], "user": "u1"}}
    egress = {"message": request, "context": {"direction": "request", "tool": "send"}}
    malformed = '{"message": {"jsonrpc": "2.0", "id": 1, "result": "' + TEXT.replace("\n", " ") + '"'
    wrong_shape = {"message": TEXT, EMAIL: SSN, "context": {"direction": CARD}}
    not_jsonrpc = {"message": {"id": 1, "result": TEXT}}
    oversized = {"message": tool_result((TEXT + " ") * 150)}
    return [
        ("inspect", "/v1/inspect", valid),
        ("redact", "/v1/redact", valid),
        ("inspect egress", "/v1/inspect", egress),
        ("redact egress", "/v1/redact", egress),
        ("malformed body", "/v1/redact", malformed),
        ("wrong shape", "/v1/inspect", wrong_shape),
        ("not json-rpc", "/v1/redact", not_jsonrpc),
        ("oversized", "/v1/redact", oversized),
    ]


@pytest.mark.parametrize(("label", "route", "payload"), _bodies(), ids=[b[0] for b in _bodies()])
def test_http_responses_and_logs_hold_no_canary(
    client: TestClient, label: str, route: str, payload: Any, debug_logs: pytest.LogCaptureFixture
) -> None:
    logging.getLogger().setLevel(logging.DEBUG)
    content = payload if isinstance(payload, str) else json.dumps(payload)
    response = client.post(route, content=content.encode(), headers={"content-type": "application/json"})
    assert response.status_code in (200, 400, 413, 422), label
    assert_clean(f"HTTP {label}", response.text, EGRESS_ALLOWED if label == "redact egress" else ())
    assert_clean(f"HTTP {label} headers", repr(dict(response.headers)))
    if label == "oversized":
        assert response.status_code == 413
    access = [r for r in debug_logs.records if r.name == "dlp.http" and r.getMessage() == "request"]
    assert access and re.fullmatch(r"/v1/(inspect|redact)", str(getattr(access[-1], "route", "")))


def test_healthz_holds_no_canary(client: TestClient, debug_logs: pytest.LogCaptureFixture) -> None:
    client.post("/v1/redact", json={"message": tool_result(TEXT)})
    response = client.get("/healthz")
    assert response.status_code == 200
    assert_clean("healthz", response.text)
