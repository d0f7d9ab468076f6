"""The PERSON hint detectors of a git revision against the working tree: same findings? how fast?

For speed work on the hint detectors, whose output must not change::

    .venv/bin/python bench/hints_diff.py                 # compare with HEAD
    .venv/bin/python bench/hints_diff.py --against REV --time 5

The revision's ``classifiers/person_*.py`` and ``classifiers/name_*.py`` are copied (``git show``,
read-only) into a temporary package and both versions run, logins on and off, over: every text of
``tests/corpus/dev.jsonl``; the slots the engine sends the detectors for those texts as MCP tool
results (recorded from ``Engine.inspect``); and the texts of the hints evaluation sets (cases,
blind, fresh; their gold spans are not read). Findings and the rules' raw hits must be equal;
the exit code is 1 otherwise. ``--time N`` then reports medians of N alternating rounds (thread
CPU time) per detector and for ``inspect`` without NER, with ratios against the revision.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from dlp.classifiers.name_gazetteer import Gazetteer
from dlp.classifiers.person_hints import person_hint_detectors
from dlp.classifiers.person_rules import find_names
from dlp.config import load_config
from dlp.context import InspectContext
from dlp.engine import Engine
from dlp.findings import Finding, ScanContext
from dlp.wiring import build_engine

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "dev.jsonl"
Item = tuple[str, ScanContext]


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def snapshot(rev: str, into: Path) -> str:
    """Copy the revision's hint modules into a package under ``into``; return the package name."""
    listed = _git("ls-tree", "--name-only", rev, "classifiers/").split()
    names = [Path(p).stem for p in listed if re.fullmatch(r"classifiers/(person|name)_\w+\.py", p)]
    package = "hints_at_" + re.sub(r"\W", "_", rev)
    (into / package).mkdir()
    (into / package / "__init__.py").write_text("")
    local = "|".join(names)
    from_import = re.compile(rf"from dlp\.classifiers import ((?:(?:{local}),? ?)+)$", re.MULTILINE)
    for name in names:
        source = _git("show", f"{rev}:classifiers/{name}.py")
        source = re.sub(rf"dlp\.classifiers\.({local})\b", rf"{package}.\1", source)
        source = from_import.sub(rf"from {package} import \1", source)
        (into / package / f"{name}.py").write_text(source)
    sys.path.insert(0, str(into))
    return package


class _Recorder:
    """Stands in for the detectors to record the (text, context) pairs the engine sends them."""

    name = "recorder"
    entities = frozenset({"PERSON"})

    def __init__(self) -> None:
        self.seen: list[Item] = []

    def detect(self, text: str, context: ScanContext) -> list[Finding]:
        self.seen.append((text, context))
        return []


def _message(text: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "text", "text": text}]}}


def corpus(limit: int | None = None) -> list[tuple[str, str | None]]:
    """(text, source) of the dev corpus, in file order."""
    with CORPUS.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    return [(row["text"], row.get("source")) for row in rows[:limit]]


def engine_slots(engine: Engine, payloads: Sequence[tuple[str, str | None]]) -> list[Item]:
    """What the engine's detectors see for each payload sent as a tool result."""
    recorder = _Recorder()
    probe = engine.derive(detectors=(recorder,))
    for text, source in payloads:
        probe.inspect(_message(text), InspectContext(connector=source))
    return recorder.seen


def eval_texts() -> dict[str, list[Item]]:
    """Texts and contexts of the hints evaluation sets (imported late: it loads spaCy)."""
    from dlp.models.train.hints_eval import blind_cases, cases, fresh_cases  # noqa: PLC0415

    return {
        f"eval {f.__name__}": [(text, ctx) for text, ctx, _gold in f()]
        for f in (cases, blind_cases, fresh_cases)
    }


