"""@modelcontextprotocol/server-everything behind the stdio wrapper: every content type and flow it offers."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import anyio
import mcp.types as types
import pytest
from mcp.client.session import ClientRequestContext

from tests.connectors.conftest import EVERYTHING_ENV
from tests.connectors.live import Live, dump, live_http_session, live_session, node_server, wrap_params
from tests.connectors.planted import EMAIL, HASHED_EMAIL, SSN, assert_clean

pytestmark = pytest.mark.timeout(120)


class Recorder:
    """What the client's callbacks saw."""

    def __init__(self) -> None:
        self.sampling: list[types.CreateMessageRequestParams] = []
        self.logs: list[types.LoggingMessageNotificationParams] = []
        self.log_seen = anyio.Event()

    async def sample(
        self, context: ClientRequestContext, params: types.CreateMessageRequestParams
    ) -> types.CreateMessageResult:
        self.sampling.append(params)
        # The model's answer goes back to the server: it is egress and inspected as such.
        return types.CreateMessageResult(
            role="assistant",
            content=types.TextContent(type="text", text=f"The customer's SSN is {SSN}."),
            model="test-model",
        )

    async def log(self, params: types.LoggingMessageNotificationParams) -> None:
        self.logs.append(params)
        self.log_seen.set()


@pytest.fixture(scope="module", params=["stdio", "http", "http-remote"])
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def recorder(transport: str) -> Recorder:
    return Recorder()


@pytest.fixture(scope="module")
def live(
    request: pytest.FixtureRequest,
    transport: str,
    recorder: Recorder,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Live]:
    """The same client tests through the stdio wrapper and the HTTP gateway (stdio and remote upstreams)."""
    callbacks: dict[str, Any] = {"sampling_callback": recorder.sample, "logging_callback": recorder.log}
    if transport.startswith("http"):
        upstream = "remote" if transport == "http-remote" else "everything"
        with live_http_session(
            f"{request.getfixturevalue('gateway_url')}/{upstream}", **callbacks
        ) as session:
            yield session
        return
    params = wrap_params(
        [node_server("mcp-server-everything")], tmp_path_factory.mktemp("dlp"), env=EVERYTHING_ENV
    )
    with live_session(params, **callbacks) as session:
        yield session


def call(
    live: Live, tool: str, arguments: dict[str, Any] | None = None, **kwargs: Any
) -> types.CallToolResult:
    result = live.call(live.session.call_tool, tool, arguments or {}, **kwargs)
    assert isinstance(result, types.CallToolResult)
    assert not result.is_error, dump(result)
    return result


def test_environment_dump_loses_its_credentials_only(live: Live) -> None:
    received = dump(call(live, "get-env"))
    assert_clean(received)
    assert "STRIPE_SECRET_KEY" in received and "GITHUB_TOKEN" in received and "PATH" in received
    assert HASHED_EMAIL.search(received)


def test_echo_result_is_inspected(live: Live) -> None:
    result = call(live, "echo", {"message": f"Please write to {EMAIL} about build 4711"})
    text = result.content[0].text  # type: ignore[union-attr]
    assert EMAIL not in text
    assert text.startswith("Echo: Please write to [EMAIL_ADDRESS:h_")
    assert text.endswith(" about build 4711")


def test_the_servers_image_is_inspected_and_arrives(live: Live) -> None:
    # The server's "tiny image" carries a colour profile (iCCP) whose checksum is wrong; the
    # extractor reads the pixels without that text-free chunk, finds nothing, and the image
    # arrives as the server sent it.
    result = call(live, "get-tiny-image", {})
    images = [c for c in result.content if isinstance(c, types.ImageContent)]
    assert len(images) == 1 and images[0].mime_type == "image/png"
    assert base64.b64decode(images[0].data).startswith(b"\x89PNG")


def test_annotated_content_keeps_its_annotations(live: Live) -> None:
    result = call(live, "get-annotated-message", {"messageType": "success"})
    assert result.content[0].annotations is not None
    assert result.content[0].annotations.priority is not None


@pytest.mark.parametrize("kind", ["Text", "Blob"])
def test_embedded_resources_arrive(live: Live, kind: str) -> None:
    result = call(live, "get-resource-reference", {"resourceType": kind, "resourceId": 2})
    embedded = [c for c in result.content if isinstance(c, types.EmbeddedResource)]
    assert embedded, dump(result)
    resource = embedded[0].resource
    if kind == "Text":
        assert isinstance(resource, types.TextResourceContents) and resource.text
    else:
        assert isinstance(resource, types.BlobResourceContents) and resource.blob


def test_resource_links_arrive(live: Live) -> None:
    result = call(live, "get-resource-links", {"count": 3})
    links = [c for c in result.content if isinstance(c, types.ResourceLink)]
    assert len(links) == 3 and all(str(link.uri).startswith("demo://") for link in links)


def test_structured_content_passes_the_clients_schema_validation(live: Live) -> None:
    live.call(live.session.list_tools)  # the client validates against the listed outputSchema
    result = call(live, "get-structured-content", {"location": "Chicago"})
    assert result.structured_content is not None
    assert {"temperature", "conditions", "humidity"} <= set(result.structured_content)


def test_resources_list_and_read(live: Live) -> None:
    listed = live.call(live.session.list_resources)
    assert listed.resources
    first = listed.resources[0]
    read = live.call(live.session.read_resource, first.uri)
    assert read.contents and dump(read)


def test_prompt_results_are_inspected(live: Live) -> None:
    prompts = live.call(live.session.list_prompts)
    assert {"simple-prompt", "args-prompt"} <= {p.name for p in prompts.prompts}
    # An e-mail address may go out as an argument (default policy) but comes back hashed.
    result = live.call(live.session.get_prompt, "args-prompt", {"city": "Springfield", "state": EMAIL})
    received = dump(result)
    assert EMAIL not in received
    assert "Springfield" in received and HASHED_EMAIL.search(received)


def test_sampling_request_is_inspected_both_ways(live: Live, recorder: Recorder) -> None:
    tools = {t.name for t in live.call(live.session.list_tools).tools}
    assert "trigger-sampling-request" in tools
    result = call(
        live, "trigger-sampling-request", {"prompt": f"Summarise the ticket from {EMAIL}", "maxTokens": 50}
    )
    # The sampling request the client received (server -> client) had the address hashed.
    asked = recorder.sampling[-1].messages[0].content
    assert isinstance(asked, types.TextContent)
    assert EMAIL not in asked.text and HASHED_EMAIL.search(asked.text)
    assert "Summarise the ticket from" in asked.text
    # The client's answer (client -> server) lost the SSN before the server saw it.
    received = dump(result)
    assert SSN not in received and "[US_SSN]" in received


def test_progress_notifications_arrive(live: Live) -> None:
    seen: list[float] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append(progress)

    call(live, "trigger-long-running-operation", {"duration": 0.3, "steps": 3}, progress_callback=on_progress)
    assert len(seen) == 3 and seen == sorted(seen)


@pytest.mark.filterwarnings("ignore::mcp.MCPDeprecationWarning")
def test_logging_notifications_arrive(live: Live, recorder: Recorder) -> None:
    live.call(live.session.set_logging_level, "debug")
    call(live, "toggle-simulated-logging")

    async def wait() -> None:
        with anyio.fail_after(20):
            await recorder.log_seen.wait()

    live.call(wait)
    assert recorder.logs[0].level in {
        "debug",
        "info",
        "notice",
        "warning",
        "error",
        "critical",
        "alert",
        "emergency",
    }
    assert "message" in str(recorder.logs[0].data)
    call(live, "toggle-simulated-logging")
