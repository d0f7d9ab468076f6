"""The gateway's stateless (2026-07-28) mode with the official SDK client, against real servers.

mcp-server-git speaks 2026-07-28 over stdio: a commit that adds a Stripe key and a PEM key is
read through the gateway with no session; server-filesystem (stdio) and server-everything
(Streamable HTTP) speak only the handshake versions, and the same client falls back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS

from tests.connectors.git_repo import GIT_SERVER, planted_repo
from tests.connectors.live import dump, node_server
from tests.connectors.modern_gateway import MODERN, Running, client_as, modern_post, rpc, running_gateway
from tests.connectors.planted import PEM_BODY_LINE, STRIPE_KEY, assert_clean

pytestmark = pytest.mark.timeout(180)
MODERN_ERRORS = (-32020, -32021, -32022)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return planted_repo(tmp_path_factory)


@pytest.fixture(scope="module")
def running(
    repo: Path, fs_root: Path, remote_everything: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Running]:
    upstreams = {
        "git": {"command": [str(GIT_SERVER), "--repository", str(repo)]},
        "files": {"command": [node_server("mcp-server-filesystem"), str(fs_root)], "connector": "filesystem"},
        "everything": {"url": remote_everything},
    }
    with running_gateway(upstreams, tmp_path_factory.mktemp("gw")) as served:
        yield served


def test_a_modern_client_reads_a_git_commit_without_its_secrets(running: Running, repo: Path) -> None:
    async def session() -> tuple[str, list[str], str, str]:
        async with client_as(f"{running.url}/git", "alice") as client:
            tools = [tool.name for tool in (await client.list_tools()).tools]
            shown = await client.call_tool("git_show", {"repo_path": str(repo), "revision": "HEAD"})
            log = await client.call_tool("git_log", {"repo_path": str(repo), "max_count": 5})
            return client.protocol_version, tools, dump(shown), dump(log)

    version, tools, shown, log = anyio.run(session)
    assert version == MODERN  # no fallback: the gateway served the stateless revision
    assert {"git_show", "git_log", "git_diff"} <= set(tools)
    assert_clean(shown)
    assert STRIPE_KEY not in shown and PEM_BODY_LINE not in shown
    assert "[SECRET]" in shown and "TIMEOUT_SECONDS = 30" in shown and "settings.py" in shown
    assert "Add billing settings and deploy key" in shown
    assert "Initial commit" in log and "Add billing settings" in log
    assert running.gateway.pool.speaks_modern("git") is True


def test_the_caller_is_audited_and_no_value_reaches_the_trail(running: Running, repo: Path) -> None:
    response = modern_post(
        f"{running.url}/git",
        "tools/call",
        {"name": "git_show", "arguments": {"repo_path": str(repo), "revision": "HEAD"}},
        user="auditee",
    )
    assert response.status_code == 200 and "[SECRET]" in response.text
    events = running.events(user="auditee", tool="git_show")
    assert {e["target"]["direction"] for e in events} == {"request", "response"}
    answer = next(e for e in events if e["target"]["direction"] == "response")
    assert answer["verdict"] == "remediated" and answer["tenant"] == "acme"
    assert answer["actor"]["roles"] == ["analyst"] and answer["target"]["server"] == "git"
    assert answer["target"]["method"] == "tools/call"
    trail = json.dumps(running.events(user="auditee"))
    assert STRIPE_KEY not in trail and PEM_BODY_LINE not in trail


@pytest.mark.parametrize("upstream", ["files", "everything"])
def test_a_legacy_upstream_makes_the_modern_client_fall_back(
    running: Running, fs_root: Path, upstream: str
) -> None:
    probe = modern_post(f"{running.url}/{upstream}", "server/discover")
    # What a handshake-era server answers: 400, and no error a modern server would give.
    assert probe.status_code == 400
    assert rpc(probe).get("error", {}).get("code") not in MODERN_ERRORS

    async def session() -> tuple[str, str]:
        async with client_as(f"{running.url}/{upstream}", "alice") as client:
            if upstream == "files":
                result = await client.call_tool("read_text_file", {"path": str(fs_root / "notes.txt")})
            else:
                result = await client.call_tool("get-env", {})
            return client.protocol_version, dump(result)

    version, received = anyio.run(session)
    assert version in HANDSHAKE_PROTOCOL_VERSIONS
    assert_clean(received)
    if upstream == "files":
        assert "Customer escalation notes" in received
        assert running.gateway.pool.speaks_modern("files") is False


def _tools_call(**headers: str) -> tuple[dict[str, object], dict[str, str]]:
    return {"name": "git_log", "arguments": {"repo_path": "/nowhere", "max_count": 1}}, headers


@pytest.mark.parametrize(
    ("method", "params", "headers", "code"),
    [
        ("tools/call", *_tools_call(**{"Mcp-Name": "git_show"}), -32020),
        ("tools/call", *_tools_call(**{"Mcp-Method": "tools/list"}), -32020),
        ("tools/list", {}, {"Mcp-Method": "tools/call"}, -32020),
        ("tools/list", {}, {"MCP-Protocol-Version": "2026-01-01"}, -32020),
        ("tools/call", *_tools_call(**{"Mcp-Name": "=?base64?Z2l0X3Nob3c=?="}), -32020),  # git_show, encoded
    ],
)
def test_headers_that_disagree_with_the_body_are_refused(
    running: Running, method: str, params: dict[str, object], headers: dict[str, str], code: int
) -> None:
    before = len(running.events(user="mismatch"))
    response = modern_post(f"{running.url}/git", method, params, user="mismatch", headers=headers)
    assert response.status_code == 400
    assert rpc(response)["error"]["code"] == code and rpc(response)["id"] == 1
    assert len(running.events(user="mismatch")) == before  # refused before it went anywhere


def test_missing_and_duplicated_routing_headers_are_refused(running: Running) -> None:
    import httpx  # noqa: PLC0415

    from tests.connectors.modern_gateway import ACCEPT, ENVELOPE  # noqa: PLC0415

    body = {"jsonrpc": "2.0", "id": 9, "method": "tools/list", "params": {"_meta": ENVELOPE}}
    base = [("Accept", ACCEPT), ("MCP-Protocol-Version", MODERN)]
    missing = httpx.post(f"{running.url}/git", json=body, headers=base)
    duplicated = httpx.post(
        f"{running.url}/git",
        json=body,
        headers=[*base, ("Mcp-Method", "tools/list"), ("Mcp-Method", "tools/list")],
    )
    for response in (missing, duplicated):
        assert response.status_code == 400 and rpc(response)["error"]["code"] == -32020


def test_unsupported_versions_and_missing_envelopes_get_the_spec_errors(running: Running) -> None:
    import httpx  # noqa: PLC0415

    from tests.connectors.modern_gateway import ACCEPT  # noqa: PLC0415

    headers = {"Accept": ACCEPT, "MCP-Protocol-Version": "2027-01-01", "Mcp-Method": "server/discover"}
    meta = {
        "io.modelcontextprotocol/protocolVersion": "2027-01-01",
        "io.modelcontextprotocol/clientCapabilities": {},
    }
    body = {"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": meta}}
    unsupported = httpx.post(f"{running.url}/git", json=body, headers=headers)
    assert unsupported.status_code == 400
    assert rpc(unsupported)["error"]["code"] == -32022
    assert rpc(unsupported)["error"]["data"]["supported"] == [MODERN]
    no_caps = {"jsonrpc": "2.0", "id": 2, "method": "server/discover", "params": {"_meta": {}}}
    headers["MCP-Protocol-Version"] = MODERN
    missing = httpx.post(f"{running.url}/git", json=no_caps, headers=headers)
    assert missing.status_code == 400 and rpc(missing)["error"]["code"] == -32602


def test_a_notification_is_accepted_and_a_response_body_refused(running: Running) -> None:
    import httpx  # noqa: PLC0415

    from tests.connectors.modern_gateway import ACCEPT  # noqa: PLC0415

    headers = {"Accept": ACCEPT, "MCP-Protocol-Version": MODERN}
    note = {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 1}}
    assert httpx.post(f"{running.url}/git", json=note, headers=headers).status_code == 202
    answer = {"jsonrpc": "2.0", "id": 1, "result": {}}
    assert httpx.post(f"{running.url}/git", json=answer, headers=headers).status_code == 400


def test_the_mcp_sdk_is_imported_in_one_product_module() -> None:
    import ast  # noqa: PLC0415

    from tests.connectors.live import ROOT  # noqa: PLC0415

    def sdk_imports(path: Path) -> bool:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            if any(n.split(".")[0] in ("mcp", "mcp_types") for n in names):
                return True
        return False

    product = [
        p for folder in ("dlp", "connectors") for p in (ROOT / folder).rglob("*.py") if not p.is_symlink()
    ]
    offenders = sorted(str(p.relative_to(ROOT)) for p in product if sdk_imports(p))
    assert offenders == ["connectors/modern_wire.py"]
