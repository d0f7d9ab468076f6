"""``mcp-dlp audit``: verify the chain, query events, produce compliance evidence reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dlp.audit.report import FRAMEWORKS, build_report, render_markdown
from dlp.audit.store import AuditStore, EventQuery
from dlp.audit.trail import open_audit_store
from dlp.cli.common import EXIT_CODES_HELP, ExitCode, fail, guarded, load_settings, out

audit_app = typer.Typer(
    help="Verify, query and report on the tamper-evident audit trail.", no_args_is_help=True
)

JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
FromOption = Annotated[str | None, typer.Option("--from", help="Start time, ISO 8601 UTC (inclusive).")]
ToOption = Annotated[str | None, typer.Option("--to", help="End time, ISO 8601 UTC (exclusive).")]


@audit_app.command(epilog=EXIT_CODES_HELP)
@guarded
def verify(as_json: JsonOption = False) -> None:
    """Check every event and signed checkpoint; exit 1 if anything was edited, deleted, added or moved."""
    store = open_audit_store(load_settings(), create_key=False)
    problems = store.verify()
    events = sum(1 for _ in store.iter_stored())
    if as_json:
        out.print_json(
            json.dumps(
                {
                    "intact": not problems,
                    "events": events,
                    "problems": [{"seq": p.seq, "kind": p.kind, "message": p.message} for p in problems],
                }
            )
        )
    elif problems:
        for problem in problems:
            out.print(f"[red]{problem.kind}[/] seq {problem.seq}: {problem.message}")
        out.print(f"{len(problems)} problems in {events} events")
    else:
        out.print(f"audit trail intact: {events} events, {len(store.checkpoints())} signed checkpoints")
    if problems:
        raise typer.Exit(int(ExitCode.FINDINGS))


@audit_app.command(epilog=EXIT_CODES_HELP)
@guarded
def query(
    since: FromOption = None,
    until: ToOption = None,
    tenant: Annotated[str | None, typer.Option(help="Only this tenant.")] = None,
    user: Annotated[str | None, typer.Option(help="Only this user.")] = None,
    tool: Annotated[str | None, typer.Option(help="Only this tool.")] = None,
    entity: Annotated[str | None, typer.Option(help="Only events with findings of this entity.")] = None,
    action: Annotated[str | None, typer.Option(help="Only events where this action was applied.")] = None,
    verdict: Annotated[
        str | None, typer.Option(help="allowed, remediated, tombstoned, blocked, failed, flagged.")
    ] = None,
    after: Annotated[int, typer.Option(help="Only events after this sequence number (paging).")] = 0,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="At most this many events.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List audit events matching every filter given, oldest first."""
    store = open_audit_store(load_settings(), create_key=False)
    events = store.query(
        EventQuery(
            tenant=tenant,
            since=since,
            until=until,
            user=user,
            tool=tool,
            entity=entity,
            action=action,
            verdict=verdict,
            after_seq=after,
            limit=limit,
        )
    )
    if as_json:
        for event in events:
            out.print(json.dumps(event, sort_keys=True, ensure_ascii=False), markup=False, highlight=False)
        return
    table = Table("seq", "time", "kind", "verdict", "user", "tool", "entities", "rules")
    for event in events:
        entities = ", ".join(f"{k}:{v}" for k, v in event.get("findings", {}).get("entities", {}).items())
        table.add_row(
            str(event["seq"]),
            event["time"],
            event["kind"],
            event["verdict"],
            str(event.get("actor", {}).get("user") or ""),
            str(event.get("target", {}).get("tool") or ""),
            entities,
            ", ".join(event.get("rules", [])),
        )
    out.print(table)


@audit_app.command(epilog=EXIT_CODES_HELP)
@guarded
def report(
    framework: Annotated[str, typer.Option(help=f"One of: {', '.join(sorted(FRAMEWORKS))}.")],
    since: FromOption = None,
    until: ToOption = None,
    output: Annotated[Path | None, typer.Option(help="Write the report here instead of stdout.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Which compliance controls the events of a period evidence, with counts and examples."""
    if framework not in FRAMEWORKS:
        fail(f"unknown framework {framework!r}", hint=f"choose one of {', '.join(sorted(FRAMEWORKS))}")
    store = open_audit_store(load_settings(), create_key=False)
    events = _all_events(store, since, until)
    result = build_report(framework, events, period=(since, until), chain_problems=len(store.verify()))
    text = json.dumps(result, indent=2) + "\n" if as_json else render_markdown(result)
    if output is None:
        out.print(text, markup=False, highlight=False, end="")
    else:
        output.write_text(text, encoding="utf-8")
        out.print(f"wrote {output}")


def _all_events(store: AuditStore, since: str | None, until: str | None) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    after = 0
    while True:
        page = store.query(EventQuery(since=since, until=until, after_seq=after, limit=1000))
        if not page:
            return events
        events.extend(page)
        after = int(str(page[-1]["seq"]))
