"""Failed authentications per client address, through the real service, in memory and in Redis.

An address that spent its budget is refused (429) before authentication: no key lookup, one
audit alert per episode, its own bucket only; the budget refills with time (an injected clock in
memory; in Redis, where the server's clock counts, the bucket's timestamp is moved back).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from sqlalchemy import Engine, event

from dlp.audit.trail import AuditTrail, open_audit_store
from dlp.auth.failure_limit import REDIS_NAMESPACE, address_key, address_pseudonym
from dlp.auth.ratelimit import bucket_key
from dlp.http.app import create_app
from dlp.http.security import build_guard
from dlp.operators import load_or_create_hash_key
from tests.cli.support import shared_engine, tool_result
from tests.security.conftest import REDIS_URL, auth_config, make_keys, redis_client

MESSAGE = {"message": tool_result("hello")}
#: 6 a minute, burst 3: one token back every 10 s, an episode closes after 30 s without refusals.
PER_MINUTE, BURST, REFILL_S = 6, 3, 10.0
THROTTLED = 200


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class KeyLookups:
    """Counts SELECTs on the API-key table, on any engine (a real counter at the driver level)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "dlp_api_keys" in statement:
            self.count += 1


@dataclass
class Setup:
    """The service of one test, its clients per address and ways to inspect it."""

    folder: Path
    app: Any
    keys: dict[str, str]
    advance: Callable[[float], None]
    lookups: KeyLookups
    #: The Redis the buckets live in (None: in memory).
    redis: redis.Redis | None

    def client(self, address: str) -> httpx.AsyncClient:
        """An HTTP client whose requests come from ``address``."""
        transport = httpx.ASGITransport(app=self.app, client=(address, 40000))
        return httpx.AsyncClient(transport=transport, base_url="http://testserver")

    def alerts(self) -> list[dict[str, Any]]:
        """The authentication alerts stored in the trail, in order."""
        store = open_audit_store(auth_config(self.folder))
        try:
            bodies = [dict(e.body) for e in store.iter_stored()]
        finally:
            store.close()
        names = ("authentication_failed", "authentication_throttled")
        return [b for b in bodies if b["kind"] == "alert" and b["detail"]["alert"] in names]


def redis_key(folder: Path, address: str) -> str:
    """The Redis key of ``address``'s bucket for the service whose data folder is ``folder``."""
    key = address_key(load_or_create_hash_key(folder / "hash.key"))
    return bucket_key(address_pseudonym(key, address), REDIS_NAMESPACE)


def _redis() -> redis.Redis:
    return redis_client()


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def lookups() -> Iterator[KeyLookups]:
    counter = KeyLookups()
    event.listen(Engine, "before_cursor_execute", counter)
    yield counter
    event.remove(Engine, "before_cursor_execute", counter)


@pytest.fixture(params=["memory", "redis"])
def setup(request: pytest.FixtureRequest, tmp_path: Path, lookups: KeyLookups) -> Iterator[Setup]:
    clock = Clock()
    settings: dict[str, Any] = {
        "auth_failure_limit_per_minute": PER_MINUTE,
        "auth_failure_limit_burst": BURST,
    }
    store: redis.Redis | None = None
    if request.param == "redis":
        store = _redis()
        settings["rate_limit_redis_url"] = REDIS_URL
    config = auth_config(tmp_path, **settings)
    keys = make_keys(config)
    trail = AuditTrail(open_audit_store(config), asynchronous=False)
    guard = build_guard(config, clock=clock)
    app = create_app(config, engine=shared_engine(tmp_path), trail=trail, guard=guard)
    # Documentation addresses, fresh per run so buckets left in Redis by another run cannot count.
    addresses = [f"198.51.100.{n}" for n in range(256)]
    redis_keys = [redis_key(tmp_path, a) for a in addresses]
    if store is not None:
        store.delete(*redis_keys)

    def advance(seconds: float) -> None:
        clock.now += seconds
        if store is not None:
            # Redis refills by its own clock: move each bucket's last update back instead.
            for key in redis_keys:
                stamp = store.hget(key, "ts")
                if stamp is not None:
                    store.hset(key, "ts", str(float(stamp) - seconds))

    yield Setup(tmp_path, app, keys, advance, lookups, store)
    if store is not None:
        store.delete(*redis_keys)
        store.close()


