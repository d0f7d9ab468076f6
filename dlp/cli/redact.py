"""``mcp-dlp redact``: remediate one JSON-RPC message per policy and print what would go on."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from dlp.cli.common import (
    ExitCode,
    decode_utf8,
    fail,
    guarded,
    load_settings,
    make_engine,
    read_source,
)
from dlp.cli.render import emit_json
from dlp.context import Direction, InspectContext

log = logging.getLogger("dlp.cli.redact")

PolicyOption = Annotated[
    Path | None,
    typer.Option("--policy", help="Policy YAML (default: configured, else the packaged default)."),
]
PayloadArgument = Annotated[str, typer.Argument(help="JSON-RPC message file, or - for standard input.")]
DirectionOption = Annotated[
    Direction, typer.Option(help="response: server to agent (tool results); request: agent to server.")
]
ConnectorOption = Annotated[str | None, typer.Option(help="Connector profile name (jira, slack, ...).")]
ToolOption = Annotated[str | None, typer.Option(help="Tool name, for rules that match on tools.")]
RoleOption = Annotated[list[str] | None, typer.Option("--role", help="Caller role; repeat for several.")]
UserOption = Annotated[str | None, typer.Option(help="Caller identity.")]
TenantOption = Annotated[str, typer.Option(help="Tenant (scopes tokens and fingerprints).")]


@guarded
def redact(
    payload: PayloadArgument = "-",
    policy: PolicyOption = None,
    direction: DirectionOption = Direction.RESPONSE,
    connector: ConnectorOption = None,
    tool: ToolOption = None,
    role: RoleOption = None,
    user: UserOption = None,
    tenant: TenantOption = "default",
    as_json: Annotated[
        bool, typer.Option("--json", help='Print {"message": ..., "summary": ...} instead of the message.')
    ] = False,
) -> None:
    """Print the message as the policy rewrites it (JSON); exit code 1 when the policy blocks it."""
    config = load_settings(policy_path=policy)
    data = read_source(payload, config.max_payload_bytes)
    decode_utf8(data, "standard input" if payload == "-" else payload)
    engine = make_engine(config)
    # Parse first so a bad file is a usage error (exit 2), not a fail-closed verdict.
    message = engine.parse(data)
    context = InspectContext(
        direction=direction,
        connector=connector,
        tool=tool,
        user=user,
        roles=tuple(role or ()),
        tenant=tenant,
        method=message.get("method") if isinstance(message, dict) else None,
    )
    outcome = engine.inspect(message, context)
    if outcome.failure is not None and not outcome.tombstoned:
        fail(
            f"inspection failed ({outcome.failure}); the message would be withheld",
            code=ExitCode.INTERNAL,
            hint="rerun with --log-level debug",
        )
    log.info(
        "redact finished",
        extra={
            "findings": len(outcome.findings),
            "rules": list(outcome.decision.matched_rules),
            "blocked": outcome.blocked,
            "tombstoned": outcome.tombstoned,
        },
    )
    if as_json:
        emit_json({"message": outcome.message, "summary": outcome.summary()})
    else:
        emit_json(outcome.message)
    raise typer.Exit(int(ExitCode.FINDINGS if outcome.blocked else ExitCode.OK))
