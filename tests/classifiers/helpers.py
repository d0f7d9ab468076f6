"""Shared helpers for the pattern-family tests: one scanner over pii+pci+phi, span lookups."""

from __future__ import annotations

from functools import cache

from dlp.classifiers.registry import all_pattern_rules
from dlp.classifiers.scanner import PatternScanner
from dlp.findings import Finding, ScanContext

#: The score a default policy acts on; shape-only rules sit below it without context.
REPORT_THRESHOLD = 0.5


@cache
def scanner() -> PatternScanner:
    """Scanner over the three data families, built once per test session."""
    return PatternScanner(all_pattern_rules(("pii", "pci", "phi")))


def findings(text: str, field: str | None = None) -> list[Finding]:
    """Raw findings (overlaps unresolved) for ``text`` in a slot named ``field``."""
    return scanner().detect(text, ScanContext(field_name=field))


def spans(text: str, entity: str, field: str | None = None, threshold: float = REPORT_THRESHOLD) -> set[str]:
    """Matched substrings of ``entity`` at or above ``threshold``."""
    return {
        text[f.start : f.end] for f in findings(text, field) if f.entity == entity and f.score >= threshold
    }


def best_score(text: str, entity: str, field: str | None = None) -> float:
    """Highest score of ``entity`` in ``text`` (0.0 when absent)."""
    return max((f.score for f in findings(text, field) if f.entity == entity), default=0.0)
