"""Per-caller rate limits (429 + Retry-After) and the kill switch (503, persisted, CLI and HTTP)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dlp.auth.ratelimit import MemoryRateLimiter
from dlp.cli.main import app as cli_app
from dlp.http.app import create_app
from tests.cli.support import shared_engine, tool_result
from tests.security.conftest import auth_config, make_keys

MESSAGE = {"message": tool_result("hello")}


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def _take(limiter: MemoryRateLimiter, caller: str, n: int) -> list[float | None]:
    return [await limiter.hit(caller) for _ in range(n)]


@pytest.mark.anyio
async def test_token_bucket_refills_at_the_configured_rate() -> None:
    clock = Clock()
    limiter = MemoryRateLimiter(per_minute=60, burst=3, clock=clock)
    assert await _take(limiter, "a", 3) == [None, None, None]
    wait = await limiter.hit("a")
    assert wait is not None and 0 < wait <= 1.0
    assert await limiter.hit("b") is None  # another caller has their own bucket
    clock.now += 1.0
    assert await limiter.hit("a") is None
    assert await limiter.hit("a") is not None


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


def test_the_service_answers_429_with_retry_after(tmp_path: Path) -> None:
    config = auth_config(tmp_path, rate_limit_per_minute=3, audit_enabled=False)
    keys = make_keys(config)
    with TestClient(create_app(config, engine=shared_engine(tmp_path))) as client:
        mine = {"Authorization": f"Bearer {keys['acme_analyst']}"}
        other = {"Authorization": f"Bearer {keys['globex_analyst']}"}
        statuses = [client.post("/v1/inspect", json=MESSAGE, headers=mine).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = client.post("/v1/inspect", json=MESSAGE, headers=mine)
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert limited.json()["code"] == "rate_limited"
        assert client.post("/v1/inspect", json=MESSAGE, headers=other).status_code == 200
        # Unauthenticated requests are refused before they can use anyone's allowance.
        assert client.post("/v1/inspect", json=MESSAGE).status_code == 401


@pytest.fixture
def switched(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    config = auth_config(tmp_path, audit_enabled=False)
    yield tmp_path, make_keys(config)


def _cli(folder: Path, *args: str) -> tuple[int, str]:
    env = {"DLP_NER": "false", "DLP_DATA_DIR": str(folder), "DLP_CONFIG": None, "DLP_POLICY": None}
    result = CliRunner(env=env).invoke(cli_app, list(args))
    return result.exit_code, result.stdout


FORWARDING = [
    ("/v1/inspect", MESSAGE),
    ("/v1/redact", MESSAGE),
    ("/v1/reidentify", {"tokens": ["x"], "reason": "ticket SUP-1"}),
    ("/mcp/files", {"jsonrpc": "2.0", "id": 1, "method": "ping"}),
]


def test_kill_switch_stops_forwarding_and_survives_a_restart(switched: tuple[Path, dict[str, str]]) -> None:
    folder, keys = switched
    config = auth_config(folder, audit_enabled=False)
    admin = {"Authorization": f"Bearer {keys['acme_admin']}"}
    analyst = {"Authorization": f"Bearer {keys['acme_analyst']}"}
    with TestClient(create_app(config, engine=shared_engine(folder))) as client:
        assert client.post("/v1/admin/killswitch", json={"engaged": True}, headers=analyst).status_code == 403
        on = client.post("/v1/admin/killswitch", json={"engaged": True}, headers=admin)
        assert on.status_code == 200 and on.json()["changed_by"] == "apikey:acme_admin"
        for path, body in FORWARDING:
            response = client.post(path, json=body, headers=analyst)
            assert response.status_code == 503, path
            assert response.json()["code"] == "kill_switch"
        assert client.get("/healthz").status_code == 200
    # A new process (same database) starts stopped.
    with TestClient(create_app(config, engine=shared_engine(folder))) as client:
        assert client.post("/v1/inspect", json=MESSAGE, headers=analyst).status_code == 503
        assert client.get("/v1/admin/killswitch", headers=admin).json()["engaged"] is True
    assert _cli(folder, "killswitch", "status")[1].startswith("kill switch ON")
    assert _cli(folder, "killswitch", "off")[0] == 0
    with TestClient(create_app(config, engine=shared_engine(folder))) as client:
        assert client.post("/v1/inspect", json=MESSAGE, headers=analyst).status_code == 200
    assert _cli(folder, "killswitch", "on")[0] == 0
    with TestClient(create_app(config, engine=shared_engine(folder))) as client:
        assert client.post("/v1/redact", json=MESSAGE, headers=analyst).status_code == 503


def test_kill_switch_runs_the_session_hooks(switched: tuple[Path, dict[str, str]]) -> None:
    folder, keys = switched
    ended: list[str] = []

    async def end_sessions() -> None:
        ended.append("gateway")

    app = create_app(
        auth_config(folder, audit_enabled=False), engine=shared_engine(folder), on_killswitch=[end_sessions]
    )
    with TestClient(app) as client:
        admin = {"Authorization": f"Bearer {keys['acme_admin']}"}
        client.post("/v1/admin/killswitch", json={"engaged": False}, headers=admin)
        assert ended == []
        client.post("/v1/admin/killswitch", json={"engaged": True}, headers=admin)
        assert ended == ["gateway"]


def test_apikey_cli_creates_lists_and_revokes(tmp_path: Path) -> None:
    code, key = _cli(tmp_path, "apikey", "create", "--tenant", "acme", "--role", "analyst", "--name", "bot")
    assert code == 0 and key.startswith("mdlp_")
    code, listing = _cli(tmp_path, "apikey", "list", "--json")
    assert code == 0 and key.strip().split("_", 2)[2] not in listing
    assert '"tenant": "acme"' in listing or '"tenant":"acme"' in listing
    key_id = key.split("_")[1]
    assert _cli(tmp_path, "apikey", "revoke", key_id)[0] == 0
    assert _cli(tmp_path, "apikey", "revoke", "0" * 16)[0] == 2
    assert '"revoked": true' in _cli(tmp_path, "apikey", "list", "--json")[1].replace(
        '"revoked":true', '"revoked": true'
    )


def test_an_unreachable_limit_store_fails_closed(tmp_path: Path) -> None:
    config = auth_config(
        tmp_path, rate_limit_per_minute=100, rate_limit_redis_url="redis://127.0.0.1:1/0", audit_enabled=False
    )
    keys = make_keys(config)
    with TestClient(create_app(config, engine=shared_engine(tmp_path))) as client:
        response = client.post(
            "/v1/inspect", json=MESSAGE, headers={"Authorization": f"Bearer {keys['acme_analyst']}"}
        )
    assert response.status_code == 503 and response.json()["code"] == "security_unavailable"


def test_kill_switch_changes_are_audited(tmp_path: Path) -> None:
    from dlp.audit.trail import AuditTrail, open_audit_store  # noqa: PLC0415

    config = auth_config(tmp_path)
    keys = make_keys(config)
    trail = AuditTrail(open_audit_store(config), asynchronous=False)
    with TestClient(create_app(config, engine=shared_engine(tmp_path), trail=trail)) as client:
        admin = {"Authorization": f"Bearer {keys['acme_admin']}"}
        client.post("/v1/admin/killswitch", json={"engaged": True}, headers=admin)
        client.post("/v1/admin/killswitch", json={"engaged": False}, headers=admin)
        events = client.get("/v1/audit/events", headers=admin).json()["events"]
    operations = [e["detail"].get("operation") for e in events if e["kind"] == "key_operation"]
    assert operations == ["killswitch_on", "killswitch_off"]
    assert all(e["actor"]["user"] == "apikey:acme_admin" for e in events if e["kind"] == "key_operation")
