"""The MCP gateway behind authentication: 401 + resource metadata, identity per session, no token upstream."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from dlp.cli.misc import _with_gateway
from tests.connectors.live import serve
from tests.security.conftest import auth_config, make_keys

EMAIL = "ada.lovelace@example.org"
PROTOCOL = "2025-06-18"


class RecordingUpstream:
    """A minimal Streamable HTTP MCP server that remembers every request's headers."""

    def __init__(self) -> None:
        self.headers: list[dict[str, str]] = []

    async def handle(self, request: Request) -> Response:
        self.headers.append(dict(request.headers))
        message: dict[str, Any] = await request.json()
        if "id" not in message:
            return Response(status_code=202)
        method = message.get("method")
        result: dict[str, Any] = {}
        if method == "initialize":
            result = {
                "protocolVersion": PROTOCOL,
                "capabilities": {"tools": {}},
                "serverInfo": {"name": "rec", "version": "1"},
            }
        elif method == "tools/call":
            result = {"content": [{"type": "text", "text": f"write to {EMAIL}"}]}
        body = {"jsonrpc": "2.0", "id": message["id"], "result": result}
        return JSONResponse(body, headers={"Mcp-Session-Id": "upstream-session-1"})


@pytest.fixture(scope="module")
def upstream() -> Iterator[tuple[RecordingUpstream, str]]:
    recorder = RecordingUpstream()
    with serve(Starlette(routes=[Route("/mcp", recorder.handle, methods=["POST", "GET", "DELETE"])])) as base:
        yield recorder, f"{base}/mcp"


@pytest.fixture(scope="module")
def gateway(
    upstream: tuple[RecordingUpstream, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("gw-auth")
    config_file = folder / "gateway.yaml"
    config_file.write_text(yaml.safe_dump({"upstreams": {"rec": {"url": upstream[1]}}}), encoding="utf-8")
    config = auth_config(folder, gateway_config_path=config_file, audit_enabled=False)
    keys = make_keys(config)
    with TestClient(_with_gateway(config), raise_server_exceptions=False) as client:
        yield client, keys


def _initialize(client: TestClient, key: str) -> Any:
    body = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": PROTOCOL,
            "capabilities": {},
            "clientInfo": {"name": "t", "version": "1"},
        },
    }
    headers = {"Authorization": f"Bearer {key}", "Accept": "application/json, text/event-stream"}
    return client.post("/mcp/rec", json=body, headers=headers)


def test_unauthenticated_mcp_requests_get_the_resource_metadata(
    gateway: tuple[TestClient, dict[str, str]],
) -> None:
    client, _ = gateway
    response = client.post("/mcp/rec", json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
    assert response.status_code == 401
    assert (
        'resource_metadata="http://testserver/.well-known/oauth-protected-resource/mcp"'
        in response.headers["www-authenticate"]
    )


def test_sessions_belong_to_the_caller_and_the_token_stays_here(
    gateway: tuple[TestClient, dict[str, str]], upstream: tuple[RecordingUpstream, str]
) -> None:
    client, keys = gateway
    recorder, _ = upstream
    response = _initialize(client, keys["acme_analyst"])
    assert response.status_code == 200, response.text
    session = response.headers["mcp-session-id"]
    call = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "read", "arguments": {}}}
    mine = {
        "Authorization": f"Bearer {keys['acme_analyst']}",
        "Mcp-Session-Id": session,
        "Accept": "application/json, text/event-stream",
        "MCP-Protocol-Version": PROTOCOL,
    }
    answer = client.post("/mcp/rec", json=call, headers=mine)
    assert answer.status_code == 200
    assert EMAIL not in answer.text
    # Another tenant's caller cannot ride the session by knowing its id.
    theirs = {**mine, "Authorization": f"Bearer {keys['globex_analyst']}"}
    assert client.post("/mcp/rec", json={**call, "id": 3}, headers=theirs).status_code == 404
    # The caller's credential never reaches the upstream server.
    assert recorder.headers
    secrets_ = [k.split("_", 2)[2] for k in keys.values()]
    for seen in recorder.headers:
        assert "authorization" not in seen and "x-api-key" not in seen
        assert not any(secret in value for secret in secrets_ for value in seen.values())


def test_gateway_sessions_carry_the_authenticated_identity(
    gateway: tuple[TestClient, dict[str, str]],
) -> None:
    client, keys = gateway
    response = _initialize(client, keys["globex_admin"])
    assert response.status_code == 200
    session_id = response.headers["mcp-session-id"]
    mount = next(route for route in client.app.routes if getattr(route, "path", "") == "/mcp")  # type: ignore[attr-defined]
    session = mount.app.state.gateway._sessions[session_id]
    name, identity = session.owner
    assert (name, identity.user, identity.tenant, identity.roles) == (
        "rec",
        "apikey:globex_admin",
        "globex",
        ("admin",),
    )


def test_turning_the_kill_switch_on_ends_gateway_sessions(gateway: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = gateway
    assert _initialize(client, keys["acme_analyst"]).status_code == 200
    mount = next(route for route in client.app.routes if getattr(route, "path", "") == "/mcp")  # type: ignore[attr-defined]
    assert mount.app.state.gateway._sessions
    admin = {"Authorization": f"Bearer {keys['acme_admin']}"}
    try:
        assert client.post("/v1/admin/killswitch", json={"engaged": True}, headers=admin).status_code == 200
        assert not mount.app.state.gateway._sessions
        assert _initialize(client, keys["acme_analyst"]).status_code == 503
    finally:
        client.post("/v1/admin/killswitch", json={"engaged": False}, headers=admin)
