"""dlp.logs: one handler however often it is configured, JSON lines with extra fields, no tracebacks."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from dlp.logs import configure_logging, parse_level


@pytest.fixture
def restore_root() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_lines_carry_extra_fields_and_only_the_exception_type(restore_root: None) -> None:
    stream = io.StringIO()
    configure_logging("DEBUG", "json", stream)
    logger = logging.getLogger("dlp.test")
    logger.info("inspected", extra={"findings": 2, "entities": ["US_SSN"], "rules": ["national-ids"]})
    try:
        raise ValueError("a message that could quote input 536-22-8741")
    except ValueError:
        logger.exception("failed")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "inspected" and first["level"] == "INFO" and first["logger"] == "dlp.test"
    assert first["findings"] == 2 and first["entities"] == ["US_SSN"] and first["rules"] == ["national-ids"]
    assert second["exception"] == "ValueError"
    assert "536-22-8741" not in stream.getvalue()


def test_plain_format_appends_fields_and_suppresses_tracebacks(restore_root: None) -> None:
    stream = io.StringIO()
    configure_logging("INFO", "plain", stream)
    logger = logging.getLogger("dlp.test")
    logger.debug("hidden")
    logger.warning("request", extra={"route": "/v1/redact", "status": 200})
    try:
        raise KeyError("536-22-8741")
    except KeyError:
        logger.exception("boom")
    text = stream.getvalue()
    assert "hidden" not in text
    assert "request route=/v1/redact status=200" in text
    assert "exception=KeyError (traceback suppressed)" in text and "536-22-8741" not in text


def test_configuring_twice_keeps_one_handler(restore_root: None) -> None:
    configure_logging("INFO")
    configure_logging("DEBUG", "json")
    ours = [h for h in logging.getLogger().handlers if h.get_name() == "mcp-dlp"]
    assert len(ours) == 1
    assert logging.getLogger().level == logging.DEBUG
    assert logging.getLogger("uvicorn.access").disabled


@pytest.mark.parametrize(("name", "level"), [("debug", 10), (" INFO ", 20), ("Warning", 30), ("ERROR", 40)])
def test_parse_level(name: str, level: int) -> None:
    assert parse_level(name) == level


@pytest.mark.parametrize("name", ["LOUD", "", "TRACE", "5"])
def test_parse_level_rejects_unknown_names(name: str) -> None:
    with pytest.raises(ValueError, match="unknown log level"):
        parse_level(name)
