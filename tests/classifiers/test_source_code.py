"""SOURCE_CODE detector: languages, fences, diffs, and the texts that must stay out."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlp.classifiers.code_languages import SIGNALS, LanguageVoter
from dlp.classifiers.source_code import SourceCodeDetector, line_score
from dlp.entities import DataClass
from dlp.findings import Detector, ScanContext
from tests.classifiers.source_code_cases import (
    DIFF,
    FENCED_IN_CHAT,
    JIRA_CODE,
    NEGATIVES,
    POSITIVES,
    PYTHON,
)

CTX = ScanContext()
# Built once: compiling the language signals into hyperscan takes a noticeable fraction of a second.
SHARED = SourceCodeDetector()


@pytest.fixture(scope="module")
def detector() -> SourceCodeDetector:
    return SHARED


def test_is_a_detector(detector: SourceCodeDetector) -> None:
    assert isinstance(detector, Detector)
    assert detector.name == "source_code"
    assert detector.entities == frozenset({"SOURCE_CODE"})


@pytest.mark.parametrize(
    ("text", "language"), [(t, lang) for _, t, lang in POSITIVES], ids=[c for c, _, _ in POSITIVES]
)
def test_positive(detector: SourceCodeDetector, text: str, language: str) -> None:
    findings = detector.detect(text, CTX)
    assert findings, "no SOURCE_CODE found"
    best = max(findings, key=lambda f: f.length)
    assert best.kind == language
    assert best.entity == "SOURCE_CODE"
    assert best.data_class == DataClass.SOURCE_CODE
    assert 0.5 <= best.score <= 0.95
    # The span covers the code, not the whole message around it.
    assert best.length >= 0.5 * len(text.strip()) or "```" in text or "{code" in text


@pytest.mark.parametrize("text", [t for _, t in NEGATIVES], ids=[c for c, _ in NEGATIVES])
def test_negative(detector: SourceCodeDetector, text: str) -> None:
    assert detector.detect(text, CTX) == []


def test_positive_table_covers_twelve_languages() -> None:
    assert len({lang for _, _, lang in POSITIVES}) >= 12


def test_fence_span_is_the_content(detector: SourceCodeDetector) -> None:
    (finding,) = detector.detect(FENCED_IN_CHAT, CTX)
    body = FENCED_IN_CHAT[finding.start : finding.end]
    assert body.startswith("def parse(line):")
    assert body.endswith("return key.strip(), value.strip()")
    assert finding.score == 0.95


def test_jira_code_macro_span(detector: SourceCodeDetector) -> None:
    (finding,) = detector.detect(JIRA_CODE, CTX)
    body = JIRA_CODE[finding.start : finding.end]
    assert body.startswith("public static void main") and body.endswith("}")


def test_whole_file_span_covers_the_code(detector: SourceCodeDetector) -> None:
    (finding,) = detector.detect(PYTHON, CTX)
    assert finding.start == 0
    assert PYTHON[finding.start : finding.end].rstrip().endswith("(1 + rate))")


def test_diff_language_comes_from_the_file_name(detector: SourceCodeDetector) -> None:
    (finding,) = detector.detect(DIFF, CTX)
    assert finding.kind == "python"
    assert "lookup_rate" in DIFF[finding.start : finding.end]


def test_code_between_prose_is_found_alone(detector: SourceCodeDetector) -> None:
    prose = "We looked at the failing job this morning and found the cause in the retry helper.\n\n"
    text = prose + PYTHON + "\nLet me know whether this is fine to merge before the release."
    (finding,) = detector.detect(text, CTX)
    assert finding.start == len(prose)
    assert finding.kind == "python"


def test_two_fences_two_findings(detector: SourceCodeDetector) -> None:
    text = "First:\n```sql\nSELECT 1;\n```\nthen\n```go\nfunc main() {\n\tfmt.Println(1)\n}\n```\n"
    assert [f.kind for f in detector.detect(text, CTX)] == ["sql", "go"]


def test_unclosed_fence_runs_to_the_end(detector: SourceCodeDetector) -> None:
    text = "Here you go:\n```python\nimport os\nprint(os.getcwd())\n"
    (finding,) = detector.detect(text, CTX)
    assert text[finding.start : finding.end] == "import os\nprint(os.getcwd())"


@pytest.mark.parametrize(
    ("line", "is_code"),
    [
        ("    return x * 2", True),
        ("for (int i = 0; i < n; i++) {", True),
        ("done", True),
        ("The meeting is moved to Thursday; please update the calendar.", False),
        ("2024-05-01 12:00:01 INFO started (pid=1)", False),
        ("\tat com.acme.Main.main(Main.java:9)", False),
        ("https://example.com/a?b=1&c=2", False),
    ],
)
def test_line_score(line: str, is_code: bool) -> None:
    score = line_score(line)
    assert score is not None
    assert (score >= 1.5) is is_code


def test_every_signal_compiles_for_hyperscan() -> None:
    # LanguageVoter compiles every signal into one hyperscan database; a signal it rejects fails here.
    voter = LanguageVoter()
    assert voter.guess('fn main() {\n    let mut x = 1;\n    println!("{}", x);\n}')[0] == "rust"
    assert set(SIGNALS) >= {"python", "java", "go", "sql", "shell", "terraform", "dockerfile"}


def test_short_and_plain_texts_bail_out(detector: SourceCodeDetector) -> None:
    assert detector.detect("x = 1;", CTX) == []
    assert detector.detect("plain words only " * 50, CTX) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc{}();=\n \t#`'\"-+:<>$@/*.,\\")), max_size=400))
def test_arbitrary_text_gives_valid_spans(text: str) -> None:
    for finding in SHARED.detect(text, CTX):
        assert 0 <= finding.start < finding.end <= len(text)
        assert finding.kind


@pytest.mark.parametrize(
    "text",
    [
        "a" * 200_000,
        "(" * 100_000 + "\n" + ")" * 100_000,
        ".a " * 60_000 + "{",
        "x: " + "y" * 100_000 + "\n" + "def f(" + "a, " * 30_000 + ":",
        "\n".join(["int x = 1;"] * 20_000),
    ],
    ids=["letters", "parens", "css-selector", "long-lines", "many-lines"],
)
def test_no_catastrophic_backtracking(detector: SourceCodeDetector, text: str) -> None:
    # The one wall-clock bound allowed: a ReDoS guard, generous enough for a loaded CI machine.
    started = time.perf_counter()
    detector.detect(text, CTX)
    assert time.perf_counter() - started < 5.0


@pytest.mark.parametrize(
    "line", ["}", "},", "  ],", '  "type": "string"', '"a",', "", "   ", "// note", "properties:"]
)
def test_neutral_lines(line: str) -> None:
    # Structure, quoted keys, lone strings, comments and bare keys neither make nor break a run.
    assert line_score(line) is None
