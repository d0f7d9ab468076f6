"""``mcp-dlp scan``: findings in a text, JSON or JSON-RPC file, or a JSONL stream."""

from __future__ import annotations

import json
import logging
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TransferSpeedColumn

from dlp.cli.common import (
    ExitCode,
    busy,
    decode_utf8,
    err,
    fail,
    guarded,
    load_settings,
    make_engine,
    out,
    read_source,
)
from dlp.cli.jsonl import stream_jsonl
from dlp.cli.render import emit_json, finding_dict, findings_table
from dlp.context import Direction, InspectContext
from dlp.engine import Engine
from dlp.findings import Finding, ScanContext
from dlp.walker import Walker

log = logging.getLogger("dlp.cli.scan")

#: Paths of non-JSON-RPC JSON are reported relative to the document, not the wrapper around it.
_WRAP_PREFIX = "$.result.structuredContent"


class InputFormat(StrEnum):
    """How ``scan`` reads its input."""

    AUTO = "auto"
    JSON = "json"
    TEXT = "text"


def scan(
    source: Annotated[str, typer.Argument(help="File to scan, or - for standard input.")] = "-",
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help='Stream lines {"id","text"} to lines {"id","findings"}.')
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print findings as JSON for scripts.")] = False,
    no_ner: Annotated[bool, typer.Option("--no-ner", help="Run the pattern detectors alone.")] = False,
    input_format: Annotated[
        InputFormat, typer.Option("--format", help="auto: JSON when it parses (always for .json), else text.")
    ] = InputFormat.AUTO,
    policy: Annotated[
        Path | None, typer.Option("--policy", help="Policy YAML (default: configured).")
    ] = None,
    connector: Annotated[str | None, typer.Option(help="Connector profile the payload came from.")] = None,
    direction: Annotated[Direction, typer.Option(help="response (tool result) or request.")] = (
        Direction.RESPONSE
    ),
    show_values: Annotated[
        bool,
        typer.Option("--show-values", help="Print matched values (local triage only; never in CI logs)."),
    ] = False,
) -> None:
    """Report sensitive data in a file: entity, data class, JSON path, offsets, score, detector.

    A JSON-RPC message is inspected as MCP traffic; other JSON is walked value by value; anything
    else is scanned as plain text. Values are never printed unless --show-values is given.
    Exit code 1 when something was found (except with --jsonl, which exits 0, or 2 if a line failed).
    """
    _run(source, jsonl, as_json, no_ner, input_format, policy, connector, direction, show_values)


@guarded
def _run(
    source: str,
    jsonl: bool,
    as_json: bool,
    no_ner: bool,
    input_format: InputFormat,
    policy: Path | None,
    connector: str | None,
    direction: Direction,
    show_values: bool,
) -> None:
    config = load_settings(policy_path=policy, ner_enabled=False if no_ner else None)
    if jsonl:
        engine = make_engine(config)
        failed = _scan_jsonl(engine, source, config.max_payload_bytes, ner=not no_ner)
        raise typer.Exit(int(ExitCode.USAGE if failed else ExitCode.OK))
    data = read_source(source, config.max_payload_bytes)
    name = "standard input" if source == "-" else source
    text = decode_utf8(data, name)
    document, mode = _classify(text, name, source, input_format)
    engine = make_engine(config)
    if mode == "text":
        with busy(f"scanning {name}..."):
            findings = engine.scan_text(text, ScanContext(connector=connector), ner=not no_ner)
        values_of: dict[str, str] = {"$": text}
        summary: dict[str, Any] = {}
    else:
        message = document if mode == "jsonrpc" else _wrap(document)
        parsed = engine.parse(message)
        context = InspectContext(direction=direction, connector=connector, tool=None)
        with busy(f"inspecting {name}..."):
            outcome = engine.inspect(parsed, context)
        if outcome.failure is not None:
            fail(
                f"inspection failed ({outcome.failure})",
                code=ExitCode.INTERNAL,
                hint="rerun with --log-level debug",
            )
        findings = list(outcome.findings)
        summary = outcome.summary()
        slots, _ = Walker(config.max_depth).walk(parsed)
        values_of = {slot.path: slot.text for slot in slots}
        if mode == "json":
            findings = [_unwrap(f) for f in findings]
            values_of = {_unwrap_path(path): text for path, text in values_of.items()}
    log.info(
        "scan finished",
        extra={"mode": mode, "findings": len(findings), "entities": sorted({f.entity for f in findings})},
    )
    _report(findings, mode, name, summary, as_json, values_of if show_values else None)
    raise typer.Exit(int(ExitCode.FINDINGS if findings else ExitCode.OK))


