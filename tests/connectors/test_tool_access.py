"""Tools per role: hidden from tools/list and refused on tools/call, by the router and end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mcp import MCPError

from dlp.config import Config
from dlp.connectors.router import Router, Side
from dlp.context import InspectContext
from dlp.engine import Engine
from dlp.jsonrpc import BLOCKED_CODE
from dlp.policy import default_policy_text, load_policy_text
from dlp.wiring import build_engine
from tests.connectors.live import direct_params, live_session, node_server, wrap_params

ACCESS = """
tool_access:
  - id: everyone-reads
    tools: [get_*, echo]
  - id: billing-writes
    roles: [billing]
    connectors: [stripe]
    tools: [refund]
  - id: admins
    roles: [admin*]
    tools: ["*"]
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    policy = load_policy_text(default_policy_text() + ACCESS, source="test")
    config = Config(data_dir=tmp_path_factory.mktemp("access"), ner_enabled=False, audit_enabled=False)
    return build_engine(config, policy=policy)


def _raw(message: dict[str, Any]) -> bytes:
    return json.dumps(message).encode()


def _tools_list(router: Router, names: list[str]) -> list[str]:
    router.from_client(_raw({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}))
    tools = [{"name": n, "inputSchema": {"type": "object"}} for n in names]
    [delivery] = router.from_upstream(_raw({"jsonrpc": "2.0", "id": 1, "result": {"tools": tools}}))
    assert delivery.to is Side.CLIENT
    return [t["name"] for t in json.loads(delivery.data)["result"]["tools"]]


ALL = ["get_invoice", "echo", "refund", "delete_customer"]


@pytest.mark.parametrize(
    ("roles", "connector", "visible"),
    [
        ((), None, ["get_invoice", "echo"]),
        (("billing",), None, ["get_invoice", "echo"]),
        (("billing",), "stripe", ["get_invoice", "echo", "refund"]),
        (("support", "admin-eu"), None, ALL),
    ],
)
def test_tools_list_shows_only_granted_tools(
    engine: Engine, roles: tuple[str, ...], connector: str | None, visible: list[str]
) -> None:
    router = Router(engine, InspectContext(roles=roles, connector=connector))
    assert _tools_list(router, ALL) == visible


def test_a_hidden_tool_is_refused_and_never_reaches_the_server(engine: Engine) -> None:
    recorded: list[tuple[Any, InspectContext]] = []
    router = Router(
        engine, InspectContext(roles=("billing",)), record=lambda o, c, _n: recorded.append((o, c))
    )
    call = {"jsonrpc": "2.0", "id": "r1", "method": "tools/call", "params": {"name": "delete_customer"}}
    [delivery] = router.from_client(_raw(call))
    assert delivery.to is Side.CLIENT
    error = json.loads(delivery.data)
    assert error["id"] == "r1" and error["error"]["code"] == BLOCKED_CODE
    assert error["error"]["data"] == {"rule": "tool-access"}
    assert router.waiting == 0, "a refused request leaves nothing waiting"
    outcome, context = recorded[-1]
    assert outcome.blocked and outcome.summary()["rules"] == ["tool-access"]
    assert context.tool == "delete_customer"


def test_a_granted_call_goes_on_unchanged(engine: Engine) -> None:
    router = Router(engine, InspectContext())
    raw = b'{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"m":"hi"}}}'
    assert router.from_client(raw)[0].data == raw


def test_a_policy_without_tool_access_hides_nothing(tmp_path: Path) -> None:
    engine = build_engine(Config(data_dir=tmp_path, ner_enabled=False, audit_enabled=False))
    assert _tools_list(Router(engine, InspectContext()), ALL) == ALL


def test_the_kill_switch_stops_both_directions(engine: Engine) -> None:
    engaged = [False]
    router = Router(engine, InspectContext(), halted=lambda: engaged[0])
    router.from_client(_raw({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "echo"}}))
    engaged[0] = True
    # The answer to a request sent before the switch went on is withheld and replaced by an error.
    result = {"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "text", "text": "late"}]}}
    [late] = router.from_upstream(_raw(result))
    assert late.to is Side.CLIENT and b"late" not in late.data
    assert json.loads(late.data)["error"]["data"] == {"rule": "kill-switch"}
    [refused] = router.from_client(_raw({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}))
    assert refused.to is Side.CLIENT and json.loads(refused.data)["error"]["code"] == BLOCKED_CODE
    progress = {"jsonrpc": "2.0", "method": "notifications/progress", "params": {"progressToken": 1}}
    assert router.from_upstream(_raw(progress)) == []
    engaged[0] = False
    assert (
        router.from_client(_raw({"jsonrpc": "2.0", "id": 3, "method": "tools/list"}))[0].to is Side.UPSTREAM
    )


def test_reserved_rule_ids_and_duplicate_grants_are_errors() -> None:
    from dlp.errors import PolicyError  # noqa: PLC0415

    text = default_policy_text() + ACCESS + "  - id: admins\n    tools: [x]\n"
    with pytest.raises(PolicyError) as duplicate:
        load_policy_text(text, source="p.yaml")
    assert "tool_access[3].id" in str(duplicate.value) and "duplicate" in str(duplicate.value)


# -- end to end: the real wrapper in front of the real server-everything ------------------------


def _names(tools: Any) -> set[str]:
    return {t.name for t in tools.tools}


def test_wrapped_server_everything_hides_and_refuses_per_role(tmp_path: Path) -> None:
    server = [node_server("mcp-server-everything")]
    with live_session(direct_params(server)) as live:
        every_tool = _names(live.call(live.session.list_tools))
    assert "echo" in every_tool and len(every_tool) > 3
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        default_policy_text()
        + "tool_access:\n  - id: readers\n    tools: [echo]\n"
        + "  - id: ops\n    roles: [ops]\n    tools: ['*']\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    env = {"DLP_POLICY": str(policy)}
    with live_session(wrap_params(server, data, env=env)) as live:
        assert _names(live.call(live.session.list_tools)) == {"echo"}
        echoed = live.call(live.session.call_tool, "echo", {"message": "still works"})
        assert "still works" in json.dumps(echoed.model_dump(mode="json"))
        hidden = sorted(every_tool - {"echo"})[0]
        with pytest.raises(MCPError) as refused:
            live.call(live.session.call_tool, hidden, {})
        assert refused.value.error.code == BLOCKED_CODE
    with live_session(wrap_params(server, data, env=env, wrap_args=("--role", "ops"))) as live:
        assert _names(live.call(live.session.list_tools)) == every_tool
    events = [json.loads(line) for line in (data / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    refusals = [e for e in events if "tool-access" in e.get("rules", [])]
    assert len(refusals) == 1 and refusals[0]["target"]["tool"] == hidden
