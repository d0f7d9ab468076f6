"""Rendering findings and decisions for people (rich tables) and scripts (JSON), without values."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from dlp.decision import Decision
from dlp.findings import Finding


def plain(*cells: object) -> list[Text]:
    """Table cells as literal text: paths and messages may contain ``[...]`` that rich would parse."""
    return [cell if isinstance(cell, Text) else Text(str(cell)) for cell in cells]


def finding_dict(finding: Finding) -> dict[str, Any]:
    """The JSON form of a finding used by ``scan --json`` and the HTTP API (no value)."""
    return {
        "entity": finding.entity,
        "data_class": finding.data_class.value,
        "path": finding.path,
        "start": finding.start,
        "end": finding.end,
        "score": round(finding.score, 4),
        "detector": finding.detector,
        "kind": finding.kind,
    }


def findings_table(findings: Sequence[Finding], values: Mapping[int, str] | None = None) -> Table:
    """A table of findings; ``values`` (index -> matched text) adds a column for local triage only."""
    table = Table(title=f"{len(findings)} finding{'s' if len(findings) != 1 else ''}", title_justify="left")
    # Paths are the useful part: keep them on one line when they fit.
    path_width = min(max((len(f.path) for f in findings), default=4), 60)
    for name in ("entity", "data class", "path", "offsets", "score", "detector"):
        table.add_column(name, overflow="fold", min_width=path_width if name == "path" else None)
    if values is not None:
        table.add_column("value", overflow="fold", style="red")
    for index, finding in enumerate(findings):
        detector = f"{finding.detector} ({finding.kind})" if finding.kind else finding.detector
        row = [
            finding.entity,
            finding.data_class.value,
            finding.path,
            f"{finding.start}-{finding.end}",
            f"{finding.score:.2f}",
            detector,
        ]
        if values is not None:
            row.append(values.get(index, ""))
        table.add_row(*plain(*row))
    return table


def decision_table(decision: Decision) -> Table:
    """Which rule fired where: one row per finding with its action and rule id."""
    table = Table(title="rules applied", title_justify="left")
    for name in ("path", "offsets", "entity", "action", "rule id"):
        table.add_column(name, overflow="fold")
    for item in decision.actions:
        finding = item.finding
        table.add_row(
            *plain(
                finding.path,
                f"{finding.start}-{finding.end}",
                finding.entity,
                item.action.value,
                item.rule_id,
            )
        )
    return table


def decision_rows(decision: Decision) -> list[dict[str, Any]]:
    """JSON form of :func:`decision_table`."""
    return [
        {
            "path": item.finding.path,
            "start": item.finding.start,
            "end": item.finding.end,
            "entity": item.finding.entity,
            "action": item.action.value,
            "rule_id": item.rule_id,
        }
        for item in decision.actions
    ]


def dumps(value: Any) -> str:
    """Stable, readable JSON for stdout."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def emit_json(value: Any) -> None:
    """Write ``value`` as JSON to stdout, unwrapped and uncoloured (rich would wrap long strings)."""
    sys.stdout.write(dumps(value) + "\n")
    sys.stdout.flush()
