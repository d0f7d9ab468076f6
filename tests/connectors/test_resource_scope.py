"""A resource outside the connector's permitted scope is blocked, and the trail gets an alert."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mcp import MCPError

from tests.connectors.live import live_session, node_server, wrap_params

ALLOWED = "demo://resource/static/document/features.md"
REFUSED = "demo://resource/static/document/architecture.md"


def test_out_of_scope_resources_are_blocked_and_alerted(tmp_path: Path) -> None:
    params = wrap_params(
        [node_server("mcp-server-everything")],
        tmp_path / "data",
        wrap_args=("--resource-scope", "demo://resource/static/document/f*"),
    )
    with live_session(params) as live:
        allowed = live.call(live.session.read_resource, ALLOWED)
        assert allowed.contents
        with pytest.raises(MCPError) as refused:
            live.call(live.session.read_resource, REFUSED)
        assert "permitted scope" in str(refused.value)
    mirror = (tmp_path / "data" / "audit.jsonl").read_text(encoding="utf-8")
    alerts = [e for e in map(json.loads, mirror.splitlines()) if e["kind"] == "alert"]
    assert [a["detail"] for a in alerts] == [{"alert": "resource_out_of_scope", "uri_scheme": "demo"}]
    assert "architecture" not in mirror, "the refused URI itself is not recorded"
