"""The audit trail as the edges use it: record an outcome, and everything else follows.

One call builds the event, lets the alert monitor add its alerts behind it and queues them; a
writer thread stores them chained (database and JSON-lines mirror) in batches, hands them to
every off-host shipper and counts them in the metrics. Recording costs the caller microseconds,
not a database transaction; the queue is bounded, and a full queue makes callers wait rather
than drop events. What is still queued when the process dies abruptly is lost: at most one
batch interval's worth, which the off-host sinks cannot have seen either.
"""

from __future__ import annotations

import logging
import queue
import ssl
import threading
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
from dlp.errors import AuditError, ConfigError
from dlp.operators import load_or_create_hash_key

log = logging.getLogger(__name__)

#: Events written per transaction at most, and how long the writer waits to fill a batch.
_BATCH = 500
_BATCH_WAIT_S = 0.05


class AuditTrail:
    """Records events; thread-safe. ``asynchronous=False`` writes inside ``record`` (tools, tests)."""

    def __init__(
        self,
        store: AuditStore,
        *,
        shippers: Sequence[Shipper] = (),
        metrics: Metrics | None = None,
        monitor: AlertMonitor | None = None,
        asynchronous: bool = True,
        queue_size: int = 10_000,
    ) -> None:
        self.store = store
        self.shippers = tuple(shippers)
        self.metrics = metrics or Metrics()
        self._monitor = monitor
        self._queue: queue.Queue[AuditEvent | None] | None = queue.Queue(queue_size) if asynchronous else None
        self._writer: threading.Thread | None = None
        self._failure: str | None = None
        if self._queue is not None:
            self._writer = threading.Thread(target=self._drain, name="audit-writer", daemon=True)
            self._writer.start()

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
        if self._failure is not None:
            # The writer cannot store events: callers must know, so the edge can fail closed.
            raise AuditError(f"the audit trail cannot be written: {self._failure}")
        if self._queue is None:
            self._write(events)
            return
        for audit_event in events:
            self._queue.put(audit_event)

    def flush(self) -> None:
        """Wait until every recorded event is stored and handed to the shippers."""
        if self._queue is not None:
            self._queue.join()
        if self._failure is not None:
            raise AuditError(f"the audit trail cannot be written: {self._failure}")

    def _drain(self) -> None:
        assert self._queue is not None
        while True:
            first = self._queue.get()
            batch = [first]
            try:
                while len(batch) < _BATCH:
                    batch.append(self._queue.get(timeout=_BATCH_WAIT_S))
            except queue.Empty:
                pass  # the batch is as full as it gets for now
            events = [item for item in batch if item is not None]
            try:
                if events:
                    self._write(events)
            except Exception as exc:  # noqa: BLE001 - the writer must report, not die silently
                self._failure = type(exc).__name__
                log.error("audit trail write failed (%s); further recording is refused", type(exc).__name__)
            finally:
                for _ in batch:
                    self._queue.task_done()
            if None in batch:
                return

    def _write(self, events: Sequence[AuditEvent]) -> None:
        stored = self.store.append_many(events)
        records: list[dict[str, Any]] = [
            {"seq": s.seq, "prev_hash": s.prev_hash, "hash": s.hash, **s.body} for s in stored
        ]
        for shipper in self.shippers:
            shipper.submit(records)
        for audit_event in events:
            self.metrics.observe(audit_event)
        for shipper in self.shippers:
            self.metrics.spool_bytes.labels(sink=shipper.sink.name).set(shipper.backlog_bytes)

    def start(self) -> None:
        """Start background delivery to the sinks."""
        for shipper in self.shippers:
            shipper.start()

    def close(self) -> None:
        """Store what is queued, deliver what can be delivered, sign the chain head, release resources."""
        if self._queue is not None and self._writer is not None:
            self._queue.put(None)
            self._writer.join(timeout=30)
            self._writer = None
        for shipper in self.shippers:
            shipper.stop()
        self.store.close()


def open_audit_store(config: Config, *, create_key: bool = True) -> AuditStore:
    """The audit store of ``config``; ``create_key=False`` refuses to invent a missing signing key.

    Verification with a freshly made key would report every checkpoint as forged, so reading
    tools ask for the existing key only.
    """
    key_path = config.data_dir / "audit.key"
    if not create_key and not key_path.exists():
        raise ConfigError(
            f"no audit signing key at {key_path}: nothing has been audited with this data folder"
        )
    return AuditStore(
        config.resolved_database_url,
        load_or_create_hash_key(key_path),
        mirror_path=config.audit_mirror_path or config.data_dir / "audit.jsonl",
        checkpoint_every=config.audit_checkpoint_every,
    )


def build_audit_trail(config: Config) -> AuditTrail:
    """The trail the configuration describes: store, mirror, sinks, alerts and metrics."""
    store = open_audit_store(config)
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
