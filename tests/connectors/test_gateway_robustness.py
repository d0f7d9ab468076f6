"""The misbehaving fake upstream behind the HTTP gateway: the client always gets an answer."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import MCPError

from dlp.config import Config
from dlp.connectors.gateway import create_gateway_app
from dlp.connectors.gateway_config import GatewayConfig
from dlp.jsonrpc import FAILED_CODE
from tests.connectors.live import Live, live_http_session, serve

pytestmark = pytest.mark.timeout(120)

FAKE = [sys.executable, str(Path(__file__).with_name("fake_server.py"))]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    gateway_config = GatewayConfig.model_validate(
        {"upstreams": {"fake": {"command": FAKE}, "impatient": {"command": FAKE, "upstream_timeout_s": 2}}}
    )
    # 5 MiB take seconds to inspect on a loaded 2-core machine: more than the default 10 s budget.
    config = Config(
        data_dir=tmp_path_factory.mktemp("gw"),
        ner_enabled=False,
        audit_enabled=False,
        inspection_timeout_s=120,
    )
    with serve(create_gateway_app(config, gateway_config, environ=dict(os.environ))) as url:
        yield url


@pytest.fixture(scope="module")
def live(base_url: str) -> Iterator[Live]:
    with live_http_session(f"{base_url}/impatient") as session:
        yield session


def test_interleaved_concurrent_requests_keep_their_ids(live: Live) -> None:
    delays = {"a": 0.5, "b": 0.05, "c": 0.25, "d": 0.0}
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


def test_a_cancelled_request_reaches_the_upstream(live: Live) -> None:
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


def test_a_hanging_upstream_gets_the_client_an_error(live: Live) -> None:
    with pytest.raises(MCPError) as raised:
        live.call(live.session.call_tool, "hang", {}, read_timeout_seconds=60)
    assert raised.value.code == FAILED_CODE and "did not answer" in raised.value.error.message


def test_garbage_on_stdout_answers_the_waiting_request(live: Live) -> None:
    with pytest.raises(MCPError) as raised:
        live.call(live.session.call_tool, "garbage", {}, read_timeout_seconds=60)
    assert raised.value.code == FAILED_CODE


def test_a_five_mebibyte_result_goes_through_inspected(base_url: str) -> None:
    # Larger than the SDK's 1 MiB SSE event limit: the gateway answers with one JSON body.
    with live_http_session(f"{base_url}/fake") as live:
        result = live.call(live.session.call_tool, "big", {"size": 5 * 1024 * 1024}, read_timeout_seconds=120)
        text = result.content[0].text  # type: ignore[union-attr]
        assert "536-22-8147" not in text and text.endswith("SSN [US_SSN]")


def test_a_crashing_upstream_gets_the_client_an_error(base_url: str) -> None:
    with live_http_session(f"{base_url}/fake") as live, pytest.raises(MCPError) as raised:
        live.call(live.session.call_tool, "crash", {}, read_timeout_seconds=60)
    assert raised.value.code == FAILED_CODE and "exited with status 3" in raised.value.error.message
