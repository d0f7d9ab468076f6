"""``python -m dlp.models.train``: rebuild the shipped NER pipeline from the in-repo data (``--rescore``:
re-measure the shipped one).

Steps: gazetteer lists -> DocBins -> ``spacy train`` (committed config.cfg, fixed seed, CPU) ->
held-out scores and hint ablations (held-out, blind, fresh) -> package into
``models/pipeline/en_mcp_dlp_ner`` -> ``models/scores.json`` and the generated tables of
``models/MODEL_CARD.md``.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import spacy
from spacy.cli.train import train as spacy_train
from spacy.language import Language

from dlp.models.loader import SHIPPED_PATH
from dlp.models.train import card, gazetteer
from dlp.models.train.evaluate import evaluate
from dlp.models.train.hints_eval import ablation, blind_cases, dev2_cases, fresh_cases, sealed_cases
from dlp.models.train.package import package
from dlp.models.train.prepare import prepare

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"
SCORES = HERE.parent / "scores.json"


def build(work: Path, skip_train: bool = False) -> dict[str, Any]:
    """Run every step; ``work`` holds the DocBins and checkpoints (not committed)."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    sizes = gazetteer.build()
    counts = prepare(work / "data")
    timings["prepare_s"] = round(time.perf_counter() - t0, 1)
    t1 = time.perf_counter()
    if not skip_train:
        spacy_train(
            CONFIG,
            work / "out",
            overrides={
                "paths.train": str(work / "data" / "train.spacy"),
                "paths.dev": str(work / "data" / "dev.spacy"),
            },
        )
    timings["train_s"] = round(time.perf_counter() - t1, 1)
    best = work / "out" / "model-best"
    nlp = spacy.load(best)
    t2 = time.perf_counter()
    scores = score_all(nlp, work / "data")
    timings["evaluate_s"] = round(time.perf_counter() - t2, 1)
    size = package(best, scores, SHIPPED_PATH)
    result = {
        "pipeline": SHIPPED_PATH.name,
        "size_bytes": size,
        "gazetteer": sizes,
        "data": counts,
        "timings": timings,
        "scores": scores,
    }
    SCORES.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    card.update(result)
    return result


def score_all(nlp: Language, data_dir: Path) -> dict[str, Any]:
    """Every held-out score of the card: corpora splits, speed and the PERSON hint ablations."""
    scores = evaluate(nlp, data_dir)
    scores["person_hints_ablation"] = ablation(nlp)
    scores["person_hints_ablation_blind"] = ablation(nlp, blind_cases())
    scores["person_hints_ablation_fresh"] = ablation(nlp, fresh_cases())
    scores["person_hints_ablation_dev2"] = ablation(nlp, dev2_cases())
    scores["person_hints_ablation_sealed"] = ablation(nlp, sealed_cases())
    return scores


def rescore(work: Path) -> dict[str, Any]:
    """Re-measure the shipped pipeline as it is (after a change to the hint detectors or the span
    repairs) and refresh ``models/scores.json`` and the card; the weights are not touched."""
    result: dict[str, Any] = json.loads(SCORES.read_text(encoding="utf-8"))
    prepare(work / "data")
    t0 = time.perf_counter()
    result["scores"] = score_all(spacy.load(SHIPPED_PATH), work / "data")
    result["timings"]["evaluate_s"] = round(time.perf_counter() - t0, 1)
    SCORES.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    card.update(result)
    return result


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--work", type=Path, default=Path("build/ner"), help="scratch folder (DocBins, checkpoints)"
    )
    parser.add_argument(
        "--skip-train",
        action="store_true",
        help="re-evaluate and re-package the existing checkpoint in --work",
    )
    parser.add_argument(
        "--rescore",
        action="store_true",
        help="re-measure the shipped pipeline with the current detectors; no training, no packaging",
    )
    args = parser.parse_args()
    result = rescore(args.work) if args.rescore else build(args.work, skip_train=args.skip_train)
    print(json.dumps({k: result[k] for k in ("pipeline", "size_bytes", "timings")}, indent=1))


if __name__ == "__main__":
    main()
