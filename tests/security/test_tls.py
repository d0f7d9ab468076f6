"""Real TLS handshakes against ``mcp-dlp serve --tls-*`` with a CA the test makes."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from dlp.auth.tls import server_context
from tests.cli.support import tool_result
from tests.security.support import TestCA

START_TIMEOUT_S = 120.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def client_context(
    ca: TestCA, cert: tuple[Path, Path] | None = None, version: ssl.TLSVersion | None = None
) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(ca.ca_path))
    if cert is not None:
        context.load_cert_chain(str(cert[0]), str(cert[1]))
    if version is not None:
        context.minimum_version = context.maximum_version = version
    return context


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestCA:
    return TestCA(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def mtls_service(pki: TestCA, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``mcp-dlp serve`` with HTTPS, mutual TLS and authentication on."""
    cert, key = pki.issue("server", "localhost", server=True)
    data = tmp_path_factory.mktemp("tls-data")
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DLP_DATA_DIR": str(data),
        "DLP_NER": "false",
        "DLP_AUDIT": "false",
        "DLP_AUTH": "true",
    }
    command = [sys.executable, "-m", "dlp.cli", "serve", "--port", str(port)]
    command += ["--tls-cert", str(cert), "--tls-key", str(key), "--tls-client-ca", str(pki.ca_path)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"https://localhost:{port}"
    good = client_context(pki, pki.issue("probe", "probe", "acme"))
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            assert process.poll() is None, "the service exited during start-up"
            try:
                if httpx.get(f"{base}/healthz", verify=good, timeout=1.0).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the service did not start"
                time.sleep(0.2)  # bounded poll while the service builds its engine
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_tls13_with_a_client_certificate_is_served(pki: TestCA, mtls_service: str) -> None:
    context = client_context(pki, pki.issue("alice", "alice", "acme", ("analyst",)))
    with httpx.Client(verify=context) as client:
        response = client.post(f"{mtls_service}/v1/inspect", json={"message": tool_result("hi")})
        assert response.status_code == 200
        assert response.extensions["network_stream"].get_extra_info("ssl_object").version() == "TLSv1.3"


def test_the_certificate_subject_is_the_caller(pki: TestCA, mtls_service: str) -> None:
    admin = client_context(pki, pki.issue("root", "root", "acme", ("admin",)))
    analyst = client_context(pki, pki.issue("bob", "bob", "acme", ("analyst",)))
    no_org = client_context(pki, pki.issue("anon", "anon"))
    assert httpx.get(f"{mtls_service}/v1/admin/killswitch", verify=admin).status_code == 200
    assert httpx.get(f"{mtls_service}/v1/admin/killswitch", verify=analyst).status_code == 403
    assert httpx.get(f"{mtls_service}/v1/admin/killswitch", verify=no_org).status_code == 401


def test_tls12_is_refused_by_default(pki: TestCA, mtls_service: str) -> None:
    context = client_context(pki, pki.issue("old", "old", "acme"), ssl.TLSVersion.TLSv1_2)
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{mtls_service}/healthz", verify=context)


def test_no_client_certificate_is_refused(pki: TestCA, mtls_service: str) -> None:
    # TLS 1.3 reports a missing client certificate after the client's side of the handshake,
    # so the refusal shows on the first read: either way no HTTP response comes back.
    with pytest.raises((httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError)):
        httpx.get(f"{mtls_service}/healthz", verify=client_context(pki))


def test_a_certificate_from_another_ca_is_refused(pki: TestCA, mtls_service: str, tmp_path: Path) -> None:
    stranger = TestCA(tmp_path).issue("eve", "eve", "acme", ("admin",))
    with pytest.raises((httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError)):
        httpx.get(f"{mtls_service}/healthz", verify=client_context(pki, stranger))


def _handshake(server: ssl.SSLContext, client: ssl.SSLContext) -> str:
    """One handshake over a local socket pair; the negotiated version."""
    left, right = socket.socketpair()
    failure: list[BaseException] = []

    def serve() -> None:
        try:
            with server.wrap_socket(left, server_side=True) as tls:
                tls.recv(1)
        except (ssl.SSLError, OSError) as exc:
            failure.append(exc)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        with client.wrap_socket(right, server_hostname="localhost") as tls:
            version = tls.version() or ""
            tls.sendall(b"x")
    finally:
        thread.join(timeout=10)
    return version


@pytest.mark.parametrize(("allow", "accepted"), [(False, False), (True, True)])
def test_tls12_only_with_the_explicit_flag(pki: TestCA, allow: bool, accepted: bool) -> None:
    cert, key = pki.issue("srv12", "localhost", server=True)
    server = server_context(cert, key, allow_tls12=allow)
    client = client_context(pki, version=ssl.TLSVersion.TLSv1_2)
    if accepted:
        assert _handshake(server, client) == "TLSv1.2"
    else:
        with pytest.raises((ssl.SSLError, OSError)):
            _handshake(server, client)


def test_tls12_suites_are_forward_secret_aead_only(pki: TestCA) -> None:
    cert, key = pki.issue("srv-ciphers", "localhost", server=True)
    names = [
        c["name"]
        for c in server_context(cert, key, allow_tls12=True).get_ciphers()
        if c["protocol"] == "TLSv1.2"
    ]
    assert names and all(n.startswith("ECDHE-") and ("GCM" in n or "CHACHA20" in n) for n in names)
