"""One HTTP gateway (real uvicorn, real upstream processes) shared by the connector test modules."""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from dlp.config import Config
from dlp.connectors.gateway import create_gateway_app
from dlp.connectors.gateway_config import GatewayConfig
from tests.connectors.live import node_server, serve, wait_for_port
from tests.connectors.planted import DOCUMENT, EMAIL, GITHUB_TOKEN, STRIPE_KEY

EVERYTHING_ENV = {"STRIPE_SECRET_KEY": STRIPE_KEY, "GITHUB_TOKEN": GITHUB_TOKEN, "OPS_CONTACT": EMAIL}


@pytest.fixture(scope="session")
def fs_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the filesystem server may read: one file with planted values, one without."""
    root = tmp_path_factory.mktemp("fs")
    (root / "notes.txt").write_text(DOCUMENT, encoding="utf-8")
    (root / "plain.txt").write_text("Nothing to see here: build 4711 passed.\n", encoding="utf-8")
    return root.resolve()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def remote_everything() -> Iterator[str]:
    """server-everything in its own Streamable HTTP mode: a remote upstream for the gateway."""
    port = _free_port()
    env = {**os.environ, **EVERYTHING_ENV, "PORT": str(port)}
    process = subprocess.Popen(
        [node_server("mcp-server-everything"), "streamableHttp"], env=env, stderr=subprocess.DEVNULL
    )
    wait_for_port(process, port, "server-everything in streamableHttp mode")
    try:
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def gateway_url(
    fs_root: Path, remote_everything: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Base URL of a gateway exposing ``/mcp/files``, ``/mcp/everything`` and ``/mcp/remote``."""
    gateway_config = GatewayConfig.model_validate(
        {
            "upstreams": {
                "files": {
                    "command": [node_server("mcp-server-filesystem"), str(fs_root)],
                    "connector": "filesystem",
                },
                "everything": {"command": [node_server("mcp-server-everything")], "env": EVERYTHING_ENV},
                "remote": {"url": remote_everything},
            }
        }
    )
    config = Config(data_dir=tmp_path_factory.mktemp("gateway"), ner_enabled=False, audit_enabled=False)
    gateway = create_gateway_app(config, gateway_config, environ=dict(os.environ))
    app = Starlette(routes=[Mount("/mcp", app=gateway)])
    with serve(app) as url:
        yield f"{url}/mcp"
    # Mounted lifespans do not run: end the sessions ourselves, as the service does.
    import anyio  # noqa: PLC0415

    anyio.run(gateway.state.gateway.close)
