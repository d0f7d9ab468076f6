"""Stateless mode against a real SDK server (stdio and remote): MRTR, structured results, progress,
the pooled upstream processes (shared per caller, replaced when they exit, reaped when idle), and
the handshake-era session that ends when its upstream exits.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import mcp_types as types
import pytest

from tests.connectors.live import ROOT, dump
from tests.connectors.modern_gateway import (
    ACCEPT,
    ENVELOPE,
    MODERN_SERVER,
    Running,
    client_as,
    identify_as,
    modern_post,
    process_running,
    remote_modern_server,
    rpc,
    running_gateway,
)
from tests.connectors.planted import EMAIL, STRIPE_KEY
from tests.connectors.test_gateway_http import INIT

pytestmark = pytest.mark.timeout(180)
FAKE = [sys.executable, str(Path(__file__).with_name("fake_server.py"))]


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    with remote_modern_server() as remote:
        upstreams = {
            "modern": {"command": [*MODERN_SERVER, "stdio"], "cwd": str(ROOT)},
            "remote": {"url": remote},
            "fake": {"command": FAKE},
        }
        with running_gateway(upstreams, tmp_path_factory.mktemp("gw"), sse_keepalive_s=1.0) as served:
            yield served


def text_of(result: types.CallToolResult) -> str:
    block = result.content[0]
    assert isinstance(block, types.TextContent)
    return block.text


@pytest.mark.parametrize("upstream", ["modern", "remote"])
def test_structured_results_progress_and_input_required_are_inspected(
    running: Running, upstream: str
) -> None:
    asked: list[str] = []
    reports: list[str] = []

    async def elicit(_context: Any, params: types.ElicitRequestParams) -> types.ElicitResult:
        asked.append(params.model_dump_json())
        return types.ElicitResult(action="accept", content={"ok": True})

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        reports.append(message or "")

    async def session() -> tuple[str, types.CallToolResult, types.CallToolResult, types.CallToolResult]:
        async with client_as(f"{running.url}/{upstream}", "alice", elicitation_callback=elicit) as client:
            config = await client.call_tool("billing_config", {})
            export = await client.call_tool("confirm_export", {"account": "acme"})
            counted = await client.call_tool("count", {"steps": 3}, progress_callback=on_progress)
            return client.protocol_version, config, export, counted

    version, config, export, counted = anyio.run(session)
    assert version == "2026-07-28"
    assert config.structured_content == {"service": "billing", "api_key": "[SECRET]", "timeout_seconds": 30}
    assert STRIPE_KEY not in dump(config)
    # The upstream only completes the export when its requestState came back byte for byte.
    assert text_of(export) == "export of acme: accept"
    assert len(asked) == 1 and EMAIL not in asked[0] and "[EMAIL_ADDRESS:" in asked[0]
    assert "Export every record of acme" in asked[0]
    assert text_of(counted) == "counted to 3"
    assert len(reports) == 3 and all("[EMAIL_ADDRESS:" in m and EMAIL not in m for m in reports)


def test_request_state_is_sealed_for_its_caller_and_tool(running: Running) -> None:
    url = f"{running.url}/modern"
    first = modern_post(url, "tools/call", {"name": "confirm_export", "arguments": {"account": "acme"}})
    assert first.status_code == 200 and STRIPE_KEY not in first.text
    result = rpc(first)["result"]
    assert result["resultType"] == "input_required"
    token = result["requestState"]
    assert token.startswith("dlp1.") and "round-2" not in token
    retry = {
        "name": "confirm_export",
        "arguments": {"account": "acme"},
        "inputResponses": {"confirm": {"action": "decline"}},
        "requestState": token,
    }
    tampered = {**retry, "requestState": token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")}
    elsewhere = {**retry, "name": "count", "arguments": {"steps": 1}}
    for params, user in ((retry, "mallory"), (tampered, "alice"), (elsewhere, "alice")):
        refused = modern_post(url, "tools/call", params, user=user, msg_id=2)
        assert refused.status_code == 400 and rpc(refused)["error"]["code"] == -32602
    done = modern_post(url, "tools/call", retry, msg_id=3)
    assert done.status_code == 200, done.text
    assert rpc(done)["result"]["content"][0]["text"] == "export of acme: decline"
    assert rpc(done)["id"] == 3


def test_a_slow_answer_is_streamed_with_keepalives(running: Running) -> None:
    url = f"{running.url}/modern"
    slow = modern_post(url, "tools/call", {"name": "nap", "arguments": {"seconds": 2.0}}, msg_id="slow")
    assert slow.status_code == 200 and slow.headers["content-type"].startswith("text/event-stream")
    assert ": ping" in slow.text
    data = [line[5:].strip() for line in slow.text.splitlines() if line.startswith("data:")]
    assert len(data) == 1 and json.loads(data[0])["id"] == "slow"
    assert json.loads(data[0])["result"]["content"][0]["text"] == "slept 2 s"


def _pid(url: str, user: str) -> int:
    response = modern_post(url, "tools/call", {"name": "whoami", "arguments": {}}, user=user)
    assert response.status_code == 200, response.text
    return int(rpc(response)["result"]["content"][0]["text"])


def test_a_caller_shares_one_process_and_callers_do_not(running: Running) -> None:
    url = f"{running.url}/modern"
    first, again, other = _pid(url, "carol"), _pid(url, "carol"), _pid(url, "dave")
    assert first == again and first != other
    assert process_running(first) and process_running(other)
    # The live connection is found without a worker thread; nobody else's, and none for a stranger.
    pool = running.gateway.pool
    carol = pool.ready("modern", identify_as("carol"))
    assert carol is not None and carol is pool.peek("modern", identify_as("carol")) and carol.pid == first
    assert pool.ready("modern", identify_as("nobody")) is None


def test_a_connection_whose_process_exits_is_replaced(running: Running) -> None:
    url = f"{running.url}/modern"
    before = _pid(url, "erin")
    died = modern_post(url, "tools/call", {"name": "exit_now", "arguments": {}}, user="erin")
    assert died.status_code == 200 and "exited with status 3" in rpc(died)["error"]["message"]
    after = _pid(url, "erin")
    assert after != before and process_running(after) and not process_running(before)


def test_closing_a_listen_stream_cancels_it_upstream(running: Running) -> None:
    url = f"{running.url}/modern"
    pid = _pid(url, "frank")
    channel = running.gateway.pool.peek("modern", identify_as("frank"))
    assert channel is not None and channel.waiting == 0
    body = {
        "jsonrpc": "2.0",
        "id": "listen-1",
        "method": "subscriptions/listen",
        "params": {"_meta": ENVELOPE, "notifications": {"toolsListChanged": True}},
    }
    headers = {
        "Accept": ACCEPT,
        "MCP-Protocol-Version": "2026-07-28",
        "Mcp-Method": "subscriptions/listen",
        "X-Test-User": "frank",
    }
    with httpx.stream("POST", url, json=body, headers=headers, timeout=30) as stream:
        assert stream.status_code == 200 and stream.headers["content-type"].startswith("text/event-stream")
        # Held: a line iterator dropped mid-stream closes the connection, which cancels the listen.
        lines = stream.iter_lines()
        acknowledged = next(line for line in lines if line.startswith("data:"))
        # The upstream tagged it with the gateway's id on its connection; the client sees its own.
        assert '"io.modelcontextprotocol/subscriptionId":"listen-1"' in acknowledged
        assert channel.waiting == 1
    deadline = time.monotonic() + 10
    while channel.waiting and time.monotonic() < deadline:
        time.sleep(0.02)  # bounded poll: the cancel runs on a gateway thread
    assert channel.waiting == 0 and not channel.busy
    assert _pid(url, "frank") == pid  # the process serves on


def test_idle_connections_are_reaped(tmp_path: Path) -> None:
    upstreams = {"modern": {"command": [*MODERN_SERVER, "stdio"], "cwd": str(ROOT)}}
    with running_gateway(upstreams, tmp_path, session_idle_timeout_s=0.5) as served:
        pid = _pid(f"{served.url}/modern", "gina")
        deadline = time.monotonic() + 15
        while served.gateway.pool.connections() and time.monotonic() < deadline:
            time.sleep(0.05)  # bounded poll for the reaper thread
        assert served.gateway.pool.connections() == 0
        while process_running(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not process_running(pid)


def test_a_session_ends_when_its_upstream_exits(running: Running) -> None:
    init = INIT
    headers = {"Accept": "application/json", "X-Test-User": "hank"}
    with httpx.Client(timeout=60) as client:
        started = client.post(f"{running.url}/fake", json=init, headers=headers)
        session = {**headers, "Mcp-Session-Id": started.headers["mcp-session-id"]}
        crash = {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {"name": "crash", "arguments": {}},
        }
        crashed = client.post(f"{running.url}/fake", json=crash, headers=session)
        assert "exited with status 3" in rpc(crashed)["error"]["message"]
        ping = {"jsonrpc": "2.0", "id": 3, "method": "ping"}
        deadline = time.monotonic() + 10
        while (status := client.post(f"{running.url}/fake", json=ping, headers=session).status_code) != 404:
            assert status == 200 and time.monotonic() < deadline
        assert (
            client.get(f"{running.url}/fake", headers={**session, "Accept": "text/event-stream"}).status_code
            == 404
        )


def test_an_upstream_that_dies_at_start_is_unavailable_not_legacy(tmp_path: Path) -> None:
    # The process exits before it answers the protocol probe: the client must hear "unavailable"
    # (not "speaks only the handshake versions"), and nothing is remembered about the upstream.
    upstreams = {"dead": {"command": [sys.executable, "-c", "raise SystemExit(3)"]}}
    with running_gateway(upstreams, tmp_path) as served:
        answer = modern_post(f"{served.url}/dead", "tools/list")
        assert answer.status_code == 502 and rpc(answer)["error"]["code"] == -32002
        assert served.gateway.pool.speaks_modern("dead") is None
