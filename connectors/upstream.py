"""The gateway's connections to upstream servers: a child process over stdio, or a remote Streamable HTTP URL.

Both are thread-based like the stdio wrapper: the engine is synchronous, and a thread per
direction keeps each direction's order. Each upstream reports every message it receives to
``on_message`` and its end (exit, broken stream) to ``on_gone``.
"""

from __future__ import annotations

import json
import logging
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import httpx

from dlp.connectors.stdio import _LineIterator
from dlp.errors import ProxyError

log = logging.getLogger(__name__)

OnMessage = Callable[[bytes], None]
OnGone = Callable[[str], None]


class Upstream(Protocol):
    """One session's connection to the upstream server."""

    def start(self, on_message: OnMessage, on_gone: OnGone) -> None:
        """Connect (or start the process) and begin delivering messages."""
        ...

    def send(self, data: bytes) -> None:
        """Send one JSON-RPC message (no newline)."""
        ...

    def close(self) -> None:
        """End the session with the upstream and release its resources."""
        ...

    @property
    def alive(self) -> bool:
        """False once the upstream has ended for good (process exited, remote session gone)."""
        ...


class StdioUpstream:
    """A child process speaking newline-delimited JSON-RPC."""

    def __init__(
        self,
        command: Sequence[str],
        env: Mapping[str, str],
        cwd: Path | None,
        limit: int,
        grace_s: float = 3.0,
    ) -> None:
        self._command = list(command)
        self._env = dict(env)
        self._cwd = cwd
        self._limit = limit
        self._grace = grace_s
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, on_message: OnMessage, on_gone: OnGone) -> None:
        """Start the process and its reader thread."""
        try:
            # The command comes from the operator's gateway.yaml, never from a request.
            self._process = subprocess.Popen(  # noqa: S603
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=self._env,
                cwd=self._cwd,
                bufsize=0,
            )
        except OSError as exc:
            raise ProxyError(
                f"cannot start the upstream server {self._command[0]!r}: {type(exc).__name__}"
            ) from None
        threading.Thread(
            target=self._read, args=(on_message, on_gone), name="gw-upstream", daemon=True
        ).start()

    def _read(self, on_message: OnMessage, on_gone: OnGone) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        oversized = f"sent a message larger than the {self._limit}-byte limit"
        for line in _LineIterator(process.stdout, self._limit, lambda: on_gone(oversized)):
            on_message(line)
        on_gone(f"exited with status {process.wait()}")

    def send(self, data: bytes) -> None:
        """Write one message to the process's stdin."""
        process = self._process
        if process is None or process.stdin is None:
            return
        with self._lock:
            try:
                process.stdin.write(data + b"\n")
                process.stdin.flush()
            except (BrokenPipeError, ValueError):
                log.warning("upstream MCP server closed its input")

    @property
    def alive(self) -> bool:
        """The process is running."""
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The process id (for operators and tests), once started."""
        return self._process.pid if self._process is not None else None

    def close(self) -> None:
        """Close stdin, then terminate and kill if the process does not exit by itself."""
        process = self._process
        if process is None:
            return
        with self._lock:
            if process.stdin is not None:
                try:
                    process.stdin.close()
                except BrokenPipeError:
                    log.debug("upstream input already closed")
        try:
            process.wait(timeout=self._grace)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=self._grace)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def remote_client(headers: Mapping[str, str], timeout_s: float) -> httpx.Client:
    """The HTTP client of a remote upstream: its configured headers, both answer formats accepted."""
    return httpx.Client(
        headers={**headers, "Accept": "application/json, text/event-stream"},
        timeout=httpx.Timeout(timeout_s, connect=10.0),
    )


class HttpUpstream:
    """A remote Streamable HTTP server; each message is one POST, answered with JSON or SSE."""

    def __init__(self, url: str, headers: Mapping[str, str], limit: int, timeout_s: float) -> None:
        self._url = url
        self._limit = limit
        self._client = remote_client(headers, timeout_s)
        self._session_id: str | None = None
        self._protocol_version: str | None = None
        self._on_message: OnMessage | None = None
        self._on_gone: OnGone | None = None
        self._closed = threading.Event()
        self._ended = False

    @property
    def alive(self) -> bool:
        """Not closed, and the upstream has not said the session is gone."""
        return not self._closed.is_set() and not self._ended

    def start(self, on_message: OnMessage, on_gone: OnGone) -> None:
        """Nothing to start: the first POST (initialize) opens the upstream session."""
        self._on_message, self._on_gone = on_message, on_gone

    def send(self, data: bytes) -> None:
        """POST in a thread of its own: an SSE answer may carry server requests the client must answer."""
        threading.Thread(target=self._post, args=(data,), name="gw-http-post", daemon=True).start()

    def _post(self, data: bytes) -> None:
        assert self._on_message is not None and self._on_gone is not None
        headers = {"Content-Type": "application/json", **_routing_headers(data)}
        if self._session_id:
            headers["Mcp-Session-Id"] = self._session_id
        if self._protocol_version:
            headers["MCP-Protocol-Version"] = self._protocol_version
        try:
            with self._client.stream("POST", self._url, content=data, headers=headers) as response:
                if response.status_code >= 400:
                    # 404 to a request naming our session: the upstream ended it for good.
                    self._ended = self._ended or (response.status_code == 404 and bool(self._session_id))
                    self._on_gone(f"answered HTTP {response.status_code}")
                    return
                if "mcp-session-id" in response.headers and self._session_id is None:
                    self._session_id = response.headers["mcp-session-id"]
                    threading.Thread(target=self._listen, name="gw-http-get", daemon=True).start()
                self._consume(response)
        except (httpx.HTTPError, ProxyError) as exc:
            if not self._closed.is_set():
                self._on_gone(f"could not be reached ({type(exc).__name__})")

    def _consume(self, response: httpx.Response) -> None:
        assert self._on_message is not None
        kind = response.headers.get("content-type", "")
        if kind.startswith("text/event-stream"):
            for data in sse_data(response.iter_lines(), self._limit):
                self._note_version(data)
                self._on_message(data)
        elif kind.startswith("application/json"):
            body = response.read().strip()
            if body and len(body) <= self._limit:
                self._note_version(body)
                self._on_message(body)

    def _note_version(self, data: bytes) -> None:
        """Remember the version the initialize result negotiated: later requests must name it."""
        if self._protocol_version is not None:
            return
        try:
            message = json.loads(data)
        except ValueError:
            return
        result = message.get("result") if isinstance(message, dict) else None
        version = result.get("protocolVersion") if isinstance(result, dict) else None
        if isinstance(version, str):
            self._protocol_version = version

    def _listen(self) -> None:
        """The GET stream: messages the server sends outside any request."""
        headers = {"Mcp-Session-Id": self._session_id or "", "Accept": "text/event-stream"}
        try:
            with self._client.stream("GET", self._url, headers=headers, timeout=None) as response:
                if response.status_code == 200:
                    self._consume(response)
        except httpx.HTTPError as exc:
            log.debug("upstream GET stream ended: %s", type(exc).__name__)

    def close(self) -> None:
        """DELETE the upstream session, then close the connection pool."""
        self._closed.set()
        if self._session_id:
            try:
                self._client.delete(self._url, headers={"Mcp-Session-Id": self._session_id}, timeout=5.0)
            except httpx.HTTPError as exc:
                log.debug("upstream session DELETE failed: %s", type(exc).__name__)
        self._client.close()


#: The request parameter that names what a method acts on (the ``Mcp-Name`` header, SEP-2243).
_NAME_PARAMS = {"tools/call": "name", "prompts/get": "name", "resources/read": "uri"}


def _routing_headers(data: bytes) -> dict[str, str]:
    """``Mcp-Method`` and ``Mcp-Name`` for a request, as 2026-07-28 servers and gateways route by them."""
    try:
        message = json.loads(data)
    except ValueError:
        return {}
    method = message.get("method") if isinstance(message, dict) else None
    if not isinstance(method, str):
        return {}
    headers = {"Mcp-Method": method}
    params = message.get("params")
    key = _NAME_PARAMS.get(method)
    if (
        key
        and isinstance(params, dict)
        and isinstance(params.get(key), str)
        and params[key].isascii()
        and params[key].isprintable()
    ):
        headers["Mcp-Name"] = params[key]
    return headers


def sse_data(lines: Iterable[str], limit: int) -> Iterator[bytes]:
    """The ``data`` of each SSE event (multi-line data joined with newlines), at most ``limit`` bytes each."""
    buffer: list[str] = []
    size = 0
    for line in lines:
        if line == "":
            # An event with empty data only primes resumption (an event id): nothing to relay.
            if any(buffer):
                yield "\n".join(buffer).encode("utf-8")
            buffer, size = [], 0
        elif line.startswith("data:"):
            part = line[5:].removeprefix(" ")
            size += len(part)
            if size > limit:
                raise ProxyError("an upstream SSE event exceeded the message size limit")
            buffer.append(part)
    if any(buffer):
        yield "\n".join(buffer).encode("utf-8")
