"""Where audit events go besides the database: stdout, an HTTP webhook, syslog (RFC 5424).

A sink delivers a batch or raises :class:`~dlp.errors.SinkUnavailable`; it never drops events
itself. Retrying with back-off and keeping undelivered events on disk is the shipper's job
(:mod:`dlp.audit.shipper`), so every sink gets the same no-loss guarantee.
"""

from __future__ import annotations

import json
import socket
import ssl
import sys
import threading
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TextIO

import httpx

from dlp.errors import SinkUnavailable

#: RFC 5424 facility 13 is "log audit".
_FACILITY_LOG_AUDIT = 13
_SEVERITY = {"blocked": 4, "failed": 3, "tombstoned": 5, "remediated": 6, "allowed": 6}


class Sink(Protocol):
    """Delivers audit records somewhere off the host."""

    name: str

    def send(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Deliver every record or raise SinkUnavailable."""
        ...


class StdoutSink:
    """JSON lines on standard output, for container log collectors."""

    name = "stdout"

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stdout

    def send(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Write one line per record."""
        for record in records:
            self._stream.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
        self._stream.flush()


class WebhookSink:
    """POSTs ``{"events": [...]}`` to an HTTPS endpoint; any non-2xx answer is a failure."""

    name = "webhook"

    def __init__(
        self, url: str, *, token: str | None = None, timeout_s: float = 10.0, verify: bool | str = True
    ) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._url = url
        self._client = httpx.Client(timeout=timeout_s, headers=headers, verify=verify)

    def __repr__(self) -> str:
        # The token is never shown; the URL may carry credentials in its query, so neither is.
        return "WebhookSink(<configured>)"

    def send(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Deliver one batch."""
        try:
            response = self._client.post(self._url, json={"events": list(records)})
        except httpx.HTTPError as exc:
            raise SinkUnavailable(f"webhook unreachable ({type(exc).__name__})") from None
        if not 200 <= response.status_code < 300:
            raise SinkUnavailable(f"webhook answered HTTP {response.status_code}")

    def close(self) -> None:
        """Release the connection pool."""
        self._client.close()


def syslog_frame(record: Mapping[str, Any], hostname: str, app_name: str = "mcp-dlp") -> bytes:
    """One RFC 5424 message with RFC 6587 octet-counting framing (as RFC 5425 requires for TLS)."""
    severity = _SEVERITY.get(str(record.get("verdict")), 6)
    priority = _FACILITY_LOG_AUDIT * 8 + severity
    timestamp = str(record.get("time") or "-")
    msgid = str(record.get("kind") or "-")
    event_id = str(record.get("id") or "-")
    seq = str(record.get("seq") or "-")
    structured = f'[mcpdlp@32473 id="{_sd_escape(event_id)}" seq="{_sd_escape(seq)}"]'
    body = json.dumps(record, sort_keys=True, ensure_ascii=False)
    message = f"<{priority}>1 {timestamp} {hostname} {app_name} - {msgid} {structured} {body}".encode()
    return f"{len(message)} ".encode() + message


def _sd_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("]", "\\]")


class SyslogSink:
    """RFC 5424 over TCP, optionally TLS; reconnects on the next batch after a failure."""

    name = "syslog"

    def __init__(
        self,
        host: str,
        port: int,
        *,
        tls: ssl.SSLContext | None = None,
        timeout_s: float = 10.0,
        hostname: str | None = None,
    ) -> None:
        self._address = (host, port)
        self._tls = tls
        self._timeout = timeout_s
        self._hostname = hostname or socket.gethostname() or "-"
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()

    def send(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Deliver one batch over the open connection, opening it if needed."""
        payload = b"".join(syslog_frame(r, self._hostname) for r in records)
        with self._lock:
            try:
                connection = self._socket or self._connect()
                connection.sendall(payload)
            except OSError as exc:
                self._close_locked()
                raise SinkUnavailable(
                    f"syslog {self._address[0]}:{self._address[1]} unreachable ({type(exc).__name__})"
                ) from None

    def _connect(self) -> socket.socket:
        raw = socket.create_connection(self._address, timeout=self._timeout)
        connection = self._tls.wrap_socket(raw, server_hostname=self._address[0]) if self._tls else raw
        self._socket = connection
        return connection

    def _close_locked(self) -> None:
        if self._socket is not None:
            try:
                self._socket.close()
            finally:
                self._socket = None

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._close_locked()
