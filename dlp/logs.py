"""Logging set-up: stdlib logging, configured once per process, plain text or JSON lines.

Log records carry counts, entity names, JSON paths, rule ids and error codes, never payload
values: the engine never hands a value to a logger, and the HTTP service logs method, route and
status instead of request lines (a query string could carry anything).
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import Any, Literal, TextIO

LogFormat = Literal["plain", "json"]

#: Attributes every LogRecord has; anything else on a record came from ``extra=`` and is logged.
_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None)).keys()
    | {"message", "asctime", "color_message"}
)
#: Marks the handler this module installed, so a second call replaces it instead of stacking.
_HANDLER_NAME = "mcp-dlp"
_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")


def parse_level(level: str) -> int:
    """The numeric level for a name such as ``info``; raises ValueError for an unknown name."""
    name = level.strip().upper()
    if name not in _LEVELS:
        raise ValueError(f"unknown log level {level.strip()[:16]!r}; use one of {', '.join(_LEVELS)}")
    return int(logging.getLevelName(name))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        """Serialise ``record``; values that are not JSON become their ``str``."""
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: exception messages from third-party code may quote their input.
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, default=str, ensure_ascii=False)


class PlainFormatter(logging.Formatter):
    """``time level logger: message key=value ...`` for people reading a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """The standard line, the record's ``extra`` fields, and an exception's type (no traceback)."""
        # Another handler may have cached a full traceback in exc_text: format without it.
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            base = super().format(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved
        extras = [
            f"{key}={value}"
            for key, value in vars(record).items()
            if key not in _STANDARD_ATTRS and not key.startswith("_")
        ]
        if saved[0] and saved[0][0] is not None:
            extras.append(f"exception={saved[0][0].__name__} (traceback suppressed)")
        return f"{base} {' '.join(extras)}" if extras else base


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of the record (test runners swap it)."""

    @property
    def stream(self) -> TextIO:
        """The current standard error."""
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        """StreamHandler assigns a stream in its constructor; the current stderr is used instead."""


def configure_logging(level: str = "INFO", fmt: LogFormat = "plain", stream: TextIO | None = None) -> None:
    """Install one handler on the root logger; calling again replaces it."""
    numeric = parse_level(level)
    root = logging.getLogger()
    for existing in list(root.handlers):
        if existing.get_name() == _HANDLER_NAME:
            root.removeHandler(existing)
    handler: logging.Handler = logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(JsonFormatter() if fmt == "json" else PlainFormatter())
    root.addHandler(handler)
    root.setLevel(numeric)
    # uvicorn's access logger prints request lines (with query strings); the service logs its own.
    logging.getLogger("uvicorn.access").disabled = True
    for noisy in ("httpx", "httpcore", "asyncio"):
        logging.getLogger(noisy).setLevel(max(numeric, logging.INFO))
