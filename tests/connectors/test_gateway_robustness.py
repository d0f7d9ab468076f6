"""The misbehaving fake upstream behind the HTTP gateway: the client always gets an answer."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dlp.config import Config
from dlp.connectors.gateway import create_gateway_app
from dlp.connectors.gateway_config import GatewayConfig
from tests.connectors import protocol_checks as checks
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
    checks.interleaved_requests_keep_their_ids(live, {"a": 0.5, "b": 0.05, "c": 0.25, "d": 0.0})


def test_a_cancelled_request_reaches_the_upstream(live: Live) -> None:
    checks.cancellation_reaches_the_upstream(live)


def test_a_hanging_upstream_gets_the_client_an_error(live: Live) -> None:
    assert "did not answer" in checks.failure_reaches_the_client(live, "hang").error.message


def test_garbage_on_stdout_answers_the_waiting_request(live: Live) -> None:
    checks.failure_reaches_the_client(live, "garbage")


def test_a_five_mebibyte_result_goes_through_inspected(base_url: str) -> None:
    # Larger than the SDK's 1 MiB SSE event limit: the gateway answers with one JSON body.
    with live_http_session(f"{base_url}/fake") as live:
        checks.big_result_is_inspected(live)


def test_a_crashing_upstream_gets_the_client_an_error(base_url: str) -> None:
    with live_http_session(f"{base_url}/fake") as live:
        assert "exited with status 3" in checks.failure_reaches_the_client(live, "crash").error.message
