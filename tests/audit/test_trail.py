"""The trail end to end: real engine outcomes become chained, shipped, counted events without values."""

from __future__ import annotations

import json
from pathlib import Path

from dlp.audit.shipper import Shipper
from dlp.audit.sinks import WebhookSink
from dlp.audit.store import EventQuery
from dlp.audit.trail import build_audit_trail
from dlp.config import Config
from dlp.context import Direction, InspectContext
from dlp.wiring import build_engine
from tests.audit.listeners import Webhook

CANARIES = ["536-22-8741", "canary.9f3k@example.com", "4111 1111 1111 1111", "Zephyrine Quackenbush"]


def test_no_planted_value_reaches_events_mirror_sink_or_metrics(tmp_path: Path) -> None:
    config = Config(data_dir=tmp_path, ner_enabled=False, audit_checkpoint_every=2)
    engine = build_engine(config)
    trail = build_audit_trail(config)
    hook = Webhook()
    trail = type(trail)(
        trail.store, shippers=[Shipper(WebhookSink(hook.url), tmp_path / "spool")], monitor=None
    )
    text = f"Customer {CANARIES[3]} <{CANARIES[1]}> SSN {CANARIES[0]} card {CANARIES[2]}"
    context = InspectContext(
        direction=Direction.RESPONSE, tool="crm_lookup", user="agent-user", tenant="acme"
    )
    for msg_id in range(3):
        message = {"jsonrpc": "2.0", "id": msg_id, "result": {"content": [{"type": "text", "text": text}]}}
        outcome = engine.inspect(message, context)
        event = trail.record(outcome, context)
        assert event.findings["entities"]
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
