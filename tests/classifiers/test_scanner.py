"""The one-pass scanner: prefilter, exact match, validators and context scoring."""

from __future__ import annotations

from pathlib import Path

from dlp.classifiers.patterns import PatternRule, luhn_valid
from dlp.classifiers.scanner import PatternScanner, normalize_field_name
from dlp.findings import ScanContext

DIGITS = PatternRule(
    name="test.sixteen",
    entity="CREDIT_CARD",
    regex=r"(?<!\d)(?P<value>\d{16})(?!\d)",
    score=0.5,
    validator=luhn_valid,
    context=("card",),
)
NEEDS_CONTEXT = PatternRule(
    name="test.cvv",
    entity="CARD_CVV",
    regex=r"(?<!\d)\d{3}(?!\d)",
    score=0.3,
    context=("cvv",),
    context_required=True,
)


def test_validator_and_context_change_the_outcome() -> None:
    scanner = PatternScanner([DIGITS])
    plain = scanner.detect("pay 4111111111111111 now", ScanContext())
    with_context = scanner.detect("card 4111111111111111", ScanContext())
    invalid = scanner.detect("pay 4111111111111112 now", ScanContext())
    assert [(f.start, f.end, f.score) for f in plain] == [(4, 20, 0.5)]
    assert with_context[0].score == 0.75
    assert invalid == []


def test_context_required_rules_need_a_word_or_a_field_name() -> None:
    scanner = PatternScanner([NEEDS_CONTEXT])
    assert scanner.detect("room 123", ScanContext()) == []
    assert len(scanner.detect("cvv: 123", ScanContext())) == 1
    assert len(scanner.detect("123", ScanContext(field_name="cardCvv"))) == 1


def test_context_word_must_start_a_word() -> None:
    rule = PatternRule(
        name="test.dob",
        entity="DATE_OF_BIRTH",
        regex=r"\d{4}-\d{2}-\d{2}",
        score=0.2,
        context=("dob",),
        context_required=True,
    )
    scanner = PatternScanner([rule])
    assert scanner.detect("adobe 1990-01-02", ScanContext()) == []
    assert len(scanner.detect("dob 1990-01-02", ScanContext())) == 1


def test_prefilter_reports_only_rules_that_can_match() -> None:
    scanner = PatternScanner([DIGITS, NEEDS_CONTEXT])
    assert scanner.candidate_rules("no digits at all") == []
    assert scanner.candidate_rules("12") == []
    assert scanner.candidate_rules("abc 123") == [1]


def test_lone_surrogates_do_not_break_the_scan() -> None:
    scanner = PatternScanner([DIGITS])
    assert len(scanner.detect("\ud800 4111111111111111", ScanContext())) == 1


def test_field_names_are_normalised() -> None:
    assert normalize_field_name("dateOfBirth") == "date of birth"
    assert normalize_field_name("patient_MRN") == "patient mrn"
    assert normalize_field_name("card-cvv.value") == "card cvv value"


def test_compiled_database_is_cached_by_content(tmp_path: Path) -> None:
    first = PatternScanner([DIGITS, NEEDS_CONTEXT], cache_dir=tmp_path)
    cached = list(tmp_path.glob("patterns-*.hsdb"))
    assert len(cached) == 1
    second = PatternScanner([DIGITS, NEEDS_CONTEXT], cache_dir=tmp_path)
    assert second.candidate_rules("abc 123") == first.candidate_rules("abc 123") == [1]
    PatternScanner([DIGITS], cache_dir=tmp_path)
    assert len(list(tmp_path.glob("patterns-*.hsdb"))) == 2, "different rules, different file"


def test_a_corrupt_cache_file_is_rebuilt(tmp_path: Path) -> None:
    PatternScanner([DIGITS], cache_dir=tmp_path)
    (cached,) = tmp_path.glob("patterns-*.hsdb")
    cached.write_bytes(b"not a database")
    assert PatternScanner([DIGITS], cache_dir=tmp_path).candidate_rules("4111111111111111") == [0]
