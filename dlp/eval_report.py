"""The detector under evaluation and the rich tables of :mod:`dlp.eval`."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dlp.errors import DLPError
from dlp.eval import CorpusResult, Counts, Detect
from dlp.findings import Finding, ScanContext

__all__ = ["build_detector", "build_engine_detector", "render", "scanner_detector"]

#: Beyond this many secret kinds only the worst ones are listed.
_MAX_KINDS_LISTED = 15


def scanner_detector() -> Detect:
    """The one-pass pattern scanner over every registered rule."""
    from dlp.classifiers.registry import all_pattern_rules  # noqa: PLC0415
    from dlp.classifiers.scanner import PatternScanner  # noqa: PLC0415

    return PatternScanner(all_pattern_rules()).detect


def build_engine_detector(ner: bool, data_dir: Path, per_slot: bool = False) -> Detect:
    """``Engine.scan_text`` of an engine built from the environment's configuration; with
    ``per_slot``, JSON records go through ``Engine.inspect`` instead (see :mod:`dlp.eval_engine`).

    ``data_dir`` receives the engine's generated keys: evaluation must not touch a real one.
    """
    from dlp.config import load_config  # noqa: PLC0415
    from dlp.eval_engine import EngineModeDetector  # noqa: PLC0415
    from dlp.wiring import build_engine  # noqa: PLC0415

    config = load_config(ner_enabled=ner, data_dir=data_dir)
    engine = build_engine(config)
    if per_slot:
        return EngineModeDetector(engine, config.max_depth, ner)

    def detect(text: str, context: ScanContext) -> Sequence[Finding]:
        return engine.scan_text(text, context, ner=ner)

    return detect


def build_detector(
    ner: bool, scanner_only: bool, console: Console, per_slot: bool = False
) -> tuple[str, Detect]:
    """The engine when it can be built (without NER if no pipeline loads), else the scanner.

    ``per_slot`` (engine scoring) needs the engine: without one it raises instead of falling back.
    """
    if scanner_only:
        return "scanner", scanner_detector()
    # The directory lives as long as the process: the engine may write to it lazily.
    data_dir = Path(tempfile.mkdtemp(prefix="mcp-dlp-eval-"))
    try:
        if ner:
            try:
                return "engine", build_engine_detector(True, data_dir, per_slot)
            except DLPError as exc:
                # No NER model yet is an expected state of a checkout, not a reason to stop.
                console.print(f"[yellow]NER unavailable ({type(exc).__name__}: {exc}); engine without NER[/]")
        return "engine (no NER)", build_engine_detector(False, data_dir, per_slot)
    except (ImportError, DLPError) as exc:
        if per_slot:
            raise
        # The engine and its detectors are optional for a partial checkout; the scanner is not.
        console.print(f"[yellow]engine unavailable ({type(exc).__name__}: {exc}); using the scanner[/]")
        return "scanner", scanner_detector()


def _pct(value: float) -> str:
    return f"{100 * value:5.1f}"


def _row(table: Table, name: str, counts: Counts, style: str | None = None) -> None:
    p, r, f = counts.overlap()
    ep, er, ef = counts.exact_match()
    table.add_row(
        name,
        str(counts.support),
        str(counts.predicted),
        _pct(p),
        _pct(r),
        _pct(f),
        _pct(ep),
        _pct(er),
        _pct(ef),
        style=style,
    )


def _entity_table(detector: str, result: CorpusResult) -> Table:
    table = Table(
        title=f"{result.name}: {result.records} records, {result.characters:,} characters ({detector})",
        title_justify="left",
    )
    for column in ("entity", "support", "predicted", "P", "R", "F1", "exact P", "exact R", "exact F1"):
        table.add_column(column, justify="left" if column == "entity" else "right")
    for label, counts in sorted(result.per_label.items(), key=lambda item: (-item[1].support, item[0])):
        _row(table, label, counts)
    _row(table, "ALL (micro)", result.micro(), style="bold")
    return table


def _kind_table(result: CorpusResult) -> tuple[str, Table]:
    kinds = sorted(result.per_kind.items(), key=lambda item: (item[1].overlap()[1], item[0]))
    perfect = sum(1 for _, c in kinds if c.found == c.support)
    missed = sum(1 for _, c in kinds if c.found == 0)
    shown = kinds if len(kinds) <= _MAX_KINDS_LISTED else kinds[:_MAX_KINDS_LISTED]
    summary = (
        f"{result.name}: SECRET recall by kind — {len(kinds)} kinds, {perfect} at 100%, {missed} at 0%"
        + ("" if shown is kinds else f"; the {len(shown)} worst listed")
    )
    table = Table()
    for column in ("kind", "support", "found", "recall", "exact recall"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind, counts in shown:
        table.add_row(
            kind,
            str(counts.support),
            str(counts.found),
            _pct(counts.overlap()[1]),
            _pct(counts.exact_match()[1]),
        )
    return summary, table


def render(console: Console, detector: str, results: Sequence[CorpusResult]) -> None:
    """Print one entity table per corpus, and a secret-kind table where kinds are labelled."""
    for result in results:
        console.print(_entity_table(detector, result))
        if result.negatives:
            console.print(
                f"  records without gold spans: {result.negatives}, "
                f"flagged anyway: {result.negatives_flagged}"
            )
        if result.per_kind:
            summary, table = _kind_table(result)
            console.print(summary)
            console.print(table)
        console.print()