@pytest.fixture
async def clients(setup: Setup) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    async with setup.client("198.51.100.7") as attacker, setup.client("198.51.100.8") as neighbour:
        yield attacker, neighbour


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.anyio
async def test_an_address_over_its_failure_budget_is_refused_before_authentication(
    setup: Setup, clients: tuple[httpx.AsyncClient, httpx.AsyncClient], caplog: pytest.LogCaptureFixture
) -> None:
    attacker, neighbour = clients
    canary = f"forgedcanary{secrets.token_hex(8)}"
    forged = _bearer(f"mdlp_{secrets.token_hex(8)}_{canary}")
    valid = _bearer(setup.keys["acme_analyst"])
    caplog.set_level("DEBUG")
    before = setup.lookups.count
    failed = [await attacker.post("/v1/inspect", json=MESSAGE, headers=forged) for _ in range(BURST)]
    assert [r.status_code for r in failed] == [401] * BURST
    assert setup.lookups.count - before == BURST  # each failure was a real key lookup

    refused = []
    for n in range(THROTTLED):
        # A forwarded-for header is the caller's to write: it changes nothing.
        spoofed = {**forged, "X-Forwarded-For": f"203.0.113.{n % 250}"}
        refused.append(await attacker.post("/v1/inspect", json=MESSAGE, headers=spoofed))
    refused.append(await attacker.post("/v1/inspect", json=MESSAGE, headers=valid))
    assert {r.status_code for r in refused} == {429}
    assert {r.json()["code"] for r in refused} == {"authentication_throttled"}
    assert all(1 <= int(r.headers["retry-after"]) <= REFILL_S for r in refused)
    # 201 refusals, the valid key among them, and not one credential was looked up.
    assert setup.lookups.count - before == BURST

    # Another address has its own budget.
    assert (await neighbour.post("/v1/inspect", json=MESSAGE, headers=valid)).status_code == 200
    assert (await neighbour.post("/v1/inspect", json=MESSAGE, headers=forged)).status_code == 401

    alerts = setup.alerts()
    mine = [a for a in alerts if a["actor"]["address"] == "198.51.100.7"]
    assert [a["detail"]["alert"] for a in mine] == ["authentication_failed"] * BURST + [
        "authentication_throttled"
    ]
    throttled = mine[-1]
    assert throttled["detail"]["reason"] == "too many failed authentications"
    assert 1 <= throttled["detail"]["retry_after_s"] <= REFILL_S
    assert throttled["target"]["method"] == "http/v1/inspect" and throttled["tenant"] == "*"
    assert len(alerts) == BURST + 2  # plus the neighbour's one failure: O(episodes), not O(requests)
    if setup.redis is not None:
        assert setup.redis.exists(redis_key(setup.folder, "198.51.100.7"))

    metrics = await neighbour.get("/metrics", headers=_bearer(setup.keys["acme_metrics"]))
    assert f"mcp_dlp_auth_throttled_total {THROTTLED + 1}.0" in metrics.text

    # The forged key is nowhere: not in answers, logs, the trail, its mirror or any stored file.
    for response in [*failed, *refused]:
        assert canary not in response.text and canary not in str(response.headers)
    assert canary not in caplog.text
    assert canary not in json.dumps(alerts)
    for path in setup.folder.rglob("*"):
        if path.is_file():
            assert canary.encode() not in path.read_bytes(), path.name


@pytest.mark.anyio
async def test_the_budget_refills_and_silent_refusals_are_counted_on_the_next_alert(
    setup: Setup, clients: tuple[httpx.AsyncClient, httpx.AsyncClient]
) -> None:
    attacker, _ = clients
    forged = _bearer(f"mdlp_{secrets.token_hex(8)}_{secrets.token_hex(16)}")
    valid = _bearer(setup.keys["acme_analyst"])

    async def status(headers: dict[str, str]) -> int:
        return (await attacker.post("/v1/inspect", json=MESSAGE, headers=headers)).status_code

    assert [await status(forged) for _ in range(BURST)] == [401] * BURST
    assert [await status(forged) for _ in range(5)] == [429] * 5
    assert await status(valid) == 429  # over budget: even a valid key waits
    setup.advance(REFILL_S + 1)
    # One token back: the address is under budget, and successes do not spend it.
    assert [await status(valid) for _ in range(3)] == [200] * 3
    assert await status(forged) == 401
    assert await status(forged) == 429  # the same episode: no second alert
    setup.advance(6 * REFILL_S)  # a full refill, and long enough without refusals to end the episode
    assert [await status(forged) for _ in range(BURST)] == [401] * BURST
    assert await status(forged) == 429  # a new episode: a second alert

    mine = [a for a in setup.alerts() if a["actor"]["address"] == "198.51.100.7"]
    names = [a["detail"]["alert"] for a in mine]
    assert names == ["authentication_failed"] * BURST + ["authentication_throttled"] + [
        "authentication_failed"
    ] * (1 + BURST) + ["authentication_throttled"]
    # Eight refusals, two of them alerts: the six silent ones are reported on the address's next
    # alerts (five on the failure after the refill, one once the episode had ended), none lost.
    reported = [a["detail"].get("suppressed", 0) for a in mine]
    assert reported == [0] * BURST + [0, 5, 1] + [0] * (BURST - 1) + [0]
