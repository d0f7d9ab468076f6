"""Precision and recall per entity on labelled corpora: ``python -m dlp.eval`` (``make eval``).

A corpus is JSON lines ``{"id", "text", "spans": [{"start", "end", "label", "kind"?}], "source"?}``
with character offsets. Scoring, per entity label:

* overlap (the headline figures): a predicted span is a true positive when it overlaps a gold
  span of the same label; a gold span is found when some prediction of its label overlaps it.
  Precision = true-positive predictions / predictions, recall = found gold / gold.
* exact: a prediction is a true positive only when start, end and label all equal a gold span.

Gold spans that carry a ``kind`` (the provider of a SECRET) are also counted per kind, so the
secrets vectors report recall by provider rule.

Scoring modes: *flat* (the default, comparable with earlier runs) runs the detectors over each
record's whole text as one string; *engine* (``--engine``, :mod:`dlp.eval_engine`) inspects each
JSON record as the product inspects a tool result and maps its findings back to the record's text.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlp.findings import Finding, ScanContext

__all__ = [
    "CorpusResult",
    "Counts",
    "Detect",
    "GoldSpan",
    "Predicted",
    "Record",
    "evaluate",
    "load_corpus",
    "main",
    "prf",
    "score_record",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEV_CORPUS = REPO_ROOT / "tests" / "corpus" / "dev.jsonl"
SECRETS_CORPUS = REPO_ROOT / "tests" / "data" / "secrets_dev.jsonl"

#: A detection function: text and its context in, findings out.
Detect = Callable[[str, ScanContext], Sequence[Finding]]


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """One labelled span of a corpus record."""

    start: int
    end: int
    label: str
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Predicted:
    """One predicted span (a finding reduced to what scoring needs)."""

    start: int
    end: int
    label: str


@dataclass
class Counts:
    """Tallies for one label (or one secret kind)."""

    support: int = 0
    predicted: int = 0
    #: Predictions overlapping a gold span of the same label.
    tp_predicted: int = 0
    #: Gold spans overlapped by a prediction of the same label.
    found: int = 0
    #: Predictions equal to a gold span (start, end, label): the exact-precision numerator.
    exact: int = 0
    #: Gold spans some prediction equals exactly: the exact-recall numerator. Kept apart from
    #: ``exact`` because two detectors may report the same span.
    exact_found: int = 0

    def add(self, other: Counts) -> None:
        """Accumulate ``other`` into this tally."""
        self.support += other.support
        self.predicted += other.predicted
        self.tp_predicted += other.tp_predicted
        self.found += other.found
        self.exact += other.exact
        self.exact_found += other.exact_found

    def overlap(self) -> tuple[float, float, float]:
        """Overlap precision, recall, F1."""
        return prf(self.tp_predicted, self.predicted, self.found, self.support)

    def exact_match(self) -> tuple[float, float, float]:
        """Exact-span precision, recall, F1."""
        return prf(self.exact, self.predicted, self.exact_found, self.support)

    def as_dict(self) -> dict[str, Any]:
        """Counts and the derived figures, rounded for display and JSON."""
        p, r, f = self.overlap()
        ep, er, ef = self.exact_match()
        return {
            "support": self.support,
            "predicted": self.predicted,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "exact_precision": round(ep, 4),
            "exact_recall": round(er, 4),
            "exact_f1": round(ef, 4),
        }


def prf(tp_predicted: int, predicted: int, found: int, support: int) -> tuple[float, float, float]:
    """Precision, recall and F1; an empty denominator gives 0.0 (nothing to be right about)."""
    precision = tp_predicted / predicted if predicted else 0.0
    recall = found / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def score_record(
    gold: Sequence[GoldSpan], predicted: Sequence[Predicted]
) -> tuple[dict[str, Counts], dict[str, Counts]]:
    """Per-label and per-kind tallies for one record."""
    per_label: dict[str, Counts] = defaultdict(Counts)
    per_kind: dict[str, Counts] = defaultdict(Counts)
    exact_gold = {(g.start, g.end, g.label) for g in gold}
    exact_predicted = {(p.start, p.end, p.label) for p in predicted}
    for span in gold:
        hit = any(
            p.label == span.label and _overlaps(p.start, p.end, span.start, span.end) for p in predicted
        )
        exact_hit = (span.start, span.end, span.label) in exact_predicted
        per_label[span.label].support += 1
        per_label[span.label].found += hit
        per_label[span.label].exact_found += exact_hit
        if span.kind is not None:
            per_kind[span.kind].support += 1
            per_kind[span.kind].found += hit
            per_kind[span.kind].exact += exact_hit
            per_kind[span.kind].exact_found += exact_hit
    for pred in predicted:
        counts = per_label[pred.label]
        counts.predicted += 1
        counts.tp_predicted += any(
            g.label == pred.label and _overlaps(pred.start, pred.end, g.start, g.end) for g in gold
        )
        counts.exact += (pred.start, pred.end, pred.label) in exact_gold
    return dict(per_label), dict(per_kind)


@dataclass(frozen=True)
class Record:
    """One corpus record."""

    id: str
    text: str
    gold: tuple[GoldSpan, ...]
    source: str | None = None


def load_corpus(path: Path, limit: int | None = None) -> list[Record]:
    """Read a JSON-lines corpus; ``limit`` keeps only its first records."""
    records: list[Record] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            raw = json.loads(line)
            gold = tuple(
                GoldSpan(int(s["start"]), int(s["end"]), str(s["label"]), s.get("kind")) for s in raw["spans"]
            )
            records.append(Record(str(raw["id"]), str(raw["text"]), gold, raw.get("source")))
            if limit is not None and len(records) >= limit:
                break
    return records


@dataclass
class CorpusResult:
    """Scores of one detector on one corpus."""

    name: str
    records: int
    characters: int
    per_label: dict[str, Counts] = field(default_factory=dict)
    per_kind: dict[str, Counts] = field(default_factory=dict)
    #: Records without gold spans in which something was predicted (false alarms).
    negatives: int = 0
    negatives_flagged: int = 0

    def micro(self) -> Counts:
        """All labels pooled."""
        total = Counts()
        for counts in self.per_label.values():
            total.add(counts)
        return total

    def as_dict(self) -> dict[str, Any]:
        """Machine-readable form (``--json``)."""
        return {
            "corpus": self.name,
            "records": self.records,
            "characters": self.characters,
            "micro": self.micro().as_dict(),
            "entities": {label: c.as_dict() for label, c in sorted(self.per_label.items())},
            "secret_kinds": {kind: c.as_dict() for kind, c in sorted(self.per_kind.items())},
            "negative_records": self.negatives,
            "negative_records_flagged": self.negatives_flagged,
        }


def evaluate(
    name: str,
    records: Iterable[Record],
    detect: Detect,
    labels: frozenset[str] | None = None,
    on_record: Callable[[], None] | None = None,
) -> CorpusResult:
    """Run ``detect`` on every record and tally; ``labels`` restricts which predictions count."""
    result = CorpusResult(name=name, records=0, characters=0)
    for record in records:
        context = ScanContext(connector=record.source)
        predicted = [
            Predicted(f.start, f.end, f.entity)
            for f in detect(record.text, context)
            if labels is None or f.entity in labels
        ]
        per_label, per_kind = score_record(record.gold, predicted)
        for label, counts in per_label.items():
            result.per_label.setdefault(label, Counts()).add(counts)
        for kind, counts in per_kind.items():
            result.per_kind.setdefault(kind, Counts()).add(counts)
        result.records += 1
        result.characters += len(record.text)
        if not record.gold:
            result.negatives += 1
            result.negatives_flagged += bool(predicted)
        if on_record is not None:
            on_record()
    return result


def _iter_corpora(args: argparse.Namespace) -> Iterator[tuple[str, Path, frozenset[str] | None]]:
    if args.corpus:
        for path in args.corpus:
            yield path.name, path, None
        return
    yield "dev.jsonl", DEV_CORPUS, None
    if SECRETS_CORPUS.exists():
        # The secrets vectors label only SECRET: other entities in them (an e-mail in a config
        # line) are unlabelled, not false positives.
        yield "secrets_dev.jsonl", SECRETS_CORPUS, frozenset({"SECRET"})


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    # Imported here so `import dlp.eval` (tests, bench) stays light.
    from rich.console import Console  # noqa: PLC0415
    from rich.progress import Progress  # noqa: PLC0415

    from dlp.eval_engine import EngineModeDetector  # noqa: PLC0415
    from dlp.eval_report import build_detector, render  # noqa: PLC0415

    parser = argparse.ArgumentParser(
        prog="python -m dlp.eval",
        description=(
            "Score detectors on labelled corpora. By default (flat scoring) the detectors run over "
            "each record's whole text as one string, JSON syntax and keys included: comparable with "
            "earlier runs, but not what the product does with a JSON payload. --engine scores what "
            "users get instead."
        ),
    )
    parser.add_argument("--corpus", type=Path, action="append", help="evaluate this JSON-lines corpus")
    parser.add_argument("--no-ner", action="store_true", help="pattern and rule detectors only")
    scoring = parser.add_mutually_exclusive_group()
    scoring.add_argument("--scanner", action="store_true", help="the pattern scanner alone, no engine")
    scoring.add_argument(
        "--engine",
        action="store_true",
        help=(
            "engine scoring: a record whose text is a JSON object or array is inspected as a tool "
            "result (walked into string slots, NER only on free-text slots, field-name hints from "
            "each slot's key, same value same verdict across slots) and the findings are mapped back "
            "to offsets in the record's text; other records are scored as in flat mode"
        ),
    )
    parser.add_argument("--limit", type=int, default=None, help="first N records of each corpus")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    args = parser.parse_args(argv)
    mode = "engine" if args.engine else "flat"

    # Progress and notes go to stderr so that --json output stays parseable.
    err = Console(stderr=True)
    detector_name, detect = build_detector(
        ner=not args.no_ner, scanner_only=args.scanner, console=err, per_slot=args.engine
    )
    results: list[CorpusResult] = []
    for name, path, labels in _iter_corpora(args):
        records = load_corpus(path, args.limit)
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task(f"{name} ({detector_name}, {mode} scoring)", total=len(records))
            advance = functools.partial(progress.advance, task)
            results.append(evaluate(name, records, detect, labels, advance))
    if isinstance(detect, EngineModeDetector) and detect.unplaced:
        err.print(
            f"[yellow]{detect.unplaced} findings inside Python literals or base64 text could not be "
            "placed in their records' text and were not scored[/]"
        )
    if args.json:
        report = {"detector": detector_name, "mode": mode, "corpora": [r.as_dict() for r in results]}
        print(json.dumps(report, indent=2))
    else:
        out = Console()
        # Piped into a file or CI log, rich would assume 80 columns and squeeze the entity names.
        render(out if out.is_terminal else Console(width=120), f"{detector_name}, {mode} scoring", results)
    return 0


if __name__ == "__main__":
    # Run the imported module's main, not this __main__ copy: dlp.eval_report imports dlp.eval,
    # and the two copies' classes would otherwise differ.
    from dlp.eval import main as _main

    sys.exit(_main())
