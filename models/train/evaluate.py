"""Score a trained pipeline on the held-out splits and measure its speed.

Scores are exact-span precision / recall / F1 per label (spaCy's Scorer), on each held-out set and
micro-averaged over the corpora's own test splits together.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example

from dlp.models.train.hints_eval import ablation, gold_cases
from dlp.models.train.prepare import TEST_FILES

#: Sets scored in the model card, in display order (``dev_unsplit`` is the only gold DATE layer;
#: ``dev_corpora``, the kept slice of the corpora's dev splits, picked the checkpoint: not held out).
HELD_OUT: tuple[str, ...] = (*TEST_FILES, "synth_heldout", "dev_unsplit", "dev_corpora")


def _docs(nlp: Language, path: Path) -> list[Doc]:
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def _is_mention(ent: Span) -> bool:
    """A Twitter @-mention: the "@" itself or the handle right after it."""
    doc = ent.doc
    return ent.text.startswith("@") or (ent.start > 0 and doc[ent.start - 1].text == "@")


def score_docs(nlp: Language, gold: list[Doc], drop_mentions: bool = False) -> dict[str, Any]:
    """Per-label and overall P/R/F of ``nlp`` against ``gold``.

    ``drop_mentions`` removes @-mentions from gold and predictions alike: BTC annotates the "@"
    and the handle as two PERSONs while WNUT17 leaves handles unannotated, so mentions measure
    which convention a model learnt more than whether it finds names.
    """
    if drop_mentions:
        gold = [_without_mentions(d.copy()) for d in gold]
    predicted = list(nlp.pipe((d.text for d in gold), batch_size=256))
    if drop_mentions:
        predicted = [_without_mentions(d) for d in predicted]
    gold_labels = {ent.label_ for doc in gold for ent in doc.ents}
    for doc in predicted:
        # A set without a DATE layer (the corpora's test splits) cannot score DATE predictions:
        # counting them as false positives would misstate the other labels' micro average.
        doc.ents = [ent for ent in doc.ents if ent.label_ in gold_labels]
    examples = [Example(p, g) for p, g in zip(predicted, gold, strict=True)]
    # Example(predicted, reference) aligns tokens; the scorer reads ents from both sides.
    ner: Any = nlp.get_pipe("ner")
    scores = ner.score(examples)
    per_type = {
        label: {k: round(float(v), 4) for k, v in prf.items()}
        for label, prf in sorted((scores.get("ents_per_type") or {}).items())
    }
    support: dict[str, int] = {}
    for doc in gold:
        for ent in doc.ents:
            support[ent.label_] = support.get(ent.label_, 0) + 1
    for label, count in support.items():
        per_type.setdefault(label, {"p": 0.0, "r": 0.0, "f": 0.0})["n"] = count
    return {
        "docs": len(gold),
        "micro": {
            "p": round(float(scores["ents_p"] or 0.0), 4),
            "r": round(float(scores["ents_r"] or 0.0), 4),
            "f": round(float(scores["ents_f"] or 0.0), 4),
        },
        "per_type": per_type,
    }


def _without_mentions(doc: Doc) -> Doc:
    doc.ents = [ent for ent in doc.ents if not _is_mention(ent)]
    return doc


def words_per_second(nlp: Language, texts: list[str], rounds: int = 3) -> float:
    """Best-of-``rounds`` throughput of the pipeline alone (tokenizer + tok2vec + ner)."""
    words = sum(len(t.split()) for t in texts)
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=256):
            pass
        best = min(best, time.perf_counter() - t0)
    return round(words / best, 1)


def evaluate(nlp: Language, data_dir: Path) -> dict[str, Any]:
    """Scores on every held-out set plus the corpora-test micro average and the speed."""
    results: dict[str, Any] = {}
    corpora_gold: list[Doc] = []
    speed_texts: list[str] = []
    for name in HELD_OUT:
        gold = _docs(nlp, data_dir / f"{name}.spacy")
        results[name] = score_docs(nlp, gold)
        if name in TEST_FILES:
            corpora_gold.extend(gold)
        speed_texts.extend(d.text for d in gold)
    results["corpora_test_micro"] = score_docs(nlp, corpora_gold)
    results["corpora_test_micro_no_mentions"] = score_docs(nlp, corpora_gold, drop_mentions=True)
    # The engine never runs NER alone: PERSON of NER + gazetteer + patterns on the same test splits.
    results["corpora_test_person_with_hints"] = ablation(nlp, gold_cases(corpora_gold))
    results["speed"] = {"words_per_second_1_thread": words_per_second(nlp, speed_texts)}
    return results
