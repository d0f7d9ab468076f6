"""Drive a real MCP server through the real stdio wrapper with the official SDK client, synchronously.

A blocking portal runs the client's event loop in a thread, so one wrapped server started per
test module serves every (plain, synchronous) test in it.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from anyio.from_thread import BlockingPortal, start_blocking_portal
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

ROOT = Path(__file__).resolve().parents[2]
NODE_BIN = ROOT / "tests" / "e2e" / "node_modules" / ".bin"
T = TypeVar("T")


def node_server(name: str) -> str:
    """Path of an installed MCP reference server (``make testdeps`` installs them)."""
    path = NODE_BIN / name
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run `make testdeps`")
    return str(path)


def wrap_params(
    server: list[str],
    data_dir: Path,
    *,
    wrap_args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    ner: bool = False,
) -> StdioServerParameters:
    """Parameters that start ``server`` behind ``mcp-dlp wrap`` (NER off unless asked: start-up time)."""
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "dlp.connectors.cli", "wrap", *wrap_args, "--", *server],
        env={
            "DLP_DATA_DIR": str(data_dir),
            "DLP_NER": "true" if ner else "false",
            **({"DLP_CACHE_DIR": os.environ["DLP_CACHE_DIR"]} if "DLP_CACHE_DIR" in os.environ else {}),
            **(env or {}),
        },
        cwd=str(ROOT),
    )


def direct_params(server: list[str], env: dict[str, str] | None = None) -> StdioServerParameters:
    """Parameters that start ``server`` with no proxy (the baseline)."""
    return StdioServerParameters(command=server[0], args=server[1:], env=env, cwd=str(ROOT))


@dataclass
class Live:
    """An initialized client session and the portal that runs it."""

    portal: BlockingPortal
    session: ClientSession

    def call(self, fn: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        """Run ``await fn(*args, **kwargs)`` on the session's loop and return its result."""
        return self.portal.call(functools.partial(fn, *args, **kwargs))


@contextmanager
def live_session(params: StdioServerParameters, **session_kwargs: Any) -> Iterator[Live]:
    """A running stdio client session (initialized) for the duration of the block."""

    @asynccontextmanager
    async def open_session() -> Any:
        async with (
            stdio_client(params) as (read, write),
            ClientSession(read, write, **session_kwargs) as session,
        ):
            await session.initialize()
            yield session

    with start_blocking_portal() as portal, portal.wrap_async_context_manager(open_session()) as session:
        yield Live(portal, session)


def dump(model: Any) -> str:
    """Everything a client received, as one JSON text to grep for planted values."""
    return json.dumps(model.model_dump(mode="json", by_alias=True, exclude_none=True), ensure_ascii=False)


@contextmanager
def live_http_session(url: str, **session_kwargs: Any) -> Iterator[Live]:
    """A running Streamable HTTP client session (initialized) against ``url``."""
    from mcp.client.streamable_http import streamable_http_client  # noqa: PLC0415

    @asynccontextmanager
    async def open_session() -> Any:
        async with (
            streamable_http_client(url) as (read, write),
            ClientSession(read, write, **session_kwargs) as session,
        ):
            await session.initialize()
            yield session

    with start_blocking_portal() as portal, portal.wrap_async_context_manager(open_session()) as session:
        yield Live(portal, session)


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """``app`` served by a real uvicorn on a free local port; yields its base URL."""
    import socket  # noqa: PLC0415
    import threading  # noqa: PLC0415
    import time  # noqa: PLC0415

    import uvicorn  # noqa: PLC0415

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", timeout_graceful_shutdown=5
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:  # bounded wait for the listening socket
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def wait_for_port(process: Any, port: int, what: str, seconds: float = 30.0) -> None:
    """Wait until ``process`` (a Popen) listens on ``port``; kill it and fail if it never does."""
    import socket  # noqa: PLC0415
    import time  # noqa: PLC0415

    deadline = time.monotonic() + seconds
    while True:  # bounded wait for the listening socket
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.05)
