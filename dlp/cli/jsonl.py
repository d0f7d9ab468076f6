"""``scan --jsonl``: the stable line protocol evaluation tools drive.

Input, one JSON object per line: ``{"id": ..., "text": "..."}``. Output, one line per input line
in the same order: ``{"id": ..., "findings": [{"entity", "start", "end", "score"}]}`` with
character offsets into ``text``, or ``{"id": <id or null>, "error": "<code>"}`` when the line
cannot be scanned. Blank lines are skipped. Memory stays constant: one line is read, scanned,
written and flushed before the next is read, and an over-long line is discarded in chunks.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import IO, Any, Protocol

from dlp.errors import DLPError
from dlp.findings import Finding

log = logging.getLogger("dlp.cli.jsonl")


class LineSink(Protocol):
    """Where output lines go (standard output, or a test's checker)."""

    def write(self, text: str, /) -> int:
        """Write ``text``."""
        ...

    def flush(self) -> None:
        """Push written lines to the reader."""
        ...


#: Scans one text; the CLI binds it to ``Engine.scan_text`` with or without NER.
ScanFn = Callable[[str], list[Finding]]
_CHUNK = 1 << 16


def _read_line(stream: IO[bytes], limit: int) -> tuple[bytes | None, bool]:
    """The next line (None at end of input) and whether it exceeded ``limit`` bytes (then discarded)."""
    line = stream.readline(limit + 1)
    if not line:
        return None, False
    if len(line) <= limit or line.endswith(b"\n"):
        return line, len(line.rstrip(b"\r\n")) > limit
    # Too long: drop the rest of the line without holding it.
    while True:
        rest = stream.readline(_CHUNK)
        if not rest or rest.endswith(b"\n"):
            return b"", True


def process_line(raw: bytes, scan: ScanFn) -> dict[str, Any]:
    """The output object for one input line (never raises for bad input)."""
    try:
        item = json.loads(raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {"id": None, "error": "malformed_json"}
    if not isinstance(item, dict):
        return {"id": None, "error": "not_an_object"}
    item_id = item.get("id")
    text = item.get("text")
    if "text" not in item:
        return {"id": item_id, "error": "missing_text"}
    if not isinstance(text, str):
        return {"id": item_id, "error": "text_not_a_string"}
    try:
        findings = scan(text)
    except DLPError as exc:
        return {"id": item_id, "error": exc.code}
    except Exception as exc:  # noqa: BLE001 - one bad line must not stop the stream; type only
        log.warning("scan failed on a line", extra={"error": type(exc).__name__})
        return {"id": item_id, "error": "internal_error"}
    return {
        "id": item_id,
        "findings": [
            {"entity": f.entity, "start": f.start, "end": f.end, "score": round(f.score, 4)} for f in findings
        ],
    }


def stream_jsonl(
    source: IO[bytes],
    sink: LineSink,
    scan: ScanFn,
    limit: int,
    on_line: Callable[[int], None] | None = None,
) -> tuple[int, int]:
    """Scan every line of ``source`` into ``sink``; returns (lines written, lines failed)."""
    written = failed = 0
    while True:
        raw, too_long = _read_line(source, limit)
        if raw is None:
            break
        if on_line is not None:
            on_line(len(raw))
        if too_long:
            result: dict[str, Any] = {"id": None, "error": "line_too_large"}
        elif not raw.strip():
            continue
        else:
            result = process_line(raw, scan)
        if "error" in result:
            failed += 1
        sink.write(json.dumps(result, separators=(",", ":")) + "\n")
        sink.flush()
        written += 1
    log.info("jsonl scan finished", extra={"lines": written, "failed": failed})
    return written, failed
