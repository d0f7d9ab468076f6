"""Helpers for the stateless-mode gateway tests: a gateway with an audit trail and callers, raw POSTs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Mount

from dlp.audit.store import EventQuery
from dlp.audit.trail import AuditTrail, open_audit_store
from dlp.config import Config
from dlp.connectors.gateway import Gateway, Identity, create_gateway_app
from dlp.connectors.gateway_config import GatewayConfig
from tests.connectors.live import ROOT, serve, wait_for_port

MODERN = "2026-07-28"
ACCEPT = "application/json, text/event-stream"
MODERN_SERVER = [sys.executable, "-m", "tests.connectors.modern_server"]
ENVELOPE = {
    "io.modelcontextprotocol/protocolVersion": MODERN,
    "io.modelcontextprotocol/clientCapabilities": {"elicitation": {"form": {}}},
    "io.modelcontextprotocol/clientInfo": {"name": "raw-test", "version": "1"},
}
_NAMED = {"tools/call": "name", "prompts/get": "name", "resources/read": "uri"}


def identify_as(user: str | None) -> Identity:
    """The identity the test gateway gives a caller named ``user``."""
    return Identity(user=user, roles=("analyst",), tenant="acme")


def identify(request: Request) -> Identity:
    """Stands in for the service's authentication: the caller names itself in a header."""
    return identify_as(request.headers.get("x-test-user"))


@dataclass
class Running:
    """A served gateway, its object and its (synchronous) audit trail."""

    url: str
    gateway: Gateway
    trail: AuditTrail

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """Stored audit events matching ``filters`` (EventQuery fields)."""
        return self.trail.store.query(EventQuery(limit=10_000, **filters))


@contextmanager
def running_gateway(upstreams: dict[str, Any], data_dir: Path, **settings: Any) -> Iterator[Running]:
    """A gateway over ``upstreams`` on real uvicorn, audited, with callers named by ``X-Test-User``."""
    config = Config(data_dir=data_dir, ner_enabled=False, audit_enabled=True)
    trail = AuditTrail(open_audit_store(config), asynchronous=False)
    app = create_gateway_app(
        config,
        GatewayConfig.model_validate({"upstreams": upstreams, **settings}),
        environ=dict(os.environ),
        trail=trail,
        identify=identify,
    )
    gateway: Gateway = app.state.gateway
    try:
        with serve(Starlette(routes=[Mount("/mcp", app=app)])) as url:
            yield Running(f"{url}/mcp", gateway, trail)
    finally:
        import anyio  # noqa: PLC0415

        anyio.run(gateway.close)
        trail.close()


@asynccontextmanager
async def client_as(url: str, user: str, **client_args: Any) -> AsyncIterator[Client]:
    """The official SDK client (``mode="auto"`` unless given) calling as ``user``."""
    async with (
        create_mcp_http_client(headers={"X-Test-User": user}) as http,
        Client(streamable_http_client(url, http_client=http), **client_args) as client,
    ):
        yield client


def modern_post(
    url: str,
    method: str,
    params: dict[str, Any] | None = None,
    *,
    user: str = "alice",
    msg_id: Any = 1,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """One raw 2026-07-28 POST with correct routing headers (``headers`` override or add)."""
    body_params = {**(params or {}), "_meta": ENVELOPE}
    sent = {"Accept": ACCEPT, "MCP-Protocol-Version": MODERN, "Mcp-Method": method, "X-Test-User": user}
    if method in _NAMED:
        sent["Mcp-Name"] = str(body_params[_NAMED[method]])
    sent.update(headers or {})
    body = {"jsonrpc": "2.0", "id": msg_id, "method": method, "params": body_params}
    return httpx.post(url, json=body, headers=sent, timeout=60)


def rpc(response: httpx.Response) -> dict[str, Any]:
    """The JSON-RPC answer of a stateless POST, whether it came as JSON or as an SSE stream."""
    if response.headers.get("content-type", "").startswith("text/event-stream"):
        data = [line[5:].strip() for line in response.text.splitlines() if line.startswith("data:")]
        answer: dict[str, Any] = json.loads(data[-1])
        return answer
    body: dict[str, Any] = response.json()
    return body


@contextmanager
def remote_modern_server() -> Iterator[str]:
    """The SDK test server over Streamable HTTP in its own process; yields its MCP URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    process = subprocess.Popen(
        [*MODERN_SERVER, "http", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for_port(process, port, "the modern test server")
    try:
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        process.wait(timeout=10)


def process_running(pid: int) -> bool:
    """Whether ``pid`` is a live (not zombie) process."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return False
    return "\nState:\tZ" not in status
