"""Real local receivers for shipping tests: an HTTP webhook and an RFC 5424 syslog listener."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


class Webhook:
    """Collects posted events; answers 503 while ``down``."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []
        self.down = False
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                outer.requests += 1
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if outer.down:
                    self.send_response(503)
                else:
                    outer.events.extend(json.loads(body)["events"])
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/events"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def read_frames(stream: Any) -> Iterator[bytes]:
    """Octet-counted syslog frames (RFC 6587) from a socket file."""
    while True:
        length = b""
        while (char := stream.read(1)) not in (b" ", b""):
            length += char
        if not length:
            return
        yield stream.read(int(length))


class Syslog:
    """A TCP (optionally TLS) syslog receiver on a fixed local port."""

    def __init__(self, port: int, tls: ssl.SSLContext | None = None) -> None:
        self.messages: list[bytes] = []
        self.received = threading.Event()
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                for frame in read_frames(self.rfile):
                    outer.messages.append(frame)
                    outer.received.set()

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

            def get_request(self) -> tuple[socket.socket, Any]:
                connection, address = super().get_request()
                return (tls.wrap_socket(connection, server_side=True) if tls else connection), address

        self.server = Server(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, count: int, timeout_s: float = 10.0) -> bool:
        """Bounded wait until ``count`` messages arrived."""
        deadline = time.monotonic() + timeout_s
        while len(self.messages) < count and time.monotonic() < deadline:
            self.received.wait(timeout=0.05)
            self.received.clear()
        return len(self.messages) >= count

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def tls_pair(tmp_path: Path) -> Iterator[tuple[ssl.SSLContext, ssl.SSLContext]]:
    """A server context with a self-signed certificate for 127.0.0.1 and a client that trusts only it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file = tmp_path / "syslog.crt"
    key_file = tmp_path / "syslog.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.minimum_version = ssl.TLSVersion.TLSv1_3
    server.load_cert_chain(cert_file, key_file)
    client = ssl.create_default_context(cafile=str(cert_file))
    client.minimum_version = ssl.TLSVersion.TLSv1_3
    yield server, client
