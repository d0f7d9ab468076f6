"""Tools per role and the kill switch through the HTTP gateway, on both protocol families."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Mount

from dlp.auth.killswitch import KillSwitch
from dlp.config import Config
from dlp.connectors.gateway import Gateway, Identity, create_gateway_app
from dlp.connectors.gateway_config import GatewayConfig
from dlp.jsonrpc import BLOCKED_CODE
from dlp.policy import default_policy_text
from tests.connectors.live import serve
from tests.connectors.modern_gateway import MODERN_SERVER, modern_post, process_running, rpc
from tests.connectors.test_gateway_http import ACCEPT, INIT

ACCESS = """
tool_access:
  - id: everyone
    tools: [whoami]
  - id: finance
    roles: [finance]
    tools: [billing_*]
"""


def _identify_as(role: str | None) -> Identity:
    return Identity(user=f"u-{role}", roles=(role,) if role else (), tenant="acme")


def _identify(request: Request) -> Identity:
    # Stands in for authentication: the caller names its role.
    return _identify_as(request.headers.get("x-test-role"))


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Config, Gateway]]:
    folder = tmp_path_factory.mktemp("access-gw")
    policy = folder / "policy.yaml"
    policy.write_text(default_policy_text() + ACCESS, encoding="utf-8")
    config = Config(data_dir=folder, ner_enabled=False, audit_enabled=False, policy_path=policy)
    fake = [sys.executable, str(Path(__file__).with_name("fake_server.py"))]
    upstreams = {"modern": {"command": [*MODERN_SERVER, "stdio"]}, "legacy": {"command": fake}}
    app = create_gateway_app(
        config, GatewayConfig.model_validate({"upstreams": upstreams}), environ=dict(os.environ),
        identify=_identify,
    )  # fmt: skip
    with serve(Starlette(routes=[Mount("/mcp", app=app)])) as url:
        yield f"{url}/mcp/modern", config, app.state.gateway
    anyio.run(app.state.gateway.close)


def _tools(url: str, role: str) -> set[str]:
    answer = rpc(modern_post(url, "tools/list", user=role, headers={"X-Test-Role": role}))
    return {tool["name"] for tool in answer["result"]["tools"]}


def test_each_role_sees_only_its_tools(gateway: tuple[str, Config, Gateway]) -> None:
    url, _config, _gateway = gateway
    assert _tools(url, "support") == {"whoami"}
    assert _tools(url, "finance") == {"whoami", "billing_config"}


def test_a_hidden_tool_is_refused_by_the_gateway(gateway: tuple[str, Config, Gateway]) -> None:
    url, _config, _gateway = gateway
    headers = {"X-Test-Role": "support"}
    refused = rpc(
        modern_post(url, "tools/call", {"name": "billing_config", "arguments": {}}, headers=headers)
    )
    assert refused["error"]["code"] == BLOCKED_CODE and refused["error"]["data"] == {"rule": "tool-access"}
    allowed = rpc(modern_post(url, "tools/call", {"name": "whoami", "arguments": {}}, headers=headers))
    assert "result" in allowed


def test_the_kill_switch_stops_and_revokes_live_gateway_connections(
    gateway: tuple[str, Config, Gateway],
) -> None:
    url, config, served = gateway
    headers = {"X-Test-Role": "finance"}
    call = {"name": "whoami", "arguments": {}}
    assert "result" in rpc(modern_post(url, "tools/call", call, headers=headers))
    pooled = served.pool.peek("modern", _identify_as("finance"))
    pid = pooled.pid if pooled is not None else None
    assert pid is not None
    legacy_url = url.replace("/modern", "/legacy")
    with httpx.Client(timeout=60) as client:
        started = client.post(legacy_url, json=INIT, headers={**ACCEPT, "X-Test-Role": "finance"})
        session = {**ACCEPT, "X-Test-Role": "finance", "Mcp-Session-Id": started.headers["mcp-session-id"]}
        ping = {"jsonrpc": "2.0", "id": 2, "method": "ping"}
        assert client.post(legacy_url, json=ping, headers=session).status_code == 200
        switch = KillSwitch(config.resolved_database_url)
        switch.set(True, "test")
        try:
            # The gateway reads the switch at most two seconds late, then refuses and revokes.
            deadline = time.monotonic() + 10

            def revoked() -> bool:
                gone = client.post(legacy_url, json=ping, headers=session).status_code == 404
                return gone and not process_running(pid)

            while not revoked() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert revoked(), "the session and the pooled upstream were ended"
            answer = rpc(modern_post(url, "tools/call", call, headers=headers))
            assert answer["error"]["code"] == BLOCKED_CODE
            assert answer["error"]["data"] == {"rule": "kill-switch"}
        finally:
            switch.set(False, "test")
            switch.close()
