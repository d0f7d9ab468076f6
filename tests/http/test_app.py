"""The HTTP API through FastAPI's test client: shapes, verdicts, limits, value-free errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import dlp.http.app as http_app
from dlp.http.app import create_app
from dlp.http.body import depth_of
from dlp.jsonrpc import BLOCKED_CODE, FAILED_CODE
from tests.cli.support import config_for, shared_engine, tool_call, tool_result

EMAIL = "ada.lovelace@example.org"
CARD = "4111 1111 1111 1111"
SSN = "536-22-8741"
SECRETS = (EMAIL, CARD, SSN, "4111111111111111")


def body(message: dict[str, Any], **context: Any) -> dict[str, Any]:
    return {"message": message, "context": context}


def assert_no_values(text: str) -> None:
    for value in SECRETS:
        assert value not in text


def test_healthz_reports_the_engine(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["engine"]["policy"]["name"] == "default"
    assert data["engine"]["pattern_rules"] > 100


def test_inspect_returns_findings_without_values(client: TestClient) -> None:
    message = tool_result(f"Customer {EMAIL} card {CARD}", {"email": EMAIL, "ssn": SSN})
    response = client.post("/v1/inspect", json=body(message, tool="crm.lookup", roles=["support"]))
    assert response.status_code == 200
    data = response.json()
    assert data["blocked"] is False
    paths = {(f["entity"], f["path"]) for f in data["findings"]}
    assert ("US_SSN", "$.result.structuredContent.ssn") in paths
    assert ("CREDIT_CARD", "$.result.content[0].text") in paths
    assert set(data["findings"][0]) == {
        "entity",
        "data_class",
        "path",
        "start",
        "end",
        "score",
        "detector",
        "kind",
    }
    assert data["summary"]["entities"]["EMAIL_ADDRESS"] == 2
    assert_no_values(response.text)


def test_redact_rewrites_the_message(client: TestClient) -> None:
    message = tool_result(f"Customer {EMAIL} card {CARD}", {"email": EMAIL})
    response = client.post("/v1/redact", json=body(message))
    assert response.status_code == 200
    data = response.json()
    assert data["blocked"] is False and data["error"] is None
    assert data["message"]["id"] == 7
    assert data["message"]["result"]["content"][0]["text"].endswith("1111")
    assert_no_values(response.text)


def test_redact_blocked_request_returns_the_json_rpc_error(http_data_dir: Path, tmp_path: Path) -> None:
    policy = tmp_path / "block.yaml"
    policy.write_text(
        "name: b\nrules:\n  - id: no-cards-out\n    match: {entities: [CREDIT_CARD], direction: request}\n"
        "    action: block\n",
        encoding="utf-8",
    )
    config = config_for(http_data_dir, policy_path=policy, max_payload_bytes=64 * 1024)
    with TestClient(create_app(config)) as blocking:
        response = blocking.post("/v1/redact", json=body(tool_call({"card": CARD}), direction="request"))
        # Under the body limit (payload + envelope slack) but over the message limit itself.
        too_big = blocking.post("/v1/inspect", json=body(tool_result("y" * (70 * 1024))))
    assert too_big.status_code == 413
    assert too_big.json()["code"] == "payload_too_large"
    data = response.json()
    assert response.status_code == 200
    assert data["blocked"] is True
    assert data["error"]["code"] == BLOCKED_CODE and data["error"]["data"]["rule"] == "no-cards-out"
    assert data["message"]["error"] == data["error"]
    assert_no_values(response.text)


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        (b'{"message": {"jsonrpc": "2.0", "id": 1, "result": "4111111111111111"', 400, "malformed_json"),
        (b"\xff\xfe4111111111111111", 400, "malformed_json"),
        (b'{"message": "4111111111111111"}', 422, "invalid_request"),
        (b'{"message": {}, "4111111111111111": 1}', 422, "invalid_request"),
        (b'{"message": {}, "context": {"direction": "4111111111111111"}}', 422, "invalid_request"),
        (b'{"message": {"id": 1, "result": "4111111111111111"}}', 422, "malformed_message"),
        (b"[" * 500 + b"]" * 500, 400, "payload_too_deep"),
        (b'{"message": ' + b"[" * 5000 + b"]" * 5000 + b"}", 400, "payload_too_deep"),
    ],
)
def test_bad_bodies_get_problems_that_echo_nothing(
    client: TestClient, payload: bytes, status: int, code: str
) -> None:
    for route in ("/v1/inspect", "/v1/redact"):
        response = client.post(route, content=payload, headers={"content-type": "application/json"})
        assert response.status_code == status
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["code"] == code and problem["status"] == status
        assert_no_values(response.text)
        assert all(set(error) == {"loc", "type", "msg"} for error in problem.get("errors", []))


def test_oversized_body_is_413_whether_declared_or_streamed(client: TestClient) -> None:
    big = json.dumps(body(tool_result("x" * (200 * 1024) + CARD))).encode()
    response = client.post("/v1/redact", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert_no_values(response.text)

    def chunks() -> Any:
        for start in range(0, len(big), 8192):
            yield big[start : start + 8192]

    streamed = client.post("/v1/inspect", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_unknown_routes_and_methods_are_problems(client: TestClient) -> None:
    assert client.get("/v1/ssn/536-22-8741").status_code == 404
    assert SSN not in client.get("/v1/ssn/536-22-8741").text
    assert client.get("/v1/redact").status_code == 405


def test_openapi_documents_the_request_body(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "InspectRequest" in schema["components"]["schemas"]
    assert "ContextBody" in schema["components"]["schemas"]
    request_body = schema["paths"]["/v1/redact"]["post"]["requestBody"]
    assert request_body["content"]["application/json"]["schema"]["$ref"].endswith("/InspectRequest")
    assert client.get("/docs").status_code == 200


def test_timeout_fails_closed(http_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A deadline no real inspection can meet: the answer is a blocked error, never the payload.
    monkeypatch.setattr(http_app, "DEADLINE_GRACE_S", 0.0)
    config = config_for(http_data_dir, inspection_timeout_s=1e-9)
    with TestClient(create_app(config, engine=shared_engine(http_data_dir))) as slow:
        response = slow.post("/v1/redact", json=body(tool_result(f"card {CARD} " * 200)))
    data = response.json()
    assert data["blocked"] is True
    assert data["error"]["code"] == FAILED_CODE
    assert data["summary"]["failure"] == "inspection_timeout"
    assert_no_values(response.text)


@pytest.mark.parametrize(("value", "depth"), [(1, 0), ([], 1), ({"a": [1]}, 2), ([[[[]]]], 4)])
def test_depth_of(value: Any, depth: int) -> None:
    assert depth_of(value, 100) == depth