def compare(old: ModuleType, old_rules: ModuleType, sets: dict[str, list[Item]], g: Gazetteer) -> int:
    """Print the comparison per set and return the number of differences."""
    differences = 0
    for logins in (True, False):
        new_detectors = person_hint_detectors(g, logins=logins)
        old_detectors = old.person_hint_detectors(g, logins=logins)
        for label, items in sets.items():
            findings = differing = hit_diffs = 0
            for text, context in items:
                hit_diffs += old_rules.find_names(text, g, logins) != find_names(text, g, logins)
                for before, after in zip(old_detectors, new_detectors, strict=True):
                    found = after.detect(text, context)
                    findings += len(found)
                    differing += before.detect(text, context) != found
            differences += differing + hit_diffs
            chars = sum(len(text) for text, _ in items)
            print(
                f"logins={logins!s:5} {label:18} {len(items):6} texts {chars:8} chars {findings:6} findings:"
                f" {differing} differing (text, detector), {hit_diffs} differing rule hits"
            )
    return differences


def _median_cpu(run: Callable[[], object], rounds: list[float]) -> None:
    started = time.thread_time()
    run()
    rounds.append(time.thread_time() - started)


def timing(
    old: ModuleType, engine: Engine, payloads: list[tuple[str, str | None]], rounds: int, g: Gazetteer
) -> None:
    """Per detector (ms per payload set) and inspect without NER, old and new alternating."""
    items = engine_slots(engine, payloads)
    kb = sum(len(text.encode()) for text, _ in payloads) / 1e3
    print(f"\ntiming: {len(payloads)} payloads ({kb:.0f} KB), {len(items)} slots, median of {rounds} (CPU)")
    pairs = list(zip(old.person_hint_detectors(g), person_hint_detectors(g), strict=True))
    for before, after in pairs:
        times: dict[str, list[float]] = {"old": [], "new": []}
        for _ in range(rounds):
            for label, det in (("old", before), ("new", after)):
                _median_cpu(lambda det=det: [det.detect(t, c) for t, c in items], times[label])
        o, n = statistics.median(times["old"]), statistics.median(times["new"])
        print(f"  {after.name:17} old {o * 1e3:7.1f} ms  new {n * 1e3:7.1f} ms  {o / n:5.2f}x")
    # The engine's other detectors, as wired (no public accessor: a benchmark may look inside).
    base = tuple(d for d in engine._parts.detectors if not d.name.startswith("person."))
    engines = {
        "old": engine.derive(detectors=(*base, *old.person_hint_detectors(g))),
        "new": engine,
        "no hints": engine.derive(detectors=base),
    }
    messages = [(_message(text), InspectContext(connector=source)) for text, source in payloads]
    times = {label: [] for label in engines}
    for _ in range(rounds):
        for label, eng in engines.items():
            _median_cpu(lambda eng=eng: [eng.inspect(m, c) for m, c in messages], times[label])
    reference = statistics.median(times["old"])
    for label, samples in times.items():
        med = statistics.median(samples)
        mb_s = kb / 1e3 / med
        print(f"  inspect {label:9} {med * 1e3:7.0f} ms  {mb_s:5.2f} MB/s CPU  {reference / med:5.2f}x old")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="hint detectors of a revision vs the working tree")
    parser.add_argument("--against", default="HEAD", help="git revision to compare with (default HEAD)")
    parser.add_argument("--time", type=int, default=0, metavar="N", help="also time N alternating rounds")
    parser.add_argument("--payloads", type=int, default=400, help="payloads timed (default 400, ~400 KB)")
    args = parser.parse_args(argv)
    g = Gazetteer.load()
    with tempfile.TemporaryDirectory() as tmp:
        package = snapshot(args.against, Path(tmp))
        old = importlib.import_module(f"{package}.person_hints")
        old_rules = importlib.import_module(f"{package}.person_rules")
        engine = build_engine(load_config(ner_enabled=False, data_dir=Path(tmp) / "data"))
        payloads = corpus()
        sets = {
            "corpus texts": [(text, ScanContext(connector=source)) for text, source in payloads],
            "engine slots": engine_slots(engine, payloads),
            **eval_texts(),
        }
        differences = compare(old, old_rules, sets, g)
        print(f"{differences} differences against {args.against}")
        if args.time:
            timing(old, engine, payloads[: args.payloads], args.time, g)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
