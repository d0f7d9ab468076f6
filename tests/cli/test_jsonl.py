"""``scan --jsonl``: the line contract, error lines, order, constant memory, streaming through a pipe."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dlp.cli.jsonl import process_line, stream_jsonl
from dlp.cli.main import app
from dlp.engine import Engine
from dlp.errors import InspectionError
from dlp.findings import Finding
from tests.cli.support import LineReader, env_for, shared_engine

EMAIL = "ada.lovelace@example.org"
CARD = "4111 1111 1111 1111"


@pytest.fixture(scope="module")
def engine(cli_data_dir: Path) -> Engine:
    return shared_engine(cli_data_dir)


def scan_patterns(engine: Engine) -> Any:
    return lambda text: engine.scan_text(text, None, ner=False)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"not json", {"id": None, "error": "malformed_json"}),
        (b"\xff\xfe", {"id": None, "error": "malformed_json"}),
        (b"[1, 2]", {"id": None, "error": "not_an_object"}),
        (b'{"id": 3}', {"id": 3, "error": "missing_text"}),
        (b'{"id": "a", "text": 5}', {"id": "a", "error": "text_not_a_string"}),
        (b'{"id": 4, "text": ""}', {"id": 4, "findings": []}),
        (b'{"text": "nothing here"}', {"id": None, "findings": []}),
    ],
)
def test_process_line_table(engine: Engine, line: bytes, expected: dict[str, Any]) -> None:
    assert process_line(line, scan_patterns(engine)) == expected


def test_process_line_reports_character_offsets(engine: Engine) -> None:
    text = f"Zoë 😀 wrote to {EMAIL}"
    result = process_line(json.dumps({"id": "x", "text": text}).encode(), scan_patterns(engine))
    (finding,) = result["findings"]
    assert set(finding) == {"entity", "start", "end", "score"}
    assert text[finding["start"] : finding["end"]] == EMAIL


def test_a_failing_detector_becomes_an_error_line_with_its_code() -> None:
    def broken(_text: str) -> list[Finding]:
        raise InspectionError("detector exploded")

    assert process_line(b'{"id": 1, "text": "x"}', broken) == {"id": 1, "error": "inspection_failed"}


def test_over_long_lines_are_discarded_and_the_stream_continues(engine: Engine) -> None:
    source = io.BytesIO(
        json.dumps({"id": 1, "text": "x" * 5000}).encode()
        + b"\n"
        + json.dumps({"id": 2, "text": "ok"}).encode()
    )
    sink = io.StringIO()
    written, failed = stream_jsonl(source, sink, scan_patterns(engine), limit=1000)
    lines = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert (written, failed) == (2, 1)
    assert lines == [{"id": None, "error": "line_too_large"}, {"id": 2, "findings": []}]


class _OrderCheckingSink(io.TextIOBase):
    """Checks order and that each output line is written before the next input line is read."""

    def __init__(self, source: io.BytesIO) -> None:
        self.source = source
        self.expected_id = 0
        self.found = 0

    def write(self, text: str) -> int:
        item = json.loads(text)
        assert item["id"] == self.expected_id
        # The reader is exactly one line ahead of the writer: nothing is buffered.
        assert self.source.tell() == (self.expected_id + 1) * LINE_WIDTH
        self.found += len(item["findings"])
        self.expected_id += 1
        return len(text)


LINE_WIDTH = 80


def _line(index: int) -> bytes:
    text = f"row {index} mail {EMAIL}" if index % 10 == 0 else f"row {index} nothing"
    raw = json.dumps({"id": index, "text": text}).encode()
    return raw + b" " * (LINE_WIDTH - 1 - len(raw)) + b"\n"


def _resident_bytes() -> int:
    # /proc is cheap to read; tracemalloc would make 50k scans several times slower.
    pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def test_fifty_thousand_lines_in_order_with_constant_memory(engine: Engine) -> None:
    count = 50_000
    source = io.BytesIO(b"".join(_line(i) for i in range(count)))
    sink = _OrderCheckingSink(source)
    resident: list[int] = []
    scan = scan_patterns(engine)

    def measured(text: str) -> list[Finding]:
        if sink.expected_id in (5_000, count - 1):
            resident.append(_resident_bytes())
        return list(scan(text))

    written, failed = stream_jsonl(source, sink, measured, limit=1 << 20)
    assert (written, failed) == (count, 0)
    assert sink.found == count // 10
    # Keeping 45k results (or input lines) would add far more than this; allocator noise does not.
    assert resident[1] - resident[0] < 8 * 1024 * 1024


def test_cli_jsonl_exit_code_two_when_a_line_failed(cli_data_dir: Path) -> None:
    runner = CliRunner(env=env_for(cli_data_dir))
    stdin = "\n".join([json.dumps({"id": "a", "text": f"card {CARD}"}), "{oops", "", json.dumps({"id": "c"})])
    result = runner.invoke(app, ["scan", "--jsonl", "--no-ner", "-"], input=stdin)
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", None, "c"]
    assert lines[0]["findings"][0]["entity"] == "CREDIT_CARD"
    assert lines[1] == {"id": None, "error": "malformed_json"}
    assert CARD not in result.output
    clean = runner.invoke(
        app, ["scan", "--jsonl", "--no-ner", "-"], input=json.dumps({"id": 1, "text": "hi"})
    )
    assert clean.exit_code == 0


@pytest.mark.slow
def test_real_process_answers_each_line_before_the_input_ends(cli_data_dir: Path) -> None:
    env = {**os.environ, **{k: v for k, v in env_for(cli_data_dir).items() if v is not None}}
    env.pop("DLP_CONFIG", None)
    command = [sys.executable, "-m", "dlp.cli", "scan", "--jsonl", "--no-ner", "-"]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env) as process:
        assert process.stdin is not None and process.stdout is not None
        reader = LineReader(process.stdout)
        try:
            for index in range(3):
                process.stdin.write(json.dumps({"id": index, "text": f"mail {EMAIL}"}).encode() + b"\n")
                process.stdin.flush()
                # The first answer waits for the engine to build; later ones are immediate.
                line = reader.readline(timeout=120 if index == 0 else 30)
                assert line, "no output line within the time limit: the scan is not streaming"
                answer = json.loads(line)
                assert answer["id"] == index
                assert answer["findings"][0]["entity"] == "EMAIL_ADDRESS"
        finally:
            process.stdin.close()
        assert process.wait(timeout=30) == 0
