"""Regression guard: the SECRET rules over the third-party vectors in ``tests/data``.

``secrets_dev.jsonl`` (MIT, Copyright (c) 2019 Zachary Rice; see ``tests/data/SOURCES.md``) holds
templated true positives and near-miss false positives. A true positive counts as found when any
SECRET finding overlaps its gold span. Thresholds sit just below the measured values so that a
change which loses recall or adds false positives fails here; raise them when the rules improve.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.scanner import PatternScanner
from dlp.classifiers.secrets import FAMILIES, RULES
from dlp.findings import ScanContext

DATA = Path(__file__).resolve().parents[1] / "data" / "secrets_dev.jsonl"

# Measured 2026-11-21: all rules 5688/6097 = 0.933 recall, 51/372 near misses flagged;
# provider rules alone (no structural, no generic) 5274/6097 = 0.865, 35/372.
MIN_RECALL_ALL = 0.93
MIN_RECALL_PROVIDER = 0.86
MAX_FP_RATE_ALL = 0.145
MAX_FP_RATE_PROVIDER = 0.10


@cache
def vectors() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    positives = [row for row in rows if row["meta"]["polarity"] == "tp"]
    negatives = [row for row in rows if row["meta"]["polarity"] == "fp"]
    return positives, negatives


def _measure(rules: tuple[PatternRule, ...]) -> tuple[float, float]:
    scanner = PatternScanner(rules)
    positives, negatives = vectors()
    found = 0
    for row in positives:
        gold = row["spans"][0]
        findings = scanner.detect(row["text"], ScanContext())
        assert all(f.entity == "SECRET" for f in findings)
        if any(f.start < gold["end"] and f.end > gold["start"] for f in findings):
            found += 1
    flagged = sum(1 for row in negatives if scanner.detect(row["text"], ScanContext()))
    return found / len(positives), flagged / len(negatives)


def test_dataset_is_the_expected_copy() -> None:
    positives, negatives = vectors()
    assert (len(positives), len(negatives)) == (6097, 372)


def test_all_rules_recall_and_false_positives() -> None:
    recall, fp_rate = _measure(RULES)
    assert recall >= MIN_RECALL_ALL, f"recall {recall:.4f}"
    assert fp_rate <= MAX_FP_RATE_ALL, f"false-positive rate {fp_rate:.4f}"


def test_provider_rules_alone() -> None:
    provider = tuple(
        rule
        for family, rules in FAMILIES.items()
        if family not in ("structural", "generic")
        for rule in rules
    )
    recall, fp_rate = _measure(provider)
    assert recall >= MIN_RECALL_PROVIDER, f"recall {recall:.4f}"
    assert fp_rate <= MAX_FP_RATE_PROVIDER, f"false-positive rate {fp_rate:.4f}"
