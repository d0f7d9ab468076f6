"""``mcp-dlp wrap -- <server command>``: an inspecting stdio proxy in front of any MCP server.

The MCP client (Claude Desktop, Cursor, an agent) starts the wrapper instead of the server; the
wrapper starts the real server as a child process and relays newline-delimited JSON-RPC both
ways through the :class:`~dlp.connectors.router.Router`. Threads, not an event loop: the
engine is synchronous, each direction must keep its order, and blocking reads with a size
limit are the simplest correct way to read a line from a pipe.

The server's stderr is passed through untouched (it is the server's log, which clients write
to their own log files, not to the model's context).
"""

from __future__ import annotations

import io
import logging
import subprocess
import threading
from collections.abc import Callable, Sequence
from typing import IO, BinaryIO

from dlp.connectors.router import PARSE_ERROR, Delivery, Router, Side, error_message

log = logging.getLogger(__name__)


class StdioWrapper:
    """Runs one upstream server and relays between it and this process's stdio."""

    def __init__(
        self,
        router: Router,
        command: Sequence[str],
        *,
        client_in: BinaryIO,
        client_out: BinaryIO,
        max_message_bytes: int,
        upstream_timeout_s: float = 300.0,
        shutdown_grace_s: float = 5.0,
    ) -> None:
        if not command:
            raise ValueError("no upstream server command given")
        self._router = router
        self._command = list(command)
        self._client_in = client_in
        self._client_out = client_out
        self._limit = max_message_bytes
        self._timeout = upstream_timeout_s
        self._grace = shutdown_grace_s
        self._client_lock = threading.Lock()
        self._upstream_lock = threading.Lock()
        self._done = threading.Event()
        self._process: subprocess.Popen[bytes] | None = None

    def run(self) -> int:
        """Relay until the client closes stdin or the server exits; returns the server's exit code."""
        try:
            # The command comes from the operator's own configuration, like any MCP client's.
            self._process = subprocess.Popen(  # noqa: S603
                self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
            )
        except OSError as exc:
            log.error("cannot start the upstream MCP server %r: %s", self._command[0], type(exc).__name__)
            return 127
        threads = [
            threading.Thread(target=self._pump_client, name="wrap-client", daemon=True),
            threading.Thread(target=self._pump_upstream, name="wrap-upstream", daemon=True),
            threading.Thread(target=self._watchdog, name="wrap-watchdog", daemon=True),
        ]
        for thread in threads:
            thread.start()
        self._done.wait()
        return self._stop()

    def stop(self) -> None:
        """Ask :meth:`run` to stop the server and return (safe from a signal handler)."""
        self._done.set()

    # -- the two directions ---------------------------------------------------------------------

    def _pump_client(self) -> None:
        for line in self._lines(self._client_in, Side.CLIENT):
            self._deliver(self._router.from_client(line))
        # The client went away: let the server finish and exit on its own (stdin EOF).
        self._close_upstream_stdin()
        self._done.set()

    def _pump_upstream(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        for line in self._lines(process.stdout, Side.UPSTREAM):
            self._deliver(self._router.from_upstream(line))
        code = process.wait()
        self._deliver(self._router.upstream_gone(f"exited with status {code}"))
        self._done.set()

    def _watchdog(self) -> None:
        while not self._done.wait(timeout=min(1.0, self._timeout / 4)):
            self._deliver(self._router.expire(self._timeout))

    def _lines(self, stream: IO[bytes], side: Side) -> _LineIterator:
        return _LineIterator(stream, self._limit, lambda: self._oversized(side))

    def _oversized(self, side: Side) -> None:
        text = f"A message larger than the {self._limit}-byte limit was refused"
        if side is Side.CLIENT:
            self._deliver(
                [Delivery(Side.CLIENT, error_message(None, PARSE_ERROR, text, "payload_too_large"))]
            )
        else:
            self._deliver(
                self._router.upstream_gone(f"sent a message larger than the {self._limit}-byte limit")
            )

    # -- output ----------------------------------------------------------------------------------

    def _deliver(self, deliveries: Sequence[Delivery]) -> None:
        for delivery in deliveries:
            if delivery.to is Side.CLIENT:
                with self._client_lock:
                    self._client_out.write(delivery.data + b"\n")
                    self._client_out.flush()
            else:
                self._write_upstream(delivery.data + b"\n")

    def _write_upstream(self, data: bytes) -> None:
        process = self._process
        if process is None or process.stdin is None:
            return
        with self._upstream_lock:
            try:
                process.stdin.write(data)
                process.stdin.flush()
            except (BrokenPipeError, ValueError):
                # The server is gone; its reader thread answers the waiting requests.
                log.warning("upstream MCP server closed its input")

    def _close_upstream_stdin(self) -> None:
        process = self._process
        if process is not None and process.stdin is not None:
            with self._upstream_lock:
                try:
                    process.stdin.close()
                except BrokenPipeError:
                    log.debug("upstream input already closed")

    def _stop(self) -> int:
        process = self._process
        assert process is not None
        self._close_upstream_stdin()
        try:
            return process.wait(timeout=self._grace)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                return process.wait(timeout=self._grace)
            except subprocess.TimeoutExpired:
                process.kill()
                return process.wait()


class _LineIterator:
    """Newline-delimited messages from a pipe, each at most ``limit`` bytes; longer ones are skipped."""

    def __init__(self, stream: IO[bytes], limit: int, on_oversized: Callable[[], None]) -> None:
        # An unbuffered pipe (``Popen(bufsize=0)``) answers ``readline`` one byte per system call:
        # about 1 ms for a small answer and 50 ms for a 50 KB one. A buffered reader still returns
        # as soon as a whole line has arrived (it never waits to fill its buffer).
        self._stream: IO[bytes] | io.BufferedReader = (
            io.BufferedReader(stream) if isinstance(stream, io.RawIOBase) else stream
        )
        self._limit = limit
        self._on_oversized = on_oversized

    def __iter__(self) -> _LineIterator:
        return self

    def __next__(self) -> bytes:
        while True:
            line = self._stream.readline(self._limit + 1)
            if not line:
                raise StopIteration
            if len(line) > self._limit and not line.endswith(b"\n"):
                self._skip_rest()
                self._on_oversized()
                continue
            stripped = line.strip()
            if stripped:
                return stripped

    def _skip_rest(self) -> None:
        while True:
            chunk = self._stream.readline(1 << 20)
            if not chunk or chunk.endswith(b"\n"):
                return
