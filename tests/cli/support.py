"""Shared set-up for the interface tests (CLI, HTTP, canary): one pattern-only engine per session.

Every test that builds an engine through :func:`dlp.cli.common.make_engine` with the same
settings gets the same (cached) engine, so the rule compilation is paid once per test session.
"""

from __future__ import annotations

import json
import os
import selectors
import time
from pathlib import Path
from typing import IO, Any

import pytest

from dlp.cli.common import make_engine
from dlp.config import Config
from dlp.engine import Engine


def data_dir(factory: pytest.TempPathFactory) -> Path:
    """The session's data folder (hash key, vault) shared by CLI and HTTP tests."""
    folder = factory.getbasetemp() / "mcp-dlp-data"
    folder.mkdir(exist_ok=True)
    return folder


def env_for(folder: Path) -> dict[str, str | None]:
    """Environment for CLI runs: pattern detectors only, data in ``folder``, nothing inherited."""
    return {"DLP_NER": "false", "DLP_DATA_DIR": str(folder), "DLP_CONFIG": None, "DLP_POLICY": None}


def config_for(folder: Path, **settings: Any) -> Config:
    """The configuration the CLI builds from :func:`env_for` (same cache key)."""
    return Config(ner_enabled=False, data_dir=folder, **settings)


def shared_engine(folder: Path) -> Engine:
    """The cached pattern-only engine for ``folder``."""
    return make_engine(config_for(folder))


def write_json(path: Path, value: Any) -> Path:
    """Write ``value`` as JSON to ``path`` and return the path."""
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def tool_result(text: str, structured: dict[str, Any] | None = None, msg_id: int = 7) -> dict[str, Any]:
    """A JSON-RPC tools/call result with one text block and optional structured content."""
    result: dict[str, Any] = {"content": [{"type": "text", "text": text}]}
    if structured is not None:
        result["structuredContent"] = structured
    return {"jsonrpc": "2.0", "id": msg_id, "result": result}


def tool_call(arguments: dict[str, Any], msg_id: int = 8) -> dict[str, Any]:
    """A JSON-RPC tools/call request."""
    return {
        "jsonrpc": "2.0",
        "id": msg_id,
        "method": "tools/call",
        "params": {"name": "send_message", "arguments": arguments},
    }


class LineReader:
    """Lines from a subprocess pipe with a deadline.

    Reads the raw file descriptor: ``select`` on a buffered file object followed by ``readline``
    can leave complete lines in Python's buffer while the descriptor looks idle, and the next
    ``select`` then waits for output that already arrived.
    """

    def __init__(self, pipe: IO[bytes]) -> None:
        self._fd = pipe.fileno()
        self._buffer = b""
        self.seen: list[str] = []

    def readline(self, timeout: float) -> bytes:
        """The next line (with its newline), or b"" at end of output or when ``timeout`` passes."""
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self._fd, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    return b""
                chunk = os.read(self._fd, 65536)
                if not chunk:
                    return b""
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        self.seen.append(line.decode("utf-8", "replace"))
        return line + b"\n"
