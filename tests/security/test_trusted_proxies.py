"""Whose ``X-Forwarded-For`` counts: a real uvicorn, configured as ``mcp-dlp serve`` configures it.

By default no one's: a forged header from 127.0.0.1 (where a local reverse proxy would connect
from) changes neither the address the failed-authentication budget is kept under nor the one the
audit trail records, even with uvicorn's own ``FORWARDED_ALLOW_IPS`` saying to trust everyone.
Only a proxy listed in ``trusted_proxies`` gets its forwarded address believed.
"""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from dlp.audit.trail import AuditTrail, open_audit_store
from dlp.cli.misc import server_config
from dlp.config import Config, load_config
from dlp.errors import ConfigError
from dlp.http.app import create_app
from tests.cli.support import shared_engine, tool_result
from tests.security.conftest import auth_config

MESSAGE = {"message": tool_result("hello")}
#: A budget of one failure: the second failure from the same address is refused.
LIMITS = {"auth_failure_limit_per_minute": 1, "auth_failure_limit_burst": 1}
START_TIMEOUT_S = 30.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _serving(config: Config) -> Iterator[str]:
    """The authenticated service on a real uvicorn with ``serve``'s settings; yields its base URL."""
    trail = AuditTrail(open_audit_store(config), asynchronous=False)
    app = create_app(config, engine=shared_engine(config.data_dir), trail=trail)
    server = uvicorn.Server(server_config(app, config))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:  # bounded wait for the listening socket
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _failed_auth_addresses(folder: Path) -> list[str]:
    """The client address of every authentication alert in the trail, in order."""
    store = open_audit_store(auth_config(folder))
    try:
        bodies = [dict(e.body) for e in store.iter_stored()]
    finally:
        store.close()
    names = ("authentication_failed", "authentication_throttled")
    return [b["actor"]["address"] for b in bodies if b["kind"] == "alert" and b["detail"]["alert"] in names]


def _attempt(client: httpx.Client, forwarded_for: str) -> httpx.Response:
    """A failing authentication that claims to come from ``forwarded_for`` over HTTPS."""
    headers = {
        "Authorization": f"Bearer mdlp_{secrets.token_hex(8)}_{secrets.token_hex(16)}",
        "X-Forwarded-For": forwarded_for,
        "X-Forwarded-Proto": "https",
    }
    return client.post("/v1/inspect", json=MESSAGE, headers=headers)


@pytest.mark.parametrize(
    ("trusted", "environment"),
    [
        ([], None),  # uvicorn alone would trust 127.0.0.1 here
        ([], "*"),  # and every peer here
        (["10.0.0.0/8", "::1"], "*"),
    ],
    ids=["default", "uvicorn-variable", "other-proxies"],
)
def test_a_forged_forwarded_for_changes_nothing_by_default(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    trusted: list[str],
    environment: str | None,
) -> None:
    if environment is None:
        monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    else:
        monkeypatch.setenv("FORWARDED_ALLOW_IPS", environment)
    config = auth_config(tmp_path, port=_free_port(), trusted_proxies=trusted, **LIMITS)
    with (
        caplog.at_level("WARNING", logger="dlp.cli.serve"),
        _serving(config) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        first = _attempt(client, "203.0.113.1")
        second = _attempt(client, "203.0.113.2")
    assert first.status_code == 401
    # The forged addresses are one budget, the connection's: the second is already over it.
    assert second.status_code == 429 and second.json()["code"] == "authentication_throttled"
    assert _failed_auth_addresses(tmp_path) == ["127.0.0.1", "127.0.0.1"]
    # X-Forwarded-Proto is not believed either: the challenge names the scheme actually used.
    assert 'resource_metadata="http://127.0.0.1:' in first.headers["www-authenticate"]
    assert ("FORWARDED_ALLOW_IPS is ignored" in caplog.text) is (environment is not None)


def test_a_trusted_proxy_forwards_the_client_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    config = auth_config(tmp_path, port=_free_port(), trusted_proxies=["127.0.0.1"], **LIMITS)
    with _serving(config) as base, httpx.Client(base_url=base, timeout=30) as client:
        first = _attempt(client, "203.0.113.1")
        neighbour = _attempt(client, "203.0.113.2")
        again = _attempt(client, "203.0.113.1")
        # A client's own claim before the proxy's entry is not the address: the proxy's entry is.
        chained = _attempt(client, "198.51.100.9, 203.0.113.2")
    assert [r.status_code for r in (first, neighbour, again, chained)] == [401, 401, 429, 429]
    assert _failed_auth_addresses(tmp_path) == ["203.0.113.1", "203.0.113.2", "203.0.113.1", "203.0.113.2"]
    assert 'resource_metadata="https://127.0.0.1:' in first.headers["www-authenticate"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ()),
        ("127.0.0.1", ("127.0.0.1",)),
        (" 10.0.0.0/8 , 2001:db8::/32,::1 ", ("10.0.0.0/8", "2001:db8::/32", "::1")),
        (["192.0.2.7", "2001:DB8::0:1"], ("192.0.2.7", "2001:db8::1")),
    ],
)
def test_trusted_proxies_setting(value: Any, expected: tuple[str, ...]) -> None:
    assert Config(trusted_proxies=value).trusted_proxies == expected
    if isinstance(value, str) and value:
        assert load_config({"DLP_TRUSTED_PROXIES": value}).trusted_proxies == expected


# uvicorn would take "*" as "everyone" and silently never match the others.
@pytest.mark.parametrize("value", ["*", "proxy.internal", "10.0.0.1/8", "127.0.0.1,nope"])
def test_trusted_proxies_refuses_what_uvicorn_would_misread(value: str) -> None:
    with pytest.raises(ConfigError, match="trusted_proxies"):
        load_config({"DLP_TRUSTED_PROXIES": value})


async def _unused_app(scope: Any, receive: Any, send: Any) -> None:
    raise AssertionError("never called: only the server settings are looked at")


def test_serve_settings_leave_forwarding_off_unless_proxies_are_listed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")
    off = server_config(_unused_app, Config())
    assert off.proxy_headers is False and off.forwarded_allow_ips == []
    on = server_config(_unused_app, load_config({"DLP_TRUSTED_PROXIES": "10.1.2.3,10.9.0.0/16"}))
    assert on.proxy_headers is True and on.forwarded_allow_ips == ["10.1.2.3", "10.9.0.0/16"]
