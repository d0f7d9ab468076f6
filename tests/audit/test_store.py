"""The audit chain on SQLite and PostgreSQL: every kind of tampering is found and named."""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from dlp.audit.event import AuditEvent, Verdict
from dlp.audit.store import AuditStore, EventQuery

KEY = secrets.token_bytes(32)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'audit.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def store(db_url: str, tmp_path: Path) -> Iterator[AuditStore]:
    audit = AuditStore(db_url, KEY, mirror_path=tmp_path / "audit.jsonl", checkpoint_every=5)
    yield audit
    audit._engine.dispose()


def event(n: int, tenant: str = "acme") -> AuditEvent:
    return AuditEvent(
        tenant=tenant,
        actor={"user": f"user{n % 3}"},
        target={"tool": "search"},
        verdict=Verdict.REMEDIATED,
        findings={"entities": {"US_SSN": n}},
        actions={"redact": n},
    )


def fill(store: AuditStore, count: int = 12) -> None:
    for n in range(1, count + 1):
        store.append(event(n))


def execute(db_url: str, statement: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()


def kinds(store: AuditStore) -> set[tuple[int | None, str]]:
    return {(p.seq, p.kind) for p in store.verify()}


def test_an_untouched_trail_verifies(store: AuditStore, tmp_path: Path) -> None:
    fill(store)
    store.checkpoint()
    assert store.verify() == []
    mirrored = [json.loads(line) for line in (tmp_path / "audit.jsonl").read_text().splitlines()]
    assert [m["seq"] for m in mirrored] == list(range(1, 13))
    assert mirrored[1]["prev_hash"] == mirrored[0]["hash"]


def test_an_edited_event_is_named(store: AuditStore, db_url: str) -> None:
    fill(store)
    execute(
        db_url, "UPDATE audit_events SET body = replace(body, '\"redact\": 7', '\"redact\": 0') WHERE seq = 7"
    )
    assert (7, "edited") in kinds(store)


def test_a_deleted_event_is_named(store: AuditStore, db_url: str) -> None:
    fill(store)
    execute(db_url, "DELETE FROM audit_events WHERE seq = 4")
    found = kinds(store)
    assert (4, "missing") in found


def test_a_truncated_tail_is_caught_by_the_signed_checkpoint(store: AuditStore, db_url: str) -> None:
    fill(store)
    store.checkpoint()
    execute(db_url, "DELETE FROM audit_events WHERE seq > 9")
    assert (12, "truncated") in kinds(store)


def test_reordered_events_are_named(store: AuditStore, db_url: str) -> None:
    fill(store)
    execute(db_url, "UPDATE audit_events SET seq = -1 WHERE seq = 3")
    execute(db_url, "UPDATE audit_events SET seq = 3 WHERE seq = 8")
    execute(db_url, "UPDATE audit_events SET seq = 8 WHERE seq = -1")
    found = kinds(store)
    assert (3, "edited") in found and (8, "edited") in found


def test_an_inserted_event_is_named(store: AuditStore, db_url: str) -> None:
    fill(store, 4)
    other = AuditStore(db_url, KEY)
    forged = other.append(event(99))  # a well-formed event appended by someone else...
    other._engine.dispose()
    # ...then moved into the middle of the chain with a rewritten position.
    execute(db_url, f"UPDATE audit_events SET seq = 100 WHERE seq = {forged.seq}")
    execute(db_url, "UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 3 AND seq < 100")
    execute(db_url, "UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1000")
    execute(db_url, "UPDATE audit_events SET seq = 3 WHERE seq = 100")
    found = kinds(store)
    assert any(seq == 3 and kind in {"edited", "broken_link"} for seq, kind in found)


def test_a_rebuilt_chain_does_not_match_its_signed_checkpoints(store: AuditStore, db_url: str) -> None:
    fill(store, 10)  # checkpoints at 5 and 10
    # An attacker with database access deletes event 2 and re-chains everything after it.
    execute(db_url, "DELETE FROM audit_events WHERE seq >= 2")
    rebuilt = AuditStore(db_url, secrets.token_bytes(32))  # without the real key
    for n in range(3, 11):
        rebuilt.append(event(n))
    rebuilt._engine.dispose()
    problems = store.verify()
    assert any(p.kind in {"edited", "forged_checkpoint"} for p in problems)


def test_a_forged_checkpoint_is_named(store: AuditStore, db_url: str) -> None:
    fill(store, 5)
    execute(db_url, "UPDATE audit_checkpoints SET mac = '" + "0" * 64 + "' WHERE seq = 5")
    assert (5, "forged_checkpoint") in kinds(store)


def test_query_filters_by_user_entity_and_action(store: AuditStore) -> None:
    fill(store, 9)
    store.append(event(10, tenant="globex"))
    assert [e["seq"] for e in store.query(EventQuery(tenant="acme", user="user1"))] == [1, 4, 7]
    assert len(store.query(EventQuery(entity="US_SSN", limit=3))) == 3
    assert store.query(EventQuery(action="block")) == []
    assert [e["seq"] for e in store.query(EventQuery(tenant="globex"))] == [10]


def test_concurrent_writers_keep_one_chain(db_url: str, tmp_path: Path) -> None:
    writers = 8
    per_writer = 1250  # 10,000 events in all
    stores = [AuditStore(db_url, KEY, checkpoint_every=500) for _ in range(writers)]

    def write(audit: AuditStore) -> None:
        for batch in range(per_writer // 25):
            audit.append_many([event(batch * 25 + i) for i in range(25)])

    threads = [threading.Thread(target=write, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert not any(t.is_alive() for t in threads)
    stores[0].checkpoint()
    assert stores[0].verify() == []
    assert sum(1 for _ in stores[0].iter_stored()) == writers * per_writer
    for audit in stores:
        audit._engine.dispose()
