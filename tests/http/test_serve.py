"""``mcp-dlp serve`` as a real process on a free local port: /healthz and /v1/redact answer."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest

from tests.cli.support import LineReader, env_for, tool_result

EMAIL = "ada.lovelace@example.org"
#: Bounded wait for the service to build its engine and bind (the CI machine is shared).
START_TIMEOUT_S = 120.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_serving(process: subprocess.Popen[bytes]) -> LineReader:
    """Read stderr until uvicorn says it is running (bounded)."""
    assert process.stderr is not None
    reader = LineReader(process.stderr)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        line = reader.readline(deadline - time.monotonic())
        if not line:
            break
        if b"Uvicorn running on" in line:
            return reader
    pytest.fail(f"service did not start (exit status {process.poll()}); stderr: {reader.seen[-20:]}")


@pytest.mark.slow
def test_serve_answers_healthz_and_redact(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("serve-data")
    port = _free_port()
    env = {**os.environ, **{k: v for k, v in env_for(folder).items() if v is not None}}
    env.pop("DLP_CONFIG", None)
    command = [sys.executable, "-m", "dlp.cli", "--log-format", "json", "serve", "--port", str(port)]
    with subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env) as process:
        try:
            reader = _wait_until_serving(process)
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=30) as client:
                health = client.get("/healthz")
                assert health.status_code == 200 and health.json()["status"] == "ok"
                message = tool_result(f"write to {EMAIL}")
                redacted = client.post("/v1/redact", json={"message": message, "context": {"tool": "mail"}})
                assert redacted.status_code == 200
                assert EMAIL not in redacted.text
                assert redacted.json()["summary"]["entities"] == {"EMAIL_ADDRESS": 1}
        finally:
            process.terminate()
            try:
                _, stderr = process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                _, stderr = process.communicate()
    log_text = "\n".join(reader.seen) + stderr.decode("utf-8", "replace")
    assert '"route": "/v1/redact"' in log_text  # the access line names the route template
    assert EMAIL not in log_text
