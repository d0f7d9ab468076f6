"""``mcp-dlp policy``: check a policy file, try it on a payload, write its JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from dlp.cli.common import ExitCode, decode_utf8, err, guarded, load_settings, make_engine, out, read_source
from dlp.cli.redact import ConnectorOption, DirectionOption, RoleOption, ToolOption
from dlp.cli.render import decision_rows, decision_table, emit_json, finding_dict
from dlp.context import Direction, InspectContext
from dlp.errors import PolicyError

policy_app = typer.Typer(
    name="policy",
    help="Validate, test and describe policy files.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)

PolicyFile = Annotated[Path, typer.Argument(help="Policy YAML file.")]


def _error_dict(error: PolicyError) -> dict[str, Any]:
    return {"file": error.file, "line": error.line, "key": error.key, "message": str(error)}


def _all_errors(error: PolicyError) -> list[str]:
    # The loader puts the first problem in the message and the others in notes.
    return [str(error), *getattr(error, "__notes__", [])]


@policy_app.command("check")
@guarded
def check(
    file: PolicyFile,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Validate a policy: exit 0 when valid, 2 with file:line: message (key) lines when not."""
    from dlp.policy import load_policy  # noqa: PLC0415 - keeps `--help` fast

    load_settings()
    try:
        policy = load_policy(file)
    except PolicyError as exc:
        problems = _all_errors(exc)
        if as_json:
            errors = [_error_dict(exc), *({"message": note} for note in problems[1:])]
            emit_json({"valid": False, "file": str(file), "errors": errors})
        else:
            for problem in problems:
                err.print(problem, markup=False, highlight=False)
            err.print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {file}", markup=False)
        raise typer.Exit(int(ExitCode.USAGE)) from None
    rules = [rule.id for rule in policy.document.rules]
    summary = {
        "valid": True,
        "file": str(file),
        "name": policy.name,
        "version": policy.version,
        "sha256": policy.sha256,
        "rules": rules,
    }
    if as_json:
        emit_json(summary)
    else:
        out.print(
            f"{file}: valid (policy {policy.name!r} version {policy.version!r}, {len(rules)} rules)",
            markup=False,
        )


@policy_app.command("test")
@guarded
def test(
    file: PolicyFile,
    payload: Annotated[str, typer.Argument(help="JSON-RPC message file, or - for standard input.")],
    direction: DirectionOption = Direction.RESPONSE,
    connector: ConnectorOption = None,
    tool: ToolOption = None,
    role: RoleOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print message, findings and rules as JSON.")
    ] = False,
) -> None:
    """Run a policy on a payload: the rewritten message and which rule fired where."""
    config = load_settings(policy_path=file)
    data = read_source(payload, config.max_payload_bytes)
    decode_utf8(data, "standard input" if payload == "-" else payload)
    engine = make_engine(config)
    message = engine.parse(data)
    context = InspectContext(direction=direction, connector=connector, tool=tool, roles=tuple(role or ()))
    outcome = engine.inspect(message, context)
    if as_json:
        emit_json(
            {
                "message": outcome.message,
                "findings": [finding_dict(f) for f in outcome.findings],
                "rules": decision_rows(outcome.decision),
                "summary": outcome.summary(),
            }
        )
    else:
        emit_json(outcome.message)
        out.print(decision_table(outcome.decision))
        verdict = (
            "blocked" if outcome.blocked else "tombstoned" if outcome.tombstoned else "passed (rewritten)"
        )
        rule = outcome.decision.blocked_by or outcome.decision.tombstoned_by
        out.print(f"verdict: {verdict}" + (f" by rule {rule}" if rule else ""), markup=False)
    raise typer.Exit(int(ExitCode.FINDINGS if outcome.blocked else ExitCode.OK))


@policy_app.command("schema")
@guarded
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of standard output.")
    ] = None,
) -> None:
    """Print (or write) the JSON Schema of policy files, for editors and CI validation."""
    from dlp.policy import schema_text, write_schema  # noqa: PLC0415

    if output is None:
        out.file.write(schema_text())
        return
    write_schema(output)
    err.print(f"wrote {output}", markup=False)
