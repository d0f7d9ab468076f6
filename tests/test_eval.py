"""Scoring arithmetic of dlp.eval on a hand-made example, a run on a slice of the corpus, and engine
scoring (JSON records inspected per slot, findings placed back in the record's text)."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from rich.console import Console

from dlp import eval as dlp_eval
from dlp.eval import (
    CorpusResult,
    Counts,
    Detect,
    GoldSpan,
    Predicted,
    Record,
    evaluate,
    load_corpus,
    prf,
    score_record,
)
from dlp.eval_engine import EngineModeDetector
from dlp.eval_report import build_engine_detector, render
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


# -- engine scoring (--engine) ---------------------------------------------------------------


@pytest.fixture(scope="module")
def detectors(tmp_path_factory: pytest.TempPathFactory) -> tuple[Detect, EngineModeDetector]:
    """Flat and engine scoring of one engine without NER (the hints alone keep the test fast)."""
    data_dir = tmp_path_factory.mktemp("eval-engine")
    engine_mode = build_engine_detector(False, data_dir, per_slot=True)
    assert isinstance(engine_mode, EngineModeDetector)
    return build_engine_detector(False, data_dir), engine_mode


def _record(text: str, *gold: tuple[str, str]) -> Record:
    """A record whose gold spans are the given encoded values' (unique) places in ``text``."""
    spans = tuple(GoldSpan(text.index(value), text.index(value) + len(value), label) for value, label in gold)
    return Record("synthetic", text, spans, "jira")


def test_a_name_under_a_person_field_is_found_only_by_engine_scoring(
    detectors: tuple[Detect, EngineModeDetector],
) -> None:
    flat, engine_mode = detectors
    # Default json.dumps (ensure_ascii): the name's gold span covers "Zo\u00eb Wrenfield", 19
    # characters for 13 decoded, after a summary whose escapes shift everything behind them.
    issue = {
        "key": "SUP-1",
        "fields": {"summary": 'Printer "P3"\njammed', "assignee": {"displayName": "Zoë Wrenfield"}},
    }
    text = json.dumps(issue)
    record = _record(text, ("Zo\\u00eb Wrenfield", "PERSON"))
    flat_person = evaluate("flat", [record], flat).per_label["PERSON"]
    engine_person = evaluate("engine", [record], engine_mode).per_label["PERSON"]
    # Flat scoring never sees the key ``displayName`` beside the value: the field hint is silent.
    assert flat_person.found == 0
    assert (engine_person.found, engine_person.exact_found, engine_person.predicted) == (1, 1, 1)
    [finding] = [f for f in engine_mode(text, ScanContext(connector="jira")) if f.entity == "PERSON"]
    assert finding.detector == "person.field"
    assert finding.path.endswith("<json>.fields.assignee.displayName")


def test_a_repeated_value_is_scored_in_each_slot(detectors: tuple[Detect, EngineModeDetector]) -> None:
    _flat, engine_mode = detectors
    text = json.dumps({"a": [{"email": "jo@example.com"}], "b": {"note": "mail jo@example.com"}})
    found = sorted((f.start, f.end) for f in engine_mode(text, ScanContext()) if f.entity == "EMAIL_ADDRESS")
    first = text.index("jo@example.com")
    second = text.index("jo@example.com", first + 1)
    assert found == [(first, first + 14), (second, second + 14)]


def test_text_records_are_scored_flat(detectors: tuple[Detect, EngineModeDetector]) -> None:
    flat, engine_mode = detectors
    text = "Refund to 4111 1111 1111 1111, mail jo@example.com [ok]"
    context = ScanContext(connector="zendesk")
    assert engine_mode(text, context) == flat(text, context) != []


def test_findings_inside_a_python_literal_are_counted_not_scored(
    detectors: tuple[Detect, EngineModeDetector],
) -> None:
    _flat, engine_mode = detectors
    before = engine_mode.unplaced
    text = json.dumps({"rows": "[{'email': 'jo@example.com', 'id': 'a1'}]"})
    assert [f for f in engine_mode(text, ScanContext()) if f.entity == "EMAIL_ADDRESS"] == []
    assert engine_mode.unplaced == before + 1


@pytest.mark.parametrize(("flag", "mode"), [([], "flat"), (["--engine"], "engine")])
def test_cli_json_names_the_scoring_mode(
    flag: list[str], mode: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*flag, "--no-ner", "--limit", "3", "--json", "--corpus", str(dlp_eval.DEV_CORPUS)]
    assert dlp_eval.main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["detector"], out["mode"]) == ("engine (no NER)", mode)
    assert out["corpora"][0]["records"] == 3
