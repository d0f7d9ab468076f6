"""Throughput and latency of mcp-dlp against a plain Presidio baseline (``make bench``).

Every mode runs over the same payloads (the texts of ``tests/corpus/dev.jsonl``) in the same
run, so the ratios compare like with like on the machine at hand; absolute numbers depend on
the machine and are never asserted. Modes:

* ``scanner``: the one-pass pattern scanner alone on each text;
* ``inspect``: ``Engine.inspect`` on each text wrapped as an MCP tool result, NER off (walk,
  embedded JSON, every detector, policy, rewrite);
* ``inspect+ner``: the same with NER on, when a pipeline is installed;
* ``presidio``: Presidio ``AnalyzerEngine`` with every predefined English recognizer plus
  ``AnonymizerEngine`` with its default operator, on each text, over ``spacy.blank("en")`` (no
  NER: the baseline for ``scanner`` and ``inspect``);
* ``presidio+ner``: the same over our NER pipeline (the baseline for ``inspect+ner``).

A last measurement streams 10 MB of corpus texts through the scanner (one thread). Wall time
and the thread's CPU time are both recorded: the machine may be shared, and CPU time is what
the ratios use.
Writes ``bench/results/latest.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from dlp.classifiers.presidio_adapter import build_presidio_baseline, presidio_baseline_redact
from dlp.classifiers.registry import all_pattern_rules
from dlp.classifiers.scanner import PatternScanner
from dlp.context import InspectContext
from dlp.errors import DLPError
from dlp.findings import ScanContext

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "dev.jsonl"
RESULTS = ROOT / "bench" / "results" / "latest.json"
WARMUP = 5
#: Which baseline each mode is compared with: NER against NER, patterns against patterns.
BASELINE_OF = {"inspect+ner": "presidio+ner", "presidio+ner": "presidio+ner"}


@dataclass(frozen=True)
class Payload:
    """One benchmark input: a corpus text and the connector it came from."""

    text: str
    source: str | None


@dataclass(frozen=True)
class Measurement:
    """Timing of one mode over all payloads."""

    mode: str
    payloads: int
    megabytes: float
    seconds: float
    #: CPU time of the measuring thread: on a shared machine it is steadier than wall time.
    cpu_seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def mb_per_s(self) -> float:
        """Wall-clock throughput in megabytes (10^6 bytes of UTF-8) per second."""
        return self.megabytes / self.seconds if self.seconds else 0.0

    @property
    def mb_per_cpu_s(self) -> float:
        """Throughput per second of CPU time (one core)."""
        return self.megabytes / self.cpu_seconds if self.cpu_seconds else 0.0


def load_payloads(limit: int | None) -> list[Payload]:
    """Corpus texts, in file order."""
    payloads: list[Payload] = []
    with CORPUS.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            payloads.append(Payload(record["text"], record.get("source")))
            if limit is not None and len(payloads) >= limit:
                break
    return payloads


def _percentile(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(
    mode: str, payloads: Sequence[Payload], run: Callable[[Payload], object], progress: Progress
) -> Measurement:
    """Time ``run`` on every payload after a short warm-up (caches, lazy compilation)."""
    for payload in payloads[:WARMUP]:
        run(payload)
    task = progress.add_task(mode, total=len(payloads))
    latencies: list[float] = []
    cpu = 0.0
    for payload in payloads:
        started, cpu_started = time.perf_counter(), time.thread_time()
        run(payload)
        latencies.append(time.perf_counter() - started)
        cpu += time.thread_time() - cpu_started
        progress.advance(task)
    progress.remove_task(task)
    size = sum(len(p.text.encode("utf-8")) for p in payloads) / 1e6
    return Measurement(
        mode=mode,
        payloads=len(payloads),
        megabytes=round(size, 4),
        seconds=round(sum(latencies), 4),
        cpu_seconds=round(cpu, 4),
        p50_ms=round(1000 * statistics.median(latencies), 3),
        p99_ms=round(1000 * _percentile(latencies, 0.99), 3),
    )


def _tool_result(payload: Payload) -> dict[str, Any]:
    # How an MCP server returns the text: a tools/call result with one text content block.
    return {"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "text", "text": payload.text}]}}


def build_modes(console: Console, ner: bool) -> tuple[list[tuple[str, Callable[[Payload], object]]], Any]:
    """The runnable modes and the NER pipeline's spaCy object (or None)."""
    scanner = PatternScanner(all_pattern_rules())
    modes: list[tuple[str, Callable[[Payload], object]]] = [
        ("scanner", lambda p: scanner.detect(p.text, ScanContext(connector=p.source)))
    ]
    nlp: Any = None
    try:
        # The engine is optional here: the scanner and Presidio can be measured without it.
        from dlp.config import load_config  # noqa: PLC0415
        from dlp.wiring import build_engine  # noqa: PLC0415
    except ImportError as exc:
        console.print(f"[yellow]engine unavailable ({exc}); measuring the scanner and Presidio only[/]")
        return modes, nlp
    data_dir = Path(tempfile.mkdtemp(prefix="mcp-dlp-bench-"))
    plain = build_engine(load_config(ner_enabled=False, data_dir=data_dir))
    modes.append(("inspect", lambda p: plain.inspect(_tool_result(p), InspectContext(connector=p.source))))
    if ner:
        try:
            from dlp.models.loader import load_pipeline  # noqa: PLC0415

            config = load_config(ner_enabled=True, data_dir=data_dir)
            pipeline = load_pipeline(config.ner_pipeline)
        except (ImportError, DLPError) as exc:
            console.print(f"[yellow]no NER pipeline ({type(exc).__name__}): inspect+ner skipped[/]")
            return modes, nlp
        if pipeline is None or getattr(pipeline, "nlp", None) is None:
            console.print("[yellow]no NER pipeline installed: inspect+ner skipped[/]")
            return modes, nlp
        with_ner = build_engine(config, pipeline=pipeline)
        modes.append(
            ("inspect+ner", lambda p: with_ner.inspect(_tool_result(p), InspectContext(connector=p.source)))
        )
        # The baseline gets the same spaCy pipeline, so NER cost is on both sides.
        nlp = pipeline.nlp
    return modes, nlp


