"""The whole pipeline on every MCP message type, through the real wiring, policy and operators."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from dlp.config import Config
from dlp.context import Direction, InspectContext
from dlp.engine import Engine
from dlp.entities import DataClass
from dlp.jsonrpc import BLOCKED_CODE, FAILED_CODE
from dlp.wiring import build_engine

POLICY = """\
name: pipeline-test
version: "7"
default_action: redact
min_score: 0.5
rules:
  - id: block-card-egress
    match: {data_classes: [PCI], direction: request}
    action: block
  - id: tombstone-secrets
    match: {data_classes: [SECRET]}
    action: tombstone
    scope: response
  - id: hash-phi
    match: {data_classes: [PHI]}
    action: hash
  - id: mask-cards
    match: {entities: [CREDIT_CARD]}
    action: mask
    keep_last: 4
"""

SSN = "536-22-8741"
EMAIL = "grace.hopper@example.org"
CARD = "4111 1111 1111 1111"
RESPONSE = InspectContext(direction=Direction.RESPONSE, tool="lookup", tenant="acme")
REQUEST = InspectContext(direction=Direction.REQUEST, tool="send_message", tenant="acme")


def make_engine(tmp_path: Path, policy: str = POLICY, **settings: Any) -> Engine:
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text(policy, encoding="utf-8")
    config = Config(policy_path=policy_file, data_dir=tmp_path / "data", ner_enabled=False, **settings)
    return build_engine(config)


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return make_engine(tmp_path_factory.mktemp("engine"))


def result(body: dict[str, Any], msg_id: Any = 41) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": msg_id, "result": body}


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_tool_result_text_and_structured_content_are_both_remediated(engine: Engine) -> None:
    record = {"name": "Grace", "email": EMAIL, "ssn": SSN, "plan": "gold", "ticket": "OPS-1234"}
    message = result(
        {
            "content": [{"type": "text", "text": f"Customer {EMAIL} has SSN {SSN}; ticket OPS-1234."}],
            "structuredContent": record,
            "extra": {"kept": True},
        },
        msg_id="req-9",
    )
    outcome = engine.inspect(message, RESPONSE)
    out = dumps(outcome.message)
    assert not outcome.blocked
    assert EMAIL not in out and SSN not in out
    assert "OPS-1234" in out and "gold" in out
    assert outcome.message["id"] == "req-9"
    assert outcome.message["result"]["extra"] == {"kept": True}
    assert "[US_SSN]" in outcome.message["result"]["content"][0]["text"]
    paths = {f.path for f in outcome.findings}
    assert "$.result.structuredContent.ssn" in paths
    assert "$.result.content[0].text" in paths


def test_a_value_found_once_is_remediated_everywhere_in_the_message(engine: Engine) -> None:
    # The bare digits are an SSN only because of the field name; the text copy has no context.
    message = result(
        {
            "content": [{"type": "text", "text": "Record 536228741 updated"}],
            "structuredContent": {"ssn": "536228741"},
        }
    )
    outcome = engine.inspect(message, RESPONSE)
    assert "536228741" not in dumps(outcome.message)


def test_json_inside_text_keeps_its_shape(engine: Engine) -> None:
    text = json.dumps({"users": [{"email": EMAIL, "role": "admin"}]}, indent=2)
    outcome = engine.inspect(result({"content": [{"type": "text", "text": text}]}), RESPONSE)
    rewritten = json.loads(outcome.message["result"]["content"][0]["text"])
    assert rewritten["users"][0]["role"] == "admin"
    assert rewritten["users"][0]["email"] == "[EMAIL_ADDRESS]"
    assert any(f.path.endswith("<json>.users[0].email") for f in outcome.findings)


def test_resources_prompts_sampling_and_notifications(engine: Engine) -> None:
    blob = base64.b64encode(f"contact {EMAIL}".encode()).decode()
    messages = [
        result(
            {
                "contents": [
                    {"uri": "file:///notes.txt", "mimeType": "text/plain", "text": f"SSN {SSN}"},
                    {"uri": "file:///b.txt", "mimeType": "text/plain", "blob": blob},
                ]
            }
        ),
        result({"messages": [{"role": "user", "content": {"type": "text", "text": f"Email {EMAIL}"}}]}),
        {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "sampling/createMessage",
            "params": {
                "messages": [{"role": "user", "content": {"type": "text", "text": f"SSN {SSN}"}}],
                "systemPrompt": f"Reply to {EMAIL}",
                "maxTokens": 100,
            },
        },
        {
            "jsonrpc": "2.0",
            "method": "notifications/message",
            "params": {"level": "info", "data": f"sent to {EMAIL}"},
        },
        {
            "jsonrpc": "2.0",
            "method": "notifications/progress",
            "params": {"progressToken": 5, "progress": 1, "message": f"processing {SSN}"},
        },
    ]
    for message in messages:
        outcome = engine.inspect(message, RESPONSE)
        out = dumps(outcome.message)
        assert SSN not in out and EMAIL not in out, message
        assert base64.b64encode(f"contact {EMAIL}".encode()).decode() not in out
        assert outcome.findings, message
    progress = engine.inspect(messages[-1], RESPONSE).message
    assert progress["params"]["progressToken"] == 5


def test_egress_of_card_data_is_blocked_with_the_request_id(engine: Engine) -> None:
    message = {
        "jsonrpc": "2.0",
        "id": 77,
        "method": "tools/call",
        "params": {"name": "send_message", "arguments": {"channel": "#general", "text": f"card {CARD}"}},
    }
    outcome = engine.inspect(message, REQUEST)
    assert outcome.blocked
    assert outcome.message["id"] == 77
    assert outcome.message["error"]["code"] == BLOCKED_CODE
    assert outcome.message["error"]["data"]["rule"] == "block-card-egress"
    assert CARD not in dumps(outcome.message)


def test_cards_in_results_are_masked_even_as_json_numbers(engine: Engine) -> None:
    message = result({"structuredContent": {"card": 4111111111111111, "count": 3}})
    outcome = engine.inspect(message, RESPONSE)
    masked = outcome.message["result"]["structuredContent"]["card"]
    assert isinstance(masked, str) and masked.endswith("1111") and "4111111111111111" not in masked
    assert outcome.message["result"]["structuredContent"]["count"] == 3


def test_secret_tombstones_the_whole_response(engine: Engine) -> None:
    key = (
        "-----BEGIN RSA PRIVATE KEY-----\n"
        "MIIEowIBAAKCAQEA7x1k2JcVbQ+fake+but+long+enough+body0123456789abcdef\n"
        "-----END RSA PRIVATE KEY-----"
    )
    outcome = engine.inspect(
        result(
            {"content": [{"type": "text", "text": f"deploy key:\n{key}"}], "structuredContent": {"k": "v"}}
        ),
        RESPONSE,
    )
    assert outcome.tombstoned
    content = outcome.message["result"]["content"]
    assert len(content) == 1 and "tombstone-secrets" in content[0]["text"]
    assert outcome.message["result"]["isError"] is True
    assert "MIIEowIBAAKCAQEA" not in dumps(outcome.message)


def test_health_context_raises_pii_to_phi(engine: Engine) -> None:
    text = f"Patient {EMAIL} was diagnosed with type 2 diabetes (E11.9) and prescribed metformin 500 mg."
    outcome = engine.inspect(result({"content": [{"type": "text", "text": text}]}), RESPONSE)
    email = next(f for f in outcome.findings if f.entity == "EMAIL_ADDRESS")
    assert email.data_class is DataClass.PHI
    rewritten = outcome.message["result"]["content"][0]["text"]
    assert EMAIL not in rewritten and "[EMAIL_ADDRESS:h_" in rewritten


def test_fingerprints_correlate_within_a_tenant_only(engine: Engine) -> None:
    message = result({"content": [{"type": "text", "text": f"{EMAIL} and again {EMAIL}"}]})
    acme = engine.inspect(message, RESPONSE)
    other = engine.inspect(message, InspectContext(tenant="globex"))
    assert len(set(acme.fingerprints)) == 1 and acme.fingerprints[0]
    assert acme.fingerprints[0] != other.fingerprints[0]
    assert EMAIL not in dumps(acme.summary())


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (
            b'{"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "text", "text": "\xff\xfe"}]}}',
            "malformed_message",
        ),
        (b"{not json", "malformed_message"),
        (b'{"id": 1, "result": {}}', "malformed_message"),
        (b"[1, 2]", "malformed_message"),
        (("[" * 5000 + "]" * 5000).encode(), "payload_too_deep"),
    ],
)
def test_bad_input_fails_closed_with_a_reason(engine: Engine, raw: bytes, reason: str) -> None:
    outcome = engine.inspect(raw, RESPONSE)
    assert outcome.blocked
    assert outcome.failure == reason
    assert outcome.findings == ()


def test_depth_limit_counts_embedded_json(tmp_path: Path) -> None:
    engine = make_engine(tmp_path, max_depth=8)
    nested: Any = {"ssn": SSN}
    for _ in range(10):
        nested = {"n": nested}
    outcome = engine.inspect(result({"content": [{"type": "text", "text": json.dumps(nested)}]}), RESPONSE)
    assert outcome.blocked and outcome.failure == "payload_too_deep"
    assert outcome.message["error"]["code"] == FAILED_CODE
    assert SSN not in dumps(outcome.message)


def test_oversized_payload_fails_closed(tmp_path: Path) -> None:
    engine = make_engine(tmp_path, max_payload_bytes=1024)
    outcome = engine.inspect(result({"content": [{"type": "text", "text": "x" * 2048}]}), RESPONSE)
    assert outcome.blocked and outcome.failure == "payload_too_large"
    assert outcome.message["id"] == 41


def test_timeout_fails_closed_and_on_error_tombstone_is_honoured(tmp_path: Path) -> None:
    engine = make_engine(
        tmp_path,
        policy=POLICY.replace("min_score: 0.5", "min_score: 0.5\non_error: tombstone"),
        inspection_timeout_s=1e-9,
    )
    outcome = engine.inspect(result({"content": [{"type": "text", "text": f"SSN {SSN}"}]}), RESPONSE)
    assert outcome.tombstoned and outcome.failure == "inspection_failed"
    assert SSN not in dumps(outcome.message)
    # A request going out cannot be tombstoned: the tool would act on a notice.
    request = {
        "jsonrpc": "2.0",
        "id": 2,
        "method": "tools/call",
        "params": {"name": "x", "arguments": {"a": SSN}},
    }
    assert engine.inspect(request, REQUEST).blocked


def test_clean_message_passes_through_unchanged(engine: Engine) -> None:
    message = result(
        {
            "content": [{"type": "text", "text": "Build 1.4.2 passed in 93 s on runner 7."}],
            "structuredContent": {"status": "ok", "durationMs": 93000},
            "_meta": {"x": 1},
        }
    )
    outcome = engine.inspect(json.dumps(message), RESPONSE)
    assert outcome.message == message
    assert outcome.findings == ()


def test_the_fingerprint_key_stays_out_of_reprs(tmp_path: Path) -> None:

    engine = build_engine(Config(data_dir=tmp_path, ner_enabled=False))
    key = engine._parts.fingerprint_key
    assert len(key) >= 16
    for text in (repr(engine._parts), repr(engine._detection)):
        assert key.hex() not in text and repr(key) not in text
