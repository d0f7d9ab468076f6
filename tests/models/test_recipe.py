"""The training recipe keeps held-out data out of training and generates data deterministically."""

from __future__ import annotations

import json

from dlp.models.train.fill import Filler, fill
from dlp.models.train.prepare import (
    CORPORA,
    DEV_FILES,
    GOLD_TRAIN_DATE,
    SILVER_TEACHER,
    TEST_FILES,
    UNSPLIT_GLOB,
    read_jsonl,
    splits,
    synthetic,
)
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


def test_no_dev_or_test_sentence_reaches_the_training_split() -> None:
    held_out = {
        rec.text for name in (*TEST_FILES, *DEV_FILES) for rec in read_jsonl(CORPORA / f"{name}.jsonl")
    }
    # The data files do overlap (silver text shares WNUT17's source pool): prepare must filter.
    with SILVER_TEACHER.open(encoding="utf-8") as fh:
        assert {json.loads(line)["text"] for line in fh} & held_out
    train = splits()["train"]
    assert not {rec.text for rec in train} & held_out


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