def build_baseline(nlp: Any) -> Callable[[Payload], object]:
    """Plain Presidio analyze + anonymize with default recognizers and operators."""
    analyzer, anonymizer = build_presidio_baseline(nlp)
    return lambda p: presidio_baseline_redact(analyzer, anonymizer, p.text)


def scanner_volume(payloads: Sequence[Payload], megabytes: int, progress: Progress) -> Measurement:
    """The scanner over ``megabytes`` MB of corpus texts, payload by payload, on one thread."""
    scanner = PatternScanner(all_pattern_rules())
    stream: list[Payload] = []
    size = 0
    while size < megabytes * 1e6:
        for payload in payloads:
            stream.append(payload)
            size += len(payload.text.encode("utf-8"))
    return measure(
        f"scanner, {megabytes} MB", stream, lambda p: scanner.detect(p.text, ScanContext()), progress
    )


def render(console: Console, results: Sequence[Measurement], volume: Measurement) -> None:
    """Print the results table; ratios use CPU time, which other processes do not inflate."""
    by_mode = {m.mode: m for m in results}
    table = Table(title="mcp-dlp vs plain Presidio (same payloads, same run)", title_justify="left")
    columns = ("mode", "payloads", "MB", "MB/s wall", "MB/s CPU", "p50 ms", "p99 ms", "vs Presidio (CPU)")
    for column in columns:
        table.add_column(column, justify="left" if column == "mode" else "right")
    for m in [*results, volume]:
        baseline = by_mode.get(BASELINE_OF.get(m.mode, "presidio"))
        ratio = (
            f"{m.mb_per_cpu_s / baseline.mb_per_cpu_s:.1f}x" if baseline and baseline.mb_per_cpu_s else "-"
        )
        table.add_row(
            m.mode, str(m.payloads), f"{m.megabytes:.2f}", f"{m.mb_per_s:.2f}", f"{m.mb_per_cpu_s:.2f}",
            f"{m.p50_ms:.2f}", f"{m.p99_ms:.2f}", ratio,
        )  # fmt: skip
    console.print(table)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="mcp-dlp throughput and latency vs Presidio")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (60 payloads, 1 MB scan)")
    parser.add_argument("--payloads", type=int, default=None, help="number of corpus texts (default 400)")
    parser.add_argument("--no-ner", action="store_true", help="skip the NER mode")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    count = args.payloads or (60 if args.quick else 400)
    console = Console()
    if not console.is_terminal:
        console = Console(width=120)
    payloads = load_payloads(count)
    modes, nlp = build_modes(console, ner=not args.no_ner)
    modes.append(("presidio", build_baseline(None)))
    if nlp is not None:
        modes.append(("presidio+ner", build_baseline(nlp)))
    results: list[Measurement] = []
    with Progress(console=console, transient=True) as progress:
        for mode, run in modes:
            results.append(measure(mode, payloads, run, progress))
        volume = scanner_volume(load_payloads(None), 1 if args.quick else 10, progress)
    render(console, results, volume)
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "quick": args.quick,
        "modes": [
            asdict(m)
            | {
                "mb_per_s": round(m.mb_per_s, 3),
                "mb_per_cpu_s": round(m.mb_per_cpu_s, 3),
                "baseline": BASELINE_OF.get(m.mode, "presidio"),
            }
            for m in [*results, volume]
        ],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    console.print(
        f"written to {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
