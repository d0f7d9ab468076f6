"""@modelcontextprotocol/server-filesystem behind the stdio wrapper, driven by the official SDK client."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from tests.connectors.live import Live, dump, live_http_session, live_session, node_server, wrap_params
from tests.connectors.planted import (
    BENIGN_LINES,
    CARD,
    CARD_MASKED,
    EMAIL,
    HASHED_EMAIL,
    SSN,
    assert_clean,
)

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def files(fs_root: Path) -> Path:
    return fs_root


@pytest.fixture(scope="module")
def audit_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stdio wrapper's data folder, where its audit trail (and JSON-lines mirror) lives."""
    return tmp_path_factory.mktemp("dlp")


@pytest.fixture(scope="module", params=["stdio", "http"])
def live(request: pytest.FixtureRequest, files: Path, audit_dir: Path) -> Iterator[Live]:
    """The same client tests through the stdio wrapper and through the HTTP gateway."""
    if request.param == "http":
        with live_http_session(f"{request.getfixturevalue('gateway_url')}/files") as session:
            yield session
        return
    params = wrap_params([node_server("mcp-server-filesystem"), str(files)], audit_dir)
    with live_session(params) as session:
        yield session


def test_read_text_file_is_remediated_and_the_rest_intact(live: Live, files: Path) -> None:
    result = live.call(live.session.call_tool, "read_text_file", {"path": str(files / "notes.txt")})
    assert not result.is_error
    received = dump(result)
    assert_clean(received)
    text = result.content[0].text  # type: ignore[union-attr]
    for line in BENIGN_LINES:
        assert line in text
    assert "[US_SSN]" in text
    assert CARD_MASKED in text
    assert HASHED_EMAIL.search(text)
    assert text.count("[SECRET]") == 2
    # structuredContent carries the same file and is remediated alike.
    if result.structured_content is not None:
        assert result.structured_content["content"] == text


def test_read_multiple_files(live: Live, files: Path) -> None:
    paths = [str(files / "notes.txt"), str(files / "plain.txt")]
    result = live.call(live.session.call_tool, "read_multiple_files", {"paths": paths})
    received = dump(result)
    assert_clean(received)
    assert "Nothing to see here: build 4711 passed." in received


def test_an_untouched_result_arrives_exactly(live: Live, files: Path) -> None:
    result = live.call(live.session.call_tool, "read_text_file", {"path": str(files / "plain.txt")})
    assert result.content[0].text == "Nothing to see here: build 4711 passed.\n"  # type: ignore[union-attr]


def test_egress_tool_arguments_are_remediated_before_the_server_acts(live: Live, files: Path) -> None:
    target = files / f"outgoing-{id(live)}.txt"
    content = f"Refund card {CARD} for SSN {SSN}; reply to {EMAIL}."
    result = live.call(live.session.call_tool, "write_file", {"path": str(target), "content": content})
    assert not result.is_error
    written = target.read_text(encoding="utf-8")
    # Per the default policy: cards masked and national ids redacted in both directions; a
    # recipient address in outgoing arguments is allowed (the agent must be able to name it).
    assert CARD not in written and SSN not in written
    assert CARD_MASKED in written and "[US_SSN]" in written
    assert EMAIL in written


def test_directory_listing_passes(live: Live, files: Path) -> None:
    result = live.call(live.session.call_tool, "list_directory", {"path": str(files)})
    assert "notes.txt" in dump(result)


def test_the_audit_trail_records_verdicts_and_no_values(files: Path, tmp_path: Path) -> None:
    params = wrap_params([node_server("mcp-server-filesystem"), str(files)], tmp_path)
    with live_session(params) as live:
        live.call(live.session.call_tool, "read_text_file", {"path": str(files / "notes.txt")})
    # The wrapper has exited: its trail is closed and flushed.
    mirror = tmp_path / "audit.jsonl"
    events = [json.loads(line) for line in mirror.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert any(
        "national-ids" in event["rules"] and event["target"]["tool"] == "read_text_file" for event in events
    )
    # Canaries: no planted value in any file the wrapper wrote (trail database, mirror, keys).
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert_clean(path.read_bytes().decode("utf-8", errors="replace"))


@pytest.mark.parametrize("transport", ["stdio", "http"])
def test_a_modern_auto_client_negotiates_through_the_proxy(
    transport: str, files: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """``mcp.Client`` probes ``server/discover`` (2026-07-28) first and falls back to ``initialize``."""
    server: Any
    if transport == "http":
        server = f"{request.getfixturevalue('gateway_url')}/files"
    else:
        server = wrap_params([node_server("mcp-server-filesystem"), str(files)], tmp_path)

    async def read() -> str:
        async with Client(server) as client:
            result = await client.call_tool("read_text_file", {"path": str(files / "notes.txt")})
            return dump(result)

    received = anyio.run(read)
    assert_clean(received)
    assert BENIGN_LINES[1] in received
