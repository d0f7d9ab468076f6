"""The ``mcp-dlp`` typer application: global options and the command table."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Annotated

import typer

from dlp.cli import common
from dlp.cli.audit_cmd import audit_app
from dlp.cli.auth_cmd import apikey_app, killswitch
from dlp.cli.common import EXIT_CODES_HELP
from dlp.cli.doctor import doctor
from dlp.cli.misc import entities, serve
from dlp.cli.policy_cmd import policy_app
from dlp.cli.redact import redact
from dlp.cli.scan import scan
from dlp.cli.vault_cmd import reidentify_command, vault_app
from dlp.connectors.cli import app as proxy_app
from dlp.logs import LogFormat

app = typer.Typer(
    name="mcp-dlp",
    help=(
        "Data-loss prevention for the Model Context Protocol: "
        "find and remediate sensitive data in MCP traffic."
    ),
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    rich_markup_mode="rich",
    # Tracebacks with local variables would print payloads: never.
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        try:
            version = metadata.version("mcp-dlp")
        except metadata.PackageNotFoundError:
            version = "unknown (not installed)"
        typer.echo(f"mcp-dlp {version}")
        raise typer.Exit(0)


@app.callback()
def main(
    config: Annotated[
        Path | None, typer.Option("--config", help="Settings YAML (same as DLP_CONFIG).", dir_okay=False)
    ] = None,
    log_level: Annotated[
        str | None,
        typer.Option("--log-level", help="DEBUG, INFO, WARNING, ERROR (default INFO or DLP_LOG_LEVEL)."),
    ] = None,
    log_format: Annotated[
        str, typer.Option("--log-format", help="plain or json (one JSON object per line on stderr).")
    ] = "plain",
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", is_eager=True, callback=_print_version),
    ] = False,
) -> None:
    """Global options apply to every command."""
    if log_format not in ("plain", "json"):
        raise typer.BadParameter("use plain or json", param_hint="--log-format")
    fmt: LogFormat = "json" if log_format == "json" else "plain"
    common.SETTINGS.config_file = config
    common.SETTINGS.log_level = log_level
    common.SETTINGS.log_format = fmt


for command in (scan, redact, doctor, entities, serve, killswitch):
    app.command(epilog=EXIT_CODES_HELP)(command)
app.add_typer(policy_app, name="policy", epilog=EXIT_CODES_HELP)
app.add_typer(audit_app, name="audit", epilog=EXIT_CODES_HELP)
app.command("reidentify", epilog=EXIT_CODES_HELP)(reidentify_command)
app.add_typer(vault_app, name="vault", epilog=EXIT_CODES_HELP)
app.add_typer(apikey_app, name="apikey", epilog=EXIT_CODES_HELP)

# The proxy's commands (`wrap`, `connectors list|show`) live with the proxy in dlp.connectors;
# they are mounted here so there is one `mcp-dlp` program.
app.registered_commands.extend(proxy_app.registered_commands)
app.registered_groups.extend(proxy_app.registered_groups)
