"""The gateway's HTTP surface: session rules, limits and error statuses, against real uvicorn."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import anyio
import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request

from dlp.config import Config
from dlp.connectors.gateway import Identity, create_gateway_app
from dlp.connectors.gateway_config import GatewayConfig, load_gateway_config
from dlp.errors import ConfigError
from tests.connectors.live import serve

ACCEPT = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
INIT = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "t", "version": "1"},
    },
}


def test_session_lifecycle(gateway_url: str) -> None:
    with httpx.Client(timeout=60) as client:
        started = client.post(
            f"{gateway_url}/files", json=INIT, headers={**ACCEPT, "Accept": "application/json"}
        )
        assert started.status_code == 200 and started.json()["result"]["serverInfo"]
        session = {"Mcp-Session-Id": started.headers["mcp-session-id"]}
        note = {"jsonrpc": "2.0", "method": "notifications/initialized"}
        assert (
            client.post(f"{gateway_url}/files", json=note, headers={**ACCEPT, **session}).status_code == 202
        )
        listed = client.post(
            f"{gateway_url}/files",
            json={"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
            headers={**ACCEPT, **session},
        )
        assert listed.status_code == 200 and "application/json" in listed.headers["content-type"]
        assert '"read_text_file"' in listed.text
        assert (
            client.get(f"{gateway_url}/files", headers={**session, "Accept": "application/json"}).status_code
            == 405
        )
        assert client.delete(f"{gateway_url}/files", headers=session).status_code == 204
        gone = client.post(
            f"{gateway_url}/files",
            json={"jsonrpc": "2.0", "id": 3, "method": "ping"},
            headers={**ACCEPT, **session},
        )
        assert gone.status_code == 404


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/nope", INIT, 404),  # unknown upstream
        ("/files", {"jsonrpc": "2.0", "id": 1, "method": "ping"}, 400),  # no session, not initialize
        ("/files", [INIT], 400),  # batches were removed from MCP
        ("/files", "not json", 400),
    ],
)
def test_bad_requests(gateway_url: str, path: str, body: object, status: int) -> None:
    with httpx.Client(timeout=30) as client:
        if isinstance(body, str):
            response = client.post(f"{gateway_url}{path}", content=body, headers=ACCEPT)
        else:
            response = client.post(f"{gateway_url}{path}", json=body, headers=ACCEPT)
    assert response.status_code == status


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_get_or_delete_without_a_session_is_405(gateway_url: str, method: str) -> None:
    # The TypeScript SDK probes with a GET first and falls back to POST only on 405.
    response = httpx.request(method, f"{gateway_url}/files", headers={"Accept": "text/event-stream"})
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) == {"GET", "POST", "DELETE"}


def test_unknown_session_is_404(gateway_url: str) -> None:
    headers = {**ACCEPT, "Mcp-Session-Id": "no-such-session"}
    response = httpx.post(
        f"{gateway_url}/files", json={"jsonrpc": "2.0", "id": 1, "method": "ping"}, headers=headers
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("yaml_text", "problem"),
    [
        ("upstreams: {a: {command: [x], url: 'http://h'}}", "exactly one"),
        ("upstreams: {a: {}}", "exactly one"),
        ("upstreams: {A B: {command: [x]}}", "upstream names"),
        ("upstreams: {a: {command: [x], colour: red}}", "colour"),
        ("upstreams: {a: {url: 'ftp://h'}}", "url"),
    ],
)
def test_gateway_config_errors_name_the_key(tmp_path: Path, yaml_text: str, problem: str) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem):
        load_gateway_config(path)


def test_gateway_config_example_loads(tmp_path: Path) -> None:
    from dlp.connectors import gateway_config  # noqa: PLC0415

    example = (gateway_config.__doc__ or "").split("Example::", 1)[1].split("Credentials", 1)[0]
    path = tmp_path / "gateway.yaml"
    path.write_text(example.replace("\n    ", "\n"), encoding="utf-8")
    loaded = load_gateway_config(path)
    assert isinstance(loaded, GatewayConfig) and loaded.upstreams["clinic-jira"].phi


def test_a_session_is_bound_to_its_upstream(gateway_url: str) -> None:
    with httpx.Client(timeout=60) as client:
        started = client.post(
            f"{gateway_url}/files", json=INIT, headers={**ACCEPT, "Accept": "application/json"}
        )
        session = {"Mcp-Session-Id": started.headers["mcp-session-id"]}
        ping = {"jsonrpc": "2.0", "id": 2, "method": "ping"}
        elsewhere = client.post(f"{gateway_url}/everything", json=ping, headers={**ACCEPT, **session})
        assert elsewhere.status_code == 404
        assert client.delete(f"{gateway_url}/files", headers=session).status_code == 204


def test_browser_origins_are_refused(gateway_url: str) -> None:
    headers = {**ACCEPT, "Origin": "https://evil.example"}
    assert httpx.post(f"{gateway_url}/files", json=INIT, headers=headers).status_code == 403


def _fake_gateway(tmp_path: Path, **settings: object) -> Starlette:
    """A gateway in front of the fake stdio server; callers name themselves in ``X-Test-User``."""
    fake = [sys.executable, str(Path(__file__).with_name("fake_server.py"))]

    def identify(request: Request) -> Identity:
        # Stands in for the service's authentication.
        return Identity(user=request.headers.get("x-test-user"), tenant="acme")

    return create_gateway_app(
        Config(data_dir=tmp_path, ner_enabled=False, audit_enabled=False),
        GatewayConfig.model_validate({"upstreams": {"fake": {"command": fake}}, **settings}),
        environ=dict(os.environ),
        identify=identify,
    )


def test_one_caller_cannot_hold_every_session(tmp_path: Path) -> None:
    app = _fake_gateway(tmp_path, max_sessions_per_caller=2)
    with serve(app) as url, httpx.Client(timeout=60) as client:
        alice = {**ACCEPT, "Accept": "application/json", "X-Test-User": "alice"}
        statuses = [client.post(f"{url}/fake", json=INIT, headers=alice).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        bob = {**alice, "X-Test-User": "bob"}
        assert client.post(f"{url}/fake", json=INIT, headers=bob).status_code == 200
    anyio.run(app.state.gateway.close)


def test_a_session_is_bound_to_its_caller(tmp_path: Path) -> None:
    app = _fake_gateway(tmp_path)
    with serve(app) as url, httpx.Client(timeout=60) as client:
        alice = {**ACCEPT, "Accept": "application/json", "X-Test-User": "alice"}
        started = client.post(f"{url}/fake", json=INIT, headers=alice)
        assert started.status_code == 200
        session = {"Mcp-Session-Id": started.headers["mcp-session-id"]}
        ping = {"jsonrpc": "2.0", "id": 2, "method": "ping"}
        assert client.post(f"{url}/fake", json=ping, headers={**alice, **session}).status_code == 200
        mallory = {**alice, "X-Test-User": "mallory", **session}
        assert client.post(f"{url}/fake", json=ping, headers=mallory).status_code == 404
        assert client.delete(f"{url}/fake", headers={**alice, **session}).status_code == 204
