"""The trail end to end: real engine outcomes become chained, shipped, counted events without values."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dlp.audit.shipper import Shipper
from dlp.audit.sinks import WebhookSink
from dlp.audit.store import AuditStore, EventQuery
from dlp.audit.trail import AuditTrail, build_audit_trail
from dlp.config import Config
from dlp.context import Direction, InspectContext
from dlp.errors import AuditError
from dlp.wiring import build_engine
from tests.audit.listeners import Webhook

CANARIES = ["536-22-8741", "canary.9f3k@example.com", "4111 1111 1111 1111", "Zephyrine Quackenbush"]


def test_no_planted_value_reaches_events_mirror_sink_or_metrics(tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path, ner_enabled=False, audit_checkpoint_every=2)
    engine = build_engine(config)
    hook = Webhook()
    store = AuditStore(
        config.resolved_database_url, b"k" * 32, mirror_path=tmp_path / "audit.jsonl", checkpoint_every=2
    )
    trail = AuditTrail(store, shippers=[Shipper(WebhookSink(hook.url), tmp_path / "spool")])
    text = f"Customer {CANARIES[3]} <{CANARIES[1]}> SSN {CANARIES[0]} card {CANARIES[2]}"
    context = InspectContext(
        direction=Direction.RESPONSE, tool="crm_lookup", user="agent-user", tenant="acme"
    )
    for msg_id in range(3):
        message = {"jsonrpc": "2.0", "id": msg_id, "result": {"content": [{"type": "text", "text": text}]}}
        outcome = engine.inspect(message, context)
        event = trail.record(outcome, context)
        assert event.findings["entities"]
    trail.flush()
    for shipper in trail.shippers:
        assert shipper.flush() == 3
    stored = trail.store.query(EventQuery(tenant="acme"))
    assert len(stored) == 3 and stored[0]["target"]["tool"] == "crm_lookup"
    assert stored[0]["findings"]["fingerprints"], "fingerprints correlate without values"
    assert trail.store.verify() == []
    outputs = [
        json.dumps(stored),
        (tmp_path / "audit.jsonl").read_text(),
        json.dumps(hook.events),
        trail.metrics.render().decode(),
    ]
    for output in outputs:
        for canary in CANARIES:
            assert canary not in output
            assert canary.replace(" ", "") not in output
    trail.close()
    hook.close()


def test_a_failing_store_makes_recording_fail_loudly(tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path, ner_enabled=False)
    trail = build_audit_trail(config)
    trail.store._engine.dispose()
    (tmp_path / "vault.db").unlink()
    (tmp_path / "vault.db").mkdir()  # the database path is now unusable
    engine = build_engine(config)
    context = InspectContext(tool="t")
    outcome = engine.inspect({"jsonrpc": "2.0", "id": 1, "result": {"content": []}}, context)
    trail.record(outcome, context)
    with pytest.raises(AuditError):
        trail.flush()
    with pytest.raises(AuditError):
        trail.record(outcome, context)
