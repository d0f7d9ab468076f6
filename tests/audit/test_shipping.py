"""Off-host shipping: a sink that is down for a while then back loses no event."""

from __future__ import annotations

import io
import json
from pathlib import Path

from dlp.audit.shipper import Shipper
from dlp.audit.sinks import StdoutSink, SyslogSink, WebhookSink, syslog_frame
from tests.audit.listeners import Syslog, Webhook, free_port, read_frames, tls_pair


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def records(first: int, count: int) -> list[dict[str, object]]:
    return [
        {
            "seq": n,
            "id": f"e{n}",
            "kind": "inspection",
            "verdict": "blocked",
            "time": "2026-11-21T04:00:00.000Z",
        }
        for n in range(first, first + count)
    ]


def test_webhook_down_then_back_loses_nothing_and_keeps_order(tmp_path: Path) -> None:
    hook = Webhook()
    clock = Clock()
    sink = WebhookSink(hook.url, token="t0ken")
    shipper = Shipper(sink, tmp_path / "spool", batch_size=7, clock=clock)
    try:
        hook.down = True
        shipper.submit(records(1, 20))
        assert shipper.flush() == 0
        shipper.submit(records(21, 10))
        assert shipper.flush() == 0, "backing off: no attempt before the back-off expires"
        assert hook.requests == 1
        assert shipper.backlog_bytes > 0
        hook.down = False
        clock.now += 1.5
        assert shipper.flush() == 30
        assert [e["seq"] for e in hook.events] == list(range(1, 31))
        assert shipper.backlog_bytes == 0
    finally:
        sink.close()
        hook.close()


def test_spool_survives_a_restart(tmp_path: Path) -> None:
    hook = Webhook()
    hook.down = True
    first = Shipper(WebhookSink(hook.url), tmp_path / "spool")
    first.submit(records(1, 5))
    first.flush()
    hook.down = False
    restarted = Shipper(WebhookSink(hook.url), tmp_path / "spool")
    assert restarted.flush() == 5
    assert [e["seq"] for e in hook.events] == [1, 2, 3, 4, 5]
    hook.close()


def test_syslog_listener_that_starts_late_receives_everything(tmp_path: Path) -> None:
    port = free_port()
    clock = Clock()
    sink = SyslogSink("127.0.0.1", port, timeout_s=5, hostname="gw1")
    shipper = Shipper(sink, tmp_path / "spool", clock=clock)
    shipper.submit(records(1, 12))
    assert shipper.flush() == 0  # nobody listening yet
    listener = Syslog(port)
    try:
        clock.now += 2
        assert shipper.flush() == 12
        sink.close()  # the receiver has everything once the connection is closed
        assert listener.wait_for(12)
        assert len(listener.messages) == 12
        first = listener.messages[0].decode()
        assert first.startswith(
            '<108>1 2026-11-21T04:00:00.000Z gw1 mcp-dlp - inspection [mcpdlp@32473 id="e1" seq="1"] '
        )
        assert json.loads(first.split("] ", 1)[1])["seq"] == 1
    finally:
        listener.close()


def test_syslog_over_tls(tmp_path: Path) -> None:
    port = free_port()
    with tls_pair(tmp_path) as (server_context, client_context):
        listener = Syslog(port, tls=server_context)
        sink = SyslogSink("127.0.0.1", port, tls=client_context, timeout_s=5, hostname="gw1")
        try:
            Shipper(sink, tmp_path / "spool").submit(records(1, 3))
            shipper = Shipper(sink, tmp_path / "spool")
            assert shipper.flush() == 3
            sink.close()
            assert listener.wait_for(3)
            assert len(listener.messages) == 3
        finally:
            listener.close()


def test_frames_are_octet_counted_and_parse_back() -> None:
    frames = b"".join(syslog_frame(r, "h") for r in records(1, 3))
    parsed = list(read_frames(io.BytesIO(frames)))
    assert len(parsed) == 3 and all(p.startswith(b"<108>1 ") for p in parsed)


def test_stdout_sink_writes_json_lines() -> None:
    stream = io.StringIO()
    StdoutSink(stream).send(records(1, 2))
    assert [json.loads(line)["seq"] for line in stream.getvalue().splitlines()] == [1, 2]
