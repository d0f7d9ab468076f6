"""The transport-independent router, with a real engine and no processes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dlp.config import Config
from dlp.connectors.router import PARSE_ERROR, Router, Side
from dlp.context import InspectContext
from dlp.engine import Engine
from dlp.jsonrpc import BLOCKED_CODE, FAILED_CODE
from dlp.wiring import build_engine
from tests.connectors.planted import CARD, CARD_MASKED, SSN


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("router")
    return build_engine(Config(data_dir=folder, ner_enabled=False, audit_enabled=False))


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _raw(message: dict[str, Any]) -> bytes:
    return json.dumps(message).encode()


def _call(msg_id: Any, tool: str = "t", arguments: dict[str, Any] | None = None) -> bytes:
    params = {"name": tool, "arguments": arguments or {}}
    return _raw({"jsonrpc": "2.0", "id": msg_id, "method": "tools/call", "params": params})


def _text_result(msg_id: Any, text: str) -> bytes:
    return _raw({"jsonrpc": "2.0", "id": msg_id, "result": {"content": [{"type": "text", "text": text}]}})


def test_an_untouched_message_is_forwarded_as_its_original_bytes(engine: Engine) -> None:
    router = Router(engine, InspectContext())
    raw = b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"t","arguments":{"n":1.50}}}'
    [delivery] = router.from_client(raw)
    assert delivery.to is Side.UPSTREAM and delivery.data == raw


def test_results_are_correlated_with_their_tool(engine: Engine) -> None:
    seen: list[InspectContext] = []
    router = Router(engine, InspectContext(), record=lambda _o, ctx, _n: seen.append(ctx))
    router.from_client(_call(7, "lookup_customer"))
    [delivery] = router.from_upstream(_text_result(7, f"SSN {SSN}"))
    assert SSN not in delivery.data.decode() and delivery.to is Side.CLIENT
    assert seen[-1].tool == "lookup_customer" and seen[-1].method == "tools/call"
    assert seen[-1].direction.value == "response"


@pytest.mark.parametrize(("first", "second"), [(1, "1"), ("a", "A"), (0, False)])
def test_ids_of_different_types_are_different_requests(engine: Engine, first: Any, second: Any) -> None:
    router = Router(engine, InspectContext())
    router.from_client(_call(first, "one"))
    router.from_client(_call(second, "two"))
    assert router.waiting == 2
    router.from_upstream(_text_result(first, "ok"))
    assert router.waiting == 1


def test_egress_card_number_is_masked_before_the_server(engine: Engine) -> None:
    router = Router(engine, InspectContext())
    [delivery] = router.from_client(_call(1, "refund", {"card": CARD}))
    assert delivery.to is Side.UPSTREAM
    sent = json.loads(delivery.data)
    assert sent["params"]["arguments"]["card"] == CARD_MASKED


def test_a_blocked_request_is_answered_to_the_sender_and_never_sent(tmp_path: Path) -> None:
    policy_path = tmp_path / "p.yaml"
    policy_path.write_text(
        "name: strict\nrules:\n  - id: no-cards-out\n"
        "    match: {direction: request, entities: [CREDIT_CARD]}\n    action: block\n",
        encoding="utf-8",
    )
    engine = build_engine(
        Config(policy_path=policy_path, data_dir=tmp_path, ner_enabled=False, audit_enabled=False)
    )
    router = Router(engine, InspectContext())
    [delivery] = router.from_client(_call(3, "refund", {"card": CARD}))
    assert delivery.to is Side.CLIENT
    error = json.loads(delivery.data)
    assert error["id"] == 3 and error["error"]["code"] == BLOCKED_CODE
    assert router.waiting == 0
    # A notification with the same content is dropped, not answered.
    note = _raw({"jsonrpc": "2.0", "method": "notifications/message", "params": {"card": CARD}})
    assert router.from_client(note) == []


def test_timeouts_and_exits_answer_with_the_original_ids(engine: Engine) -> None:
    clock = Clock()
    router = Router(engine, InspectContext(), clock=clock)
    router.from_client(_call("req-1"))
    clock.now = 5.0
    router.from_client(_call(2))
    [late] = router.expire(timeout_s=3.0)
    answer = json.loads(late.data)
    assert answer["id"] == "req-1" and answer["error"]["code"] == FAILED_CODE
    [gone] = router.upstream_gone("exited with status 1")
    assert json.loads(gone.data)["id"] == 2
    assert router.waiting == 0


def test_a_cancelled_request_is_not_answered_later(engine: Engine) -> None:
    clock = Clock()
    router = Router(engine, InspectContext(), clock=clock)
    router.from_client(_call(9))
    cancel = _raw({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 9}})
    [forwarded] = router.from_client(cancel)
    assert forwarded.to is Side.UPSTREAM
    clock.now = 100.0
    assert router.expire(timeout_s=1.0) == []


def test_garbage_from_the_client_gets_a_parse_error(engine: Engine) -> None:
    router = Router(engine, InspectContext())
    [delivery] = router.from_client(b"{not json")
    assert delivery.to is Side.CLIENT and json.loads(delivery.data)["error"]["code"] == PARSE_ERROR


def test_server_requests_are_correlated_with_the_clients_answers(engine: Engine) -> None:
    seen: list[InspectContext] = []
    router = Router(engine, InspectContext(), record=lambda _o, ctx, _n: seen.append(ctx))
    sampling = {"jsonrpc": "2.0", "id": "s1", "method": "sampling/createMessage", "params": {"messages": []}}
    [asked] = router.from_upstream(_raw(sampling))
    assert asked.to is Side.CLIENT
    answer = {
        "jsonrpc": "2.0",
        "id": "s1",
        "result": {"role": "assistant", "content": {"type": "text", "text": SSN}},
    }
    [replied] = router.from_client(_raw(answer))
    assert replied.to is Side.UPSTREAM and SSN not in replied.data.decode()
    assert seen[-1].method == "sampling/createMessage" and seen[-1].direction.value == "request"
