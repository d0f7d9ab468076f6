"""``mcp-dlp entities`` and ``mcp-dlp serve``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from dlp.cli.common import guarded, load_settings, make_engine, out
from dlp.cli.render import emit_json, plain
from dlp.config import Config, process_environment
from dlp.entities import ENTITIES

if TYPE_CHECKING:
    from fastapi import FastAPI


def entities_markdown() -> str:
    """The entity list as a Markdown table (the README embeds it; a test keeps them in sync)."""
    lines = ["| entity | data class | description |", "|---|---|---|"]
    lines += [
        f"| `{name}` | {data_class.value} | {description.replace('|', '/')} |"
        for name, (data_class, description) in ENTITIES.items()
    ]
    return "\n".join(lines) + "\n"


@guarded
def entities(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print a Markdown table (for docs).")] = False,
) -> None:
    """List the canonical entity names with their data class and description."""
    if markdown:
        sys.stdout.write(entities_markdown())
        return
    if as_json:
        emit_json(
            [
                {"entity": name, "data_class": data_class.value, "description": description}
                for name, (data_class, description) in ENTITIES.items()
            ]
        )
        return
    table = Table(title=f"{len(ENTITIES)} entities", title_justify="left")
    for column in ("entity", "data class", "description"):
        table.add_column(column, overflow="fold")
    for name, (data_class, description) in ENTITIES.items():
        table.add_row(*plain(name, data_class.value, description))
    out.print(table)


@guarded
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1, or DLP_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8080, or DLP_PORT).")] = None,
    policy: Annotated[Path | None, typer.Option("--policy", help="Policy YAML (default: packaged).")] = None,
    gateway: Annotated[
        Path | None,
        typer.Option(
            "--gateway", help="Gateway YAML: serve its upstream MCP servers at /mcp/<name>.", dir_okay=False
        ),
    ] = None,
) -> None:
    """Run the HTTP service (POST /v1/inspect, POST /v1/redact, GET /healthz, docs at /docs)."""
    import uvicorn  # noqa: PLC0415 - only this command needs it

    from dlp.http.app import create_app  # noqa: PLC0415

    config = load_settings(quiet=False, host=host, port=port, policy_path=policy, gateway_config_path=gateway)
    app = create_app(config) if config.gateway_config_path is None else _with_gateway(config)
    # log_config=None keeps the logging set up by dlp.logs; the service logs its own access lines
    # (method, route, status) because uvicorn's would include query strings.
    uvicorn.run(app, host=config.host, port=config.port, log_config=None, access_log=False)


def _with_gateway(config: Config) -> FastAPI:
    """The service with the MCP gateway mounted at /mcp, sharing one engine and one audit trail."""
    from dlp.audit.trail import build_audit_trail  # noqa: PLC0415
    from dlp.connectors.gateway import create_gateway_app  # noqa: PLC0415
    from dlp.connectors.gateway_config import load_gateway_config  # noqa: PLC0415
    from dlp.http.app import create_app  # noqa: PLC0415

    assert config.gateway_config_path is not None
    engine = make_engine(config)
    trail = build_audit_trail(config) if config.audit_enabled else None
    if trail is not None:
        trail.start()
    gateway = create_gateway_app(
        config,
        load_gateway_config(config.gateway_config_path),
        environ=process_environment(),
        engine=engine,
        trail=trail,
    )
    return create_app(
        config,
        engine=engine,
        trail=trail,
        mounts=[("/mcp", gateway)],
        on_shutdown=[gateway.state.gateway.close],
    )
