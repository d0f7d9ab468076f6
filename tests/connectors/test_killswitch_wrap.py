"""`mcp-dlp killswitch on` stops a running stdio wrapper and an unauthenticated service; off resumes."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient
from mcp import MCPError

from dlp.config import Config
from dlp.http.app import create_app
from dlp.jsonrpc import BLOCKED_CODE
from tests.cli.support import shared_engine, tool_result
from tests.connectors.live import ROOT, live_session, node_server, wrap_params


def _switch(data: Path, action: str) -> str:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "mcp-dlp"), "killswitch", action],
        env={"DLP_DATA_DIR": str(data), "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def _until(check: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(check) and check():
            return
        time.sleep(0.2)
    raise AssertionError("the state did not change in time")


def test_the_cli_switch_stops_and_resumes_a_running_wrapper(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with live_session(wrap_params([node_server("mcp-server-everything")], data)) as live:
        assert live.call(live.session.call_tool, "echo", {"message": "before"})
        assert _switch(data, "on").startswith("kill switch ON")

        def refused() -> bool:
            try:
                live.call(live.session.call_tool, "echo", {"message": "during"})
            except MCPError as exc:
                assert exc.error.code == BLOCKED_CODE and "kill-switch" in str(exc)
                return True
            return False

        _until(refused)  # the wrapper reads the switch at most two seconds late
        _switch(data, "off")

        def served() -> bool:
            try:
                live.call(live.session.call_tool, "echo", {"message": "after"})
            except MCPError:
                return False
            return True

        _until(served)
    events = [json.loads(line) for line in (data / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    operations = [e["detail"].get("operation") for e in events if e["kind"] == "key_operation"]
    assert operations == ["killswitch_on", "killswitch_off"], "both CLI switches are audited"
    assert any("kill-switch" in e.get("rules", []) for e in events), "refused calls are audited"


def test_an_unauthenticated_service_honours_the_switch(tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path, ner_enabled=False, audit_enabled=False)
    with TestClient(create_app(config, engine=shared_engine(tmp_path))) as client:
        body = {"message": tool_result("hello")}
        assert client.post("/v1/inspect", json=body).status_code == 200
        _switch(tmp_path, "on")
        _until(lambda: client.post("/v1/inspect", json=body).status_code == 503)
        stopped = client.post("/v1/redact", json=body)
        assert stopped.status_code == 503 and stopped.json()["code"] == "kill_switch"
        assert client.get("/healthz").status_code == 200, "liveness is not forwarding"
        _switch(tmp_path, "off")
        _until(lambda: client.post("/v1/inspect", json=body).status_code == 200)
