"""The proxy under a misbehaving upstream: ids kept, cancellations relayed, crashes and hangs answered."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from mcp.types import ImageContent

from tests.connectors import protocol_checks as checks
from tests.connectors.live import Live, live_session, wrap_params

pytestmark = pytest.mark.timeout(120)

FAKE = [sys.executable, str(Path(__file__).with_name("fake_server.py"))]
UPSTREAM_TIMEOUT_S = 3.0


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    params = wrap_params(
        FAKE, tmp_path_factory.mktemp("dlp"), wrap_args=("--upstream-timeout", str(UPSTREAM_TIMEOUT_S))
    )
    with live_session(params) as session:
        yield session


def test_interleaved_concurrent_requests_keep_their_ids(live: Live) -> None:
    checks.interleaved_requests_keep_their_ids(live, {"a": 0.6, "b": 0.05, "c": 0.3, "d": 0.0})


def test_a_cancelled_request_reaches_the_upstream(live: Live) -> None:
    checks.cancellation_reaches_the_upstream(live)


def test_a_hanging_upstream_gets_the_client_an_error(live: Live) -> None:
    checks.failure_reaches_the_client(live, "hang")


def test_garbage_on_stdout_answers_the_waiting_request(live: Live) -> None:
    error = checks.failure_reaches_the_client(live, "garbage")
    assert "not JSON-RPC" in error.error.message
    # The session goes on: the next request is answered normally.
    result = live.call(live.session.call_tool, "sleep", {"seconds": 0, "tag": "after"})
    assert result.content[0].text == "done after"  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def patient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A second wrapper with the default upstream timeout: a big result must not race a short one."""
    # 5 MiB take seconds to inspect on a loaded 2-core machine: more than the default 10 s budget.
    params = wrap_params(FAKE, tmp_path_factory.mktemp("dlp"), env={"DLP_INSPECTION_TIMEOUT": "120"})
    with live_session(params) as session:
        yield session


def test_a_five_mebibyte_result_goes_through_inspected(patient: Live) -> None:
    assert len(checks.big_result_is_inspected(patient)) > 5 * 1024 * 1024 - 100


def test_a_crashing_upstream_gets_the_client_an_error(patient: Live) -> None:
    # Last in the module: the upstream is gone afterwards.
    assert "exited with status 3" in checks.failure_reaches_the_client(patient, "crash").error.message


def test_a_remediated_field_that_no_longer_fits_its_optional_slot_is_dropped(live: Live) -> None:
    live.call(live.session.list_tools)
    # The SDK client validates structuredContent against the listed outputSchema and would raise.
    result = live.call(live.session.call_tool, "account", {})
    assert not result.is_error
    assert result.structured_content == {"holder": "Jane Roe", "plan": "pro", "balance": 12.5}
    text = result.content[0].text  # type: ignore[union-attr]
    assert "4111111111111111" not in text and "1111" in text


def test_a_remediated_required_field_tombstones_the_result(live: Live) -> None:
    live.call(live.session.list_tools)
    result = live.call(live.session.call_tool, "account_strict", {})
    assert result.is_error and result.structured_content is None
    assert "removed by mcp-dlp: rule output-schema" in result.content[0].text  # type: ignore[union-attr]


def test_a_valid_image_arrives_byte_for_byte(live: Live) -> None:
    from tests.connectors.fake_server import blue_square  # noqa: PLC0415

    result = live.call(live.session.call_tool, "image", {})
    image = result.content[1]
    assert isinstance(image, ImageContent) and image.data == blue_square()


def test_sigterm_stops_the_wrapper_and_its_server(tmp_path: Path) -> None:
    import os  # noqa: PLC0415
    import signal  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    params = wrap_params(FAKE, tmp_path)
    env = {**os.environ, **(params.env or {})}
    wrapper = subprocess.Popen(
        [params.command, *params.args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=params.cwd
    )
    assert wrapper.stdin is not None and wrapper.stdout is not None
    request = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18"}}
    wrapper.stdin.write(json.dumps(request).encode() + b"\n")
    wrapper.stdin.flush()
    assert json.loads(wrapper.stdout.readline())["id"] == 1  # the server is up behind the wrapper
    children = subprocess.run(["pgrep", "-P", str(wrapper.pid)], capture_output=True, text=True, check=False)
    pids = [int(pid) for pid in children.stdout.split()]
    assert pids
    wrapper.send_signal(signal.SIGTERM)
    wrapper.wait(timeout=30)  # the server saw its input close and exited; so did the wrapper
    for pid in pids:
        assert (
            not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()
        )
