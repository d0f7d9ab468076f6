"""``mcp-dlp wrap`` and ``mcp-dlp connectors``: the proxy's command-line entry points.

``wrap`` speaks MCP on stdout, so nothing but protocol messages may ever be printed there:
diagnostics go to stderr through logging.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from dlp.config import load_config
from dlp.errors import DLPError

app = typer.Typer(
    name="mcp-dlp",
    help="Inspecting MCP proxy: wrap a stdio server, list connector profiles.",
    no_args_is_help=True,
    add_completion=False,
)
connectors_app = typer.Typer(help="Connector profiles: how each SaaS MCP server is run and inspected.")
app.add_typer(connectors_app, name="connectors")

log = logging.getLogger("dlp.connectors.cli")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    help=(
        "Run an MCP server behind the inspecting proxy on this process's stdio. "
        "Configure your MCP client to start `mcp-dlp wrap [OPTIONS] -- <server command>` instead of the "
        "server. Exit code: the server's own."
    ),
)
def wrap(
    ctx: typer.Context,
    connector: Annotated[
        str | None, typer.Option(help="Connector profile name (see `connectors list`).")
    ] = None,
    server: Annotated[str | None, typer.Option(help="Label of the upstream in audit events.")] = None,
    tenant: Annotated[str, typer.Option(help="Tenant for audit events and tokens.")] = "default",
    user: Annotated[str | None, typer.Option(help="User identity for audit events.")] = None,
    role: Annotated[
        list[str] | None,
        typer.Option(help="Role of the user (repeatable): selects the policy's rules and tool_access."),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(help="Data-class tag of this deployment (repeatable), e.g. --tag PHI."),
    ] = None,
    phi: Annotated[bool, typer.Option(help="Mark this deployment as carrying health data.")] = False,
    upstream_timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds a request may wait for the server's answer.")
    ] = 300.0,
    config: Annotated[Path | None, typer.Option(help="Settings YAML (else DLP_CONFIG).")] = None,
    resource_scope: Annotated[
        list[str] | None,
        typer.Option(help="Resource URI glob the agent may read (repeatable; adds to the profile's)."),
    ] = None,
) -> None:
    """Wrap a stdio MCP server."""
    from dlp.connectors.profiles import load_profile  # noqa: PLC0415 - keeps --help fast
    from dlp.connectors.wrap import run_wrapper  # noqa: PLC0415 - imports the engine

    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    command = list(ctx.args)
    tags = list(tag or [])
    scope = list(resource_scope or [])
    try:
        settings = load_config(config_file=config)
        if connector is not None:
            profile = load_profile(connector)
            tags.extend(profile.effective_tags(phi=phi))
            scope.extend(profile.resource_scope)
            if not command:
                command = profile.launch.argv()
        elif phi:
            tags.append("PHI")
    except DLPError as exc:
        typer.echo(f"mcp-dlp wrap: {exc}", err=True)
        raise typer.Exit(2) from None
    if not command:
        typer.echo("mcp-dlp wrap: give the server command after `--`, or --connector NAME", err=True)
        raise typer.Exit(2)
    code = run_wrapper(
        settings,
        command,
        connector=connector,
        server=server,
        user=user,
        roles=list(role or []),
        tenant=tenant,
        connector_tags=sorted(set(tags)),
        upstream_timeout_s=upstream_timeout,
        resource_scope=scope,
    )
    sys.stdout.flush()
    sys.stderr.flush()
    # The client reader thread may still be blocked reading stdin (after SIGTERM, say); a
    # normal interpreter shutdown would abort on that stream's lock, so leave directly.
    os._exit(code if code >= 0 else 128 - code)  # killed by signal N: 128 + N, like a shell


@connectors_app.command("list", help="List the connector profiles shipped with mcp-dlp.")
def list_profiles(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List profiles."""
    from dlp.connectors.profiles import load_all_profiles  # noqa: PLC0415

    profiles = load_all_profiles()
    if as_json:
        rows = [
            {"name": p.name, "title": p.title, "tags": list(p.tags), "command": p.launch.argv()}
            for p in profiles
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(len(p.name) for p in profiles)
    for p in profiles:
        typer.echo(f"{p.name:<{width}}  {','.join(p.tags):<16}  {p.title}")


@connectors_app.command("show", help="Show one connector profile (launch, tags, field hints, overlay).")
def show_profile(
    name: Annotated[str, typer.Argument(help="Profile name, e.g. jira.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show a profile."""
    import yaml  # noqa: PLC0415

    from dlp.connectors.profiles import load_profile  # noqa: PLC0415

    try:
        profile = load_profile(name)
    except DLPError as exc:
        typer.echo(f"mcp-dlp connectors show: {exc}", err=True)
        raise typer.Exit(2) from None
    data = profile.model_dump(mode="json")
    if as_json:
        typer.echo(json.dumps(data, indent=2))
    else:
        typer.echo(yaml.safe_dump(data, sort_keys=False).rstrip())


def main() -> None:
    """Console entry point."""
    app()


if __name__ == "__main__":
    main()
