"""server-memory (PII nested in a knowledge graph) and server-postgres (a customers table), through
the stdio wrapper and through the HTTP gateway."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from sqlalchemy import create_engine, text
from starlette.applications import Starlette
from starlette.routing import Mount

from dlp.config import Config
from dlp.connectors.gateway import create_gateway_app
from dlp.connectors.gateway_config import GatewayConfig
from tests.conftest import postgres_admin_url
from tests.connectors.live import Live, dump, live_http_session, live_session, node_server, serve, wrap_params
from tests.connectors.planted import CARD, CARD_MASKED, EMAIL, HASHED_EMAIL, SSN, assert_clean

pytestmark = pytest.mark.timeout(120)

GRAPH = [
    {
        "type": "entity",
        "name": "Jane Roe",
        "entityType": "customer",
        "observations": [f"SSN {SSN}", f"Pays with card {CARD}", f"Writes from {EMAIL}", "Prefers tea"],
    },
    {"type": "entity", "name": "Acme Corp", "entityType": "company", "observations": ["Based in Ohio"]},
    {"type": "relation", "from": "Jane Roe", "to": "Acme Corp", "relationType": "works_at"},
]


@pytest.fixture(scope="module")
def memory_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("memory") / "memory.jsonl"
    # Seeded on disk, not through the proxy: egress inspection would redact it on the way in.
    store.write_text("\n".join(json.dumps(item) for item in GRAPH) + "\n", encoding="utf-8")
    return store


@pytest.fixture(scope="module")
def gateway(memory_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A gateway in front of server-memory and server-postgres: the same tests over HTTP."""
    gateway_config = GatewayConfig.model_validate(
        {
            "upstreams": {
                "memory": {
                    "command": [node_server("mcp-server-memory")],
                    "env": {"MEMORY_FILE_PATH": str(memory_file)},
                },
                "postgres": {"command": [node_server("mcp-server-postgres"), _pg_url()]},
            }
        }
    )
    config = Config(data_dir=tmp_path_factory.mktemp("gw"), ner_enabled=False, audit_enabled=False)
    app = create_gateway_app(config, gateway_config, environ=dict(os.environ))
    with serve(Starlette(routes=[Mount("/mcp", app=app)])) as url:
        yield f"{url}/mcp"
    anyio.run(app.state.gateway.close)


@pytest.fixture(scope="module", params=["stdio", "http"])
def memory(request: pytest.FixtureRequest, memory_file: Path) -> Iterator[Live]:
    if request.param == "http":
        with live_http_session(f"{request.getfixturevalue('gateway')}/memory") as session:
            yield session
        return
    params = wrap_params(
        [node_server("mcp-server-memory")],
        memory_file.parent / "dlp",
        env={"MEMORY_FILE_PATH": str(memory_file)},
    )
    with live_session(params) as session:
        yield session


def test_memory_graph_nested_pii_is_remediated(memory: Live) -> None:
    memory.call(memory.session.list_tools)
    result = memory.call(memory.session.call_tool, "read_graph", {})
    assert not result.is_error
    received = dump(result)
    assert_clean(received)
    assert "Prefers tea" in received and "Based in Ohio" in received and "works_at" in received
    assert CARD_MASKED in received and "[US_SSN]" in received and HASHED_EMAIL.search(received)
    if result.structured_content is not None:
        observations = result.structured_content["entities"][0]["observations"]
        assert observations[0] == "SSN [US_SSN]"
        assert observations[3] == "Prefers tea"


def test_memory_search_is_remediated(memory: Live) -> None:
    result = memory.call(memory.session.call_tool, "search_nodes", {"query": "Jane"})
    assert_clean(dump(result))


@pytest.fixture(scope="module")
def customers() -> Iterator[str]:
    schema = f"dlp_mcp_{secrets.token_hex(4)}"
    admin = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        conn.execute(
            text(
                f'CREATE TABLE "{schema}".customers '
                "(id int, name text, email text, ssn text, card text, plan text)"
            )
        )
        conn.execute(
            text(f'INSERT INTO "{schema}".customers VALUES (1, :n, :e, :s, :c, :p)'),
            {"n": "Jane Roe", "e": EMAIL, "s": SSN, "c": CARD, "p": "enterprise"},
        )
    try:
        yield schema
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _pg_url() -> str:
    return postgres_admin_url().replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="module", params=["stdio", "http"])
def postgres(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    if request.param == "http":
        with live_http_session(f"{request.getfixturevalue('gateway')}/postgres") as session:
            yield session
        return
    params = wrap_params([node_server("mcp-server-postgres"), _pg_url()], tmp_path_factory.mktemp("dlp"))
    with live_session(params) as session:
        yield session


def test_postgres_query_rows_are_remediated(postgres: Live, customers: str) -> None:
    sql = f'SELECT id, name, email, ssn, card, plan FROM "{customers}".customers'
    result = postgres.call(postgres.session.call_tool, "query", {"sql": sql})
    assert not result.is_error, dump(result)
    received = dump(result)
    assert_clean(received)
    rows = json.loads(result.content[0].text)  # type: ignore[union-attr]
    assert rows[0]["id"] == 1 and rows[0]["name"] == "Jane Roe" and rows[0]["plan"] == "enterprise"
    assert rows[0]["card"] == CARD_MASKED and rows[0]["ssn"] == "[US_SSN]"
    assert HASHED_EMAIL.fullmatch(rows[0]["email"])


def test_postgres_schema_resource_passes(postgres: Live, customers: str) -> None:
    listed = postgres.call(postgres.session.list_resources)
    assert all("schema" in str(r.uri) for r in listed.resources)
