"""The audit trail as the edges use it: record an outcome, and everything else follows.

One call stores the chained event (database and JSON-lines mirror), lets the alert monitor add
its alerts behind it, hands both to every off-host shipper and counts them in the metrics.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from typing import Any

from dlp.audit.alerts import AlertMonitor, AlertThresholds
from dlp.audit.event import AuditEvent, inspection_event
from dlp.audit.metrics import Metrics
from dlp.audit.shipper import Shipper
from dlp.audit.sinks import Sink, StdoutSink, SyslogSink, WebhookSink
from dlp.audit.store import AuditStore
from dlp.config import AuditSinkConfig, Config
from dlp.context import InspectContext
from dlp.engine import Outcome
from dlp.errors import ConfigError
from dlp.operators import load_or_create_hash_key


class AuditTrail:
    """Records events; thread-safe."""

    def __init__(
        self,
        store: AuditStore,
        *,
        shippers: Sequence[Shipper] = (),
        metrics: Metrics | None = None,
        monitor: AlertMonitor | None = None,
    ) -> None:
        self.store = store
        self.shippers = tuple(shippers)
        self.metrics = metrics or Metrics()
        self._monitor = monitor

    def record(
        self, outcome: Outcome, context: InspectContext, request_bytes: int | None = None
    ) -> AuditEvent:
        """Record one inspected message (and any alert it raises)."""
        event = inspection_event(outcome, context)
        alerts = self._monitor.observe(event, request_bytes) if self._monitor else []
        self.record_events([event, *alerts])
        return event

    def record_events(self, events: Sequence[AuditEvent]) -> None:
        """Record events of any kind (re-identification, key operations) in order."""
        stored = self.store.append_many(events)
        records: list[dict[str, Any]] = [
            {"seq": s.seq, "prev_hash": s.prev_hash, "hash": s.hash, **s.body} for s in stored
        ]
        for shipper in self.shippers:
            shipper.submit(records)
        for event in events:
            self.metrics.observe(event)
        for shipper in self.shippers:
            self.metrics.spool_bytes.labels(sink=shipper.sink.name).set(shipper.backlog_bytes)

    def start(self) -> None:
        """Start background delivery to the sinks."""
        for shipper in self.shippers:
            shipper.start()

    def close(self) -> None:
        """Deliver what can be delivered, sign the chain head, release resources."""
        for shipper in self.shippers:
            shipper.stop()
        self.store.close()


def build_audit_trail(config: Config) -> AuditTrail:
    """The trail the configuration describes: store, mirror, sinks, alerts and metrics."""
    signing_key = load_or_create_hash_key(config.data_dir / "audit.key")
    store = AuditStore(
        config.resolved_database_url,
        signing_key,
        mirror_path=config.audit_mirror_path or config.data_dir / "audit.jsonl",
        checkpoint_every=config.audit_checkpoint_every,
    )
    shippers = [Shipper(_sink(sink, config), config.data_dir / "spool") for sink in config.audit_sinks]
    thresholds = AlertThresholds(
        window_s=config.alert_window_s,
        max_calls=config.alert_max_calls,
        max_findings=config.alert_max_findings,
        max_request_bytes=config.alert_max_request_bytes,
    )
    return AuditTrail(store, shippers=shippers, monitor=AlertMonitor(thresholds))


def _sink(sink: AuditSinkConfig, config: Config) -> Sink:
    if sink.type == "stdout":
        return StdoutSink()
    if sink.type == "webhook":
        if not sink.url:
            raise ConfigError("audit sink 'webhook' needs a url")
        token = config.audit_webhook_token.get_secret_value() if config.audit_webhook_token else None
        return WebhookSink(sink.url, token=token)
    if not sink.host or not sink.port:
        raise ConfigError("audit sink 'syslog' needs host and port")
    tls = None
    if sink.tls:
        tls = ssl.create_default_context(cafile=str(sink.ca_file) if sink.ca_file else None)
        tls.minimum_version = ssl.TLSVersion.TLSv1_3
    return SyslogSink(sink.host, sink.port, tls=tls)
