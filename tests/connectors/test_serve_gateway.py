"""`mcp-dlp serve --gateway`: one process serves the inspection API and the MCP gateway, audited."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import yaml

from tests.connectors.live import dump, live_http_session, node_server

SSN = "536-22-8741"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_healthy(base: str, process: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        assert process.poll() is None, "the service exited during start-up"
        try:
            if httpx.get(f"{base}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)  # bounded poll while the service starts
    raise AssertionError("the service did not become healthy in time")


def test_gateway_and_api_share_one_service(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (files / "hr.txt").write_text(f"Employee SSN {SSN}, badge 4471.\n", encoding="utf-8")
    gateway = tmp_path / "gateway.yaml"
    gateway.write_text(
        yaml.safe_dump(
            {
                "upstreams": {
                    "files": {
                        "command": [node_server("mcp-server-filesystem"), str(files)],
                        "connector": "filesystem",
                    }
                }
            }
        )
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "dlp.cli", "serve", "--port", str(port), "--gateway", str(gateway)],
        env={"DLP_DATA_DIR": str(tmp_path / "data"), "DLP_NER": "false", "PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_healthy(base, process)
        with live_http_session(f"{base}/mcp/files") as live:
            result = live.call(live.session.call_tool, "read_text_file", {"path": str(files / "hr.txt")})
        received = dump(result)
        assert SSN not in received and "badge 4471" in received
        events = httpx.get(f"{base}/v1/audit/events", params={"limit": 100}).json()["events"]
        assert any(e["target"]["tool"] == "read_text_file" and e["verdict"] == "remediated" for e in events)
        assert SSN not in json.dumps(events)
        assert "mcp_dlp_messages_total" in httpx.get(f"{base}/metrics").text
    finally:
        process.terminate()
        assert process.wait(timeout=30) is not None
