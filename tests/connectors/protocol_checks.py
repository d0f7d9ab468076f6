"""Protocol-robustness checks shared by every transport (stdio wrapper, HTTP gateway).

Each takes a live client session on the misbehaving fake server and asserts one behaviour, so a
transport's test module only supplies the session.
"""

from __future__ import annotations

import json
from typing import Any

import anyio
import pytest
from mcp import MCPError

from dlp.jsonrpc import FAILED_CODE
from tests.connectors.live import Live


def interleaved_requests_keep_their_ids(live: Live, delays: dict[str, float]) -> None:
    """Answers that come back in another order than the requests still reach the right caller."""
    results: dict[str, str] = {}

    async def one(tag: str) -> None:
        result = await live.session.call_tool("sleep", {"seconds": delays[tag], "tag": tag})
        results[tag] = result.content[0].text  # type: ignore[union-attr]

    async def all_of_them() -> None:
        async with anyio.create_task_group() as group:
            for tag in delays:
                group.start_soon(one, tag)

    live.call(all_of_them)
    assert results == {tag: f"done {tag}" for tag in delays}


def cancellation_reaches_the_upstream(live: Live) -> None:
    """The client gives up first; its notifications/cancelled goes through the proxy."""
    with pytest.raises(MCPError):
        live.call(live.session.call_tool, "hang", {}, read_timeout_seconds=0.5)

    async def cancelled_ids() -> list[Any]:
        with anyio.fail_after(10):
            while True:
                result = await live.session.call_tool("cancelled", {})
                ids: list[Any] = json.loads(result.content[0].text)  # type: ignore[union-attr]
                if ids:
                    return ids
                await anyio.sleep(0.05)

    assert len(live.call(cancelled_ids)) == 1


def failure_reaches_the_client(live: Live, tool: str, arguments: dict[str, Any] | None = None) -> MCPError:
    """Calling ``tool`` (hang, garbage, crash) gives the client an inspection-failed error, not a hang."""
    with pytest.raises(MCPError) as raised:
        live.call(live.session.call_tool, tool, arguments or {}, read_timeout_seconds=60)
    assert raised.value.code == FAILED_CODE
    return raised.value


def big_result_is_inspected(live: Live, size: int = 5 * 1024 * 1024) -> str:
    """A result of ``size`` bytes arrives with its planted SSN remediated."""
    result = live.call(live.session.call_tool, "big", {"size": size}, read_timeout_seconds=120)
    text: str = result.content[0].text  # type: ignore[union-attr]
    assert "536-22-8147" not in text and text.endswith("SSN [US_SSN]")
    return text
