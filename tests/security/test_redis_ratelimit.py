"""Two ``mcp-dlp serve`` processes share one caller's allowance through a real Redis."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from dlp.auth.apikeys import ApiKeyStore
from tests.cli.support import tool_result

REDIS_URL = "redis://127.0.0.1:6379/15"
START_TIMEOUT_S = 120.0


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise AssertionError(f"the service exited during start-up ({process.returncode}):\n{tail}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)  # bounded poll while the service builds its engine
    raise AssertionError("the service did not become healthy in time")


def test_two_replicas_share_one_limit(tmp_path: Path) -> None:
    # Redis runs on every developer and CI machine: a missing server fails the test, never skips it.
    assert _redis_up(), "Redis must run at 127.0.0.1:6379 for this test"
    store = ApiKeyStore(f"sqlite:///{tmp_path / 'vault.db'}")
    key, _ = store.create("acme", ("analyst",), name=f"replica-test-{secrets.token_hex(4)}")
    store.close()
    # A burst of four refilled at one a minute: however slow a loaded CI machine is between the
    # requests, no token comes back during the test.
    settings = tmp_path / "settings.yaml"
    settings.write_text("rate_limit_per_minute: 1\nrate_limit_burst: 4\n", encoding="utf-8")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DLP_DATA_DIR": str(tmp_path),
        "DLP_NER": "false",
        "DLP_AUDIT": "false",
        "DLP_AUTH": "true",
        "DLP_RATE_LIMIT_REDIS_URL": REDIS_URL,
        "DLP_CONFIG": str(settings),
    }
    ports = [_free_port(), _free_port()]
    logs = [tmp_path / f"replica-{i}.log" for i in range(len(ports))]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "dlp.cli", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log.open("wb"),
        )
        for port, log in zip(ports, logs, strict=True)
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base, process, log in zip(bases, processes, logs, strict=True):
            _wait_healthy(base, process, log)
        headers = {"Authorization": f"Bearer {key}"}
        body = {"message": tool_result("hello")}
        order = [0, 1, 0, 1, 0, 1]
        responses = [
            httpx.post(f"{bases[i]}/v1/inspect", json=body, headers=headers, timeout=60) for i in order
        ]
        # Four tokens in the shared bucket: the fifth and sixth are refused on either replica.
        assert [r.status_code for r in responses] == [200, 200, 200, 200, 429, 429]
        assert int(responses[4].headers["retry-after"]) >= 1
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
