"""The training recipe keeps held-out data out of training and generates data deterministically."""

from __future__ import annotations

import json
from pathlib import Path

from dlp.models.train.fill import Filler, fill
from dlp.models.train.prepare import (
    CORPORA,
    DEV_FILES,
    DEV_FILES_KEPT_TENTHS,
    GOLD_TRAIN_DATE,
    SILVER_TEACHER,
    TEST_FILES,
    UNSPLIT_GLOB,
    in_dev_slice,
    read_jsonl,
    splits,
    synthetic,
    with_mention_at,
)
from dlp.models.train.records import Record
from dlp.models.train.templates import HELDOUT, TRAIN


def test_held_out_templates_are_not_training_templates() -> None:
    assert not set(TRAIN) & set(HELDOUT)


def test_training_files_contain_no_dev_or_test_split() -> None:
    with GOLD_TRAIN_DATE.open(encoding="utf-8") as fh:
        sources = {json.loads(line)["source"] for line in fh}
    assert sources, "teacher-DATE training file is empty"
    for source in sources:
        assert not any(split in source for split in ("btc.test", "btc.dev", "emerging.", "FIN3", "ewt-ud")), (
            source
        )
    for pattern in UNSPLIT_GLOB:
        for path in CORPORA.glob(pattern):
            assert ".test" not in path.name and ".dev" not in path.name


def test_no_test_or_kept_dev_sentence_reaches_the_training_split() -> None:
    test = {rec.text for name in TEST_FILES for rec in read_jsonl(CORPORA / f"{name}.jsonl")}
    dev = {rec.text for name in DEV_FILES for rec in read_jsonl(CORPORA / f"{name}.jsonl")}
    kept = {text for text in dev if in_dev_slice(text, DEV_FILES_KEPT_TENTHS)}
    # The data files do overlap (silver text shares WNUT17's source pool): prepare must filter.
    with SILVER_TEACHER.open(encoding="utf-8") as fh:
        assert {json.loads(line)["text"] for line in fh} & (test | kept)
    parts = splits()
    train = {rec.text for rec in parts["train"]}
    assert not train & test
    assert not train & kept
    # The rest of the dev splits is trained on, and the kept slice is what picks checkpoints.
    assert len(train & dev) > 0.7 * len(dev)
    assert kept <= {rec.text for rec in parts["dev"]}


def test_dev_slice_is_deterministic_and_about_the_asked_share() -> None:
    texts = [rec.text for name in DEV_FILES for rec in read_jsonl(CORPORA / f"{name}.jsonl")]
    share = sum(in_dev_slice(t, DEV_FILES_KEPT_TENTHS) for t in texts) / len(texts)
    assert abs(share - DEV_FILES_KEPT_TENTHS / 10) < 0.03
    assert [in_dev_slice(t, 2) for t in texts] == [in_dev_slice(t, 2) for t in texts]
    # A smaller slice is contained in a larger one, so the unsplit corpora's 10% dev slice is stable.
    assert all(in_dev_slice(t, 2) for t in texts if in_dev_slice(t, 1))


def test_synthetic_data_is_deterministic_and_spans_match_the_text() -> None:
    first = synthetic(TRAIN, 200, 7)
    assert first == synthetic(TRAIN, 200, 7)
    for rec in first:
        for start, end, label in rec.spans:
            assert 0 <= start < end <= len(rec.text)
            assert rec.text[start:end].strip() == rec.text[start:end]
            assert label in {"PERSON", "LOC", "ORG", "DATE"}


def test_first_and_last_become_one_person_span() -> None:
    ex = fill("{first} {last} joined", Filler(3))
    assert len(ex.spans) == 1
    start, end, label = ex.spans[0]
    assert start == 0
    assert label == "PERSON"
    assert ex.text[end:] == " joined"


def test_mention_at_is_labelled_like_its_handle_and_nothing_else_changes() -> None:
    rec = Record("thanks @ dana_k and @ Acme !", ((9, 15, "PERSON"), (22, 26, "ORG")))
    expected = ((7, 8, "PERSON"), (9, 15, "PERSON"), (20, 21, "ORG"), (22, 26, "ORG"))
    assert with_mention_at(rec).spans == expected
    # Already labelled, unlabelled, multi-word (a check-in "at") and unspaced mentions stay as they are.
    for unchanged in (
        Record("@ dana", ((0, 1, "PERSON"), (2, 6, "PERSON"))),
        Record("hi @ dana", ()),
        Record("dinner @ Joe 's Diner", ((9, 21, "ORG"),)),
        Record("sunset @ Portland", ((9, 17, "LOC"),)),
        Record("hi @dana", ((3, 8, "PERSON"),)),
        Record("mail x@ dana", ((8, 12, "PERSON"),)),
    ):
        assert with_mention_at(unchanged) == unchanged


def test_test_splits_are_scored_as_written() -> None:
    parts = splits()
    for name in TEST_FILES:
        assert parts[name] == list(read_jsonl(CORPORA / f"{name}.jsonl"))


def test_the_gazetteer_rebuilds_exactly_as_committed(tmp_path: Path) -> None:
    # `make model` rebuilds the gazetteer first: every file it reads must exist in a clean clone,
    # and the result must be the committed lists (a diff would change the PERSON hints silently).
    from dlp.models.train import gazetteer  # noqa: PLC0415 - build-time module

    gazetteer.build(tmp_path)
    for name in ("first_names.txt", "last_names.txt", "ambiguous.txt", "common_words.txt"):
        assert (tmp_path / name).read_text(encoding="utf-8") == (gazetteer.OUT / name).read_text(
            encoding="utf-8"
        )