def _classify(text: str, name: str, source: str, input_format: InputFormat) -> tuple[Any, str]:
    """(parsed JSON or None, one of ``jsonrpc``/``json``/``text``)."""
    if input_format is InputFormat.TEXT:
        return None, "text"
    must_be_json = input_format is InputFormat.JSON or source.lower().endswith(".json")
    try:
        document = json.loads(text)
    except RecursionError:
        fail(f"{name} nests too deeply", hint="raise max_depth or split the document")
    except ValueError as exc:
        if must_be_json:
            where = (
                f" at line {exc.lineno} column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
            )
            fail(f"{name} is not valid JSON{where}", hint="fix the JSON, or pass --format text")
        return None, "text"
    if isinstance(document, str):
        return None, "text"
    items = document if isinstance(document, list) and document else [document]
    if all(isinstance(item, dict) and item.get("jsonrpc") == "2.0" for item in items):
        return document, "jsonrpc"
    return document, "json"


def _wrap(document: Any) -> dict[str, Any]:
    # Walking a plain document as a tool's structured output gives every key field-name context.
    return {"jsonrpc": "2.0", "id": "mcp-dlp-scan", "result": {"structuredContent": document}}


def _unwrap_path(path: str) -> str:
    return "$" + path[len(_WRAP_PREFIX) :] if path.startswith(_WRAP_PREFIX) else path


def _unwrap(finding: Finding) -> Finding:
    return finding.at(_unwrap_path(finding.path))


def _report(
    findings: list[Finding],
    mode: str,
    name: str,
    summary: dict[str, Any],
    as_json: bool,
    values_of: dict[str, str] | None,
) -> None:
    values: dict[int, str] | None = None
    if values_of is not None:
        err.print("[yellow]warning:[/] --show-values prints sensitive values; do not share this output")
        values = {i: values_of.get(f.path, "")[f.start : f.end] for i, f in enumerate(findings)}
    if as_json:
        rows = [finding_dict(f) for f in findings]
        if values is not None:
            for i, row in enumerate(rows):
                row["value"] = values[i]
        emit_json({"source": name, "mode": mode, "findings": rows, "summary": summary})
        return
    if not findings:
        out.print(f"no findings in {name} ({mode})")
        return
    out.print(findings_table(findings, values))


def _scan_jsonl(engine: Engine, source: str, limit: int, ner: bool) -> int:
    def scan_one(text: str) -> list[Finding]:
        return engine.scan_text(text, None, ner=ner)

    if source == "-":
        _, failed = stream_jsonl(sys.stdin.buffer, sys.stdout, scan_one, limit)
        return failed
    try:
        handle: IO[bytes] = Path(source).open("rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        fail(f"cannot read {source}: {exc.strerror or type(exc).__name__}", hint="pass a readable file or -")
    with handle:
        if not err.is_terminal:
            _, failed = stream_jsonl(handle, sys.stdout, scan_one, limit)
            return failed
        size = os.fstat(handle.fileno()).st_size
        columns = (TextColumn("scanning"), BarColumn(), TransferSpeedColumn())
        with Progress(*columns, console=err, transient=True) as progress:
            task = progress.add_task("scan", total=size)
            _, failed = stream_jsonl(
                handle, sys.stdout, scan_one, limit, on_line=lambda n: progress.advance(task, n)
            )
        return failed
