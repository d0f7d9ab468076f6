"""Scoring arithmetic of dlp.eval on a hand-made example, and a run on a slice of the corpus."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from rich.console import Console

from dlp import eval as dlp_eval
from dlp.eval import CorpusResult, Counts, GoldSpan, Predicted, evaluate, load_corpus, prf, score_record
from dlp.eval_report import render
from dlp.findings import Finding, ScanContext

GOLD = (
    GoldSpan(0, 5, "EMAIL_ADDRESS"),
    GoldSpan(10, 20, "PERSON"),
    GoldSpan(30, 40, "SECRET", "aws_access_key_id"),
)
PREDICTED = (
    Predicted(0, 5, "EMAIL_ADDRESS"),  # exact hit
    Predicted(12, 18, "PERSON"),  # overlapping hit, not exact
    Predicted(50, 55, "PERSON"),  # false positive
    Predicted(30, 40, "PHONE_NUMBER"),  # right place, wrong label: a false positive, SECRET missed
)


def test_per_label_counts_of_the_hand_made_example() -> None:
    per_label, per_kind = score_record(GOLD, PREDICTED)
    assert per_label["EMAIL_ADDRESS"] == Counts(
        support=1, predicted=1, tp_predicted=1, found=1, exact=1, exact_found=1
    )
    assert per_label["PERSON"] == Counts(support=1, predicted=2, tp_predicted=1, found=1, exact=0)
    assert per_label["SECRET"] == Counts(support=1, predicted=0, tp_predicted=0, found=0, exact=0)
    assert per_label["PHONE_NUMBER"] == Counts(support=0, predicted=1, tp_predicted=0, found=0, exact=0)
    assert per_kind == {"aws_access_key_id": Counts(support=1, found=0)}


def test_two_detectors_on_one_span_do_not_inflate_exact_recall() -> None:
    gold = [GoldSpan(0, 11, "SWIFT_BIC")]
    twice = [Predicted(0, 11, "SWIFT_BIC"), Predicted(0, 11, "SWIFT_BIC")]
    counts = score_record(gold, twice)[0]["SWIFT_BIC"].as_dict()
    assert (counts["exact_precision"], counts["exact_recall"]) == (1.0, 1.0)


def test_figures_of_the_hand_made_example() -> None:
    per_label, _ = score_record(GOLD, PREDICTED)
    person = per_label["PERSON"].as_dict()
    assert (person["precision"], person["recall"], person["f1"]) == (0.5, 1.0, 0.6667)
    assert (person["exact_precision"], person["exact_recall"], person["exact_f1"]) == (0.0, 0.0, 0.0)
    total = Counts()
    for counts in per_label.values():
        total.add(counts)
    micro = total.as_dict()
    # 2 of 4 predictions overlap gold of their label; 2 of 3 gold spans found; 1 exact.
    assert (micro["precision"], micro["recall"], micro["f1"]) == (0.5, 0.6667, 0.5714)
    assert (micro["exact_precision"], micro["exact_recall"], micro["exact_f1"]) == (0.25, 0.3333, 0.2857)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((0, 0, 0, 0), (0.0, 0.0, 0.0)),
        ((3, 4, 3, 6), (0.75, 0.5, 0.6)),
        ((1, 1, 1, 1), (1.0, 1.0, 1.0)),
    ],
)
def test_prf(args: tuple[int, int, int, int], expected: tuple[float, float, float]) -> None:
    assert prf(*args) == pytest.approx(expected)


def test_one_prediction_covering_two_gold_spans_finds_both() -> None:
    per_label, _ = score_record(
        (GoldSpan(0, 4, "PERSON"), GoldSpan(5, 9, "PERSON")), (Predicted(0, 9, "PERSON"),)
    )
    assert per_label["PERSON"] == Counts(support=2, predicted=1, tp_predicted=1, found=2, exact=0)


def test_an_oracle_scores_perfectly_on_a_slice_of_the_dev_corpus() -> None:
    records = load_corpus(dlp_eval.DEV_CORPUS, limit=40)
    gold_by_text = {r.text: r.gold for r in records}

    def oracle(text: str, context: ScanContext) -> Sequence[Finding]:
        return [Finding.of(g.label, g.start, g.end, 1.0, "oracle") for g in gold_by_text[text]]

    result = evaluate("slice", records, oracle)
    micro = result.micro().as_dict()
    assert result.records == 40
    assert micro["support"] > 100
    assert (micro["precision"], micro["recall"], micro["exact_f1"]) == (1.0, 1.0, 1.0)


def test_labels_filter_ignores_unlabelled_entities() -> None:
    records = load_corpus(dlp_eval.DEV_CORPUS, limit=5)

    def everything_is_a_person(text: str, context: ScanContext) -> Sequence[Finding]:
        return [Finding.of("PERSON", 0, 1, 0.5, "test")]

    result = evaluate("slice", records, everything_is_a_person, labels=frozenset({"SECRET"}))
    assert result.micro().predicted == 0


def test_cli_json_on_a_slice(capsys: pytest.CaptureFixture[str]) -> None:
    assert dlp_eval.main(["--limit", "10", "--json", "--scanner", "--corpus", str(dlp_eval.DEV_CORPUS)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["detector"] == "scanner"
    [corpus] = out["corpora"]
    assert corpus["records"] == 10
    assert set(corpus["micro"]) >= {"precision", "recall", "f1", "exact_f1", "support"}


def test_tables_name_every_label_and_kind() -> None:
    per_label, per_kind = score_record(GOLD, PREDICTED)
    result = CorpusResult("hand-made", records=1, characters=60, per_label=per_label, per_kind=per_kind)
    console = Console(width=140, record=True)
    render(console, "test", [result])
    out = console.export_text()
    assert "ALL (micro)" in out
    assert "hand-made: SECRET recall by kind — 1 kinds, 0 at 100%, 1 at 0%" in out
    for label in ("EMAIL_ADDRESS", "PERSON", "SECRET", "PHONE_NUMBER", "aws_access_key_id"):
        assert label in out
