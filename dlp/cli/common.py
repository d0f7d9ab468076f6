"""What every CLI command shares: exit codes, settings, engine construction, input, error exits.

Errors printed here name the file, setting or error code and say what to do next; they never
quote a payload. Unexpected exceptions become exit code 3 with the exception type only.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import click
import typer
from rich.console import Console

from dlp.config import Config, load_config
from dlp.engine import Engine
from dlp.errors import ConfigError, DLPError, InputError, PolicyError
from dlp.logs import LogFormat, configure_logging

P = ParamSpec("P")
R = TypeVar("R")

log = logging.getLogger("dlp.cli")

#: Human output goes to stdout; warnings, progress and errors to stderr so pipes stay clean.
#: Piped output gets a fixed, generous width so tables are not folded at 80 columns.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class ExitCode(IntEnum):
    """Process exit codes, shared by every command (documented in ``--help`` and the README)."""

    OK = 0
    #: scan found something, redact blocked the message, doctor found the installation degraded.
    FINDINGS = 1
    #: bad arguments, unreadable file, malformed JSON, invalid policy or configuration.
    USAGE = 2
    #: a bug or an environment failure; the message names the exception type only.
    INTERNAL = 3


EXIT_CODES_HELP = (
    "Exit codes: 0 success / nothing found; 1 findings found (scan), message blocked (redact) or "
    "installation degraded (doctor); 2 usage or input error (bad file, malformed JSON, invalid policy "
    "or config); 3 internal error."
)


@dataclass
class Settings:
    """Global options given before the command name."""

    config_file: Path | None = None
    log_level: str | None = None
    log_format: LogFormat = "plain"


#: Filled by the app callback; one CLI invocation is one process, so one instance suffices.
SETTINGS = Settings()


class CliFailure(Exception):
    """A failure with a message for the user and the exit code to leave with."""

    def __init__(self, message: str, code: ExitCode = ExitCode.USAGE, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.hint = hint


def fail(message: str, code: ExitCode = ExitCode.USAGE, hint: str | None = None) -> NoReturn:
    """Stop the command with ``message`` (and what to do next) on stderr."""
    raise CliFailure(message, code, hint)


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Turn the project's errors into exit codes and any other exception into exit code 3."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (
            typer.Exit,
            typer.Abort,
            click.exceptions.Exit,
            click.ClickException,
            click.Abort,
            KeyboardInterrupt,
        ):
            raise
        except CliFailure as exc:
            _print_error(str(exc), exc.hint)
            raise typer.Exit(int(exc.code)) from None
        except PolicyError as exc:
            _print_error(str(exc), "fix the policy file; `mcp-dlp policy check FILE` lists every problem")
            raise typer.Exit(int(ExitCode.USAGE)) from None
        except ConfigError as exc:
            _print_error(str(exc), "check --config, DLP_CONFIG and the DLP_* environment variables")
            raise typer.Exit(int(ExitCode.USAGE)) from None
        except InputError as exc:
            _print_error(f"{exc.code}: {exc}", "pass a valid UTF-8 JSON or text file within the size limit")
            raise typer.Exit(int(ExitCode.USAGE)) from None
        except DLPError as exc:
            _print_error(f"{exc.code}: {exc}", "rerun with --log-level debug for details")
            raise typer.Exit(int(ExitCode.INTERNAL)) from None
        except Exception as exc:  # noqa: BLE001 - the CLI boundary: type only, never the message
            log.debug("internal error in %s: %s", func.__name__, type(exc).__name__)
            _print_error(
                f"internal error ({type(exc).__name__})",
                "this is a bug: please report it with the command you ran (not the data)",
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None

    return wrapper


def _print_error(message: str, hint: str | None) -> None:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    if hint:
        err.print(f"[dim]hint:[/] {hint}", markup=True, highlight=False)


def load_settings(quiet: bool = True, **overrides: Any) -> Config:
    """The configuration from ``--config``/``DLP_CONFIG``, ``DLP_*`` and the command's options.

    ``quiet``: unless a log level was set somewhere, log warnings only (a one-shot command's
    stderr is for the user; the service logs at the configured INFO default).
    """
    if SETTINGS.log_level is not None:
        overrides["log_level"] = SETTINGS.log_level
    config = load_config(config_file=SETTINGS.config_file, **overrides)
    level = config.log_level
    if quiet and "log_level" not in config.model_fields_set:
        level = "WARNING"
    try:
        configure_logging(level, SETTINGS.log_format)
    except ValueError as exc:
        fail(str(exc), hint="use --log-level with DEBUG, INFO, WARNING, ERROR or CRITICAL")
    return config


def make_engine(config: Config) -> Engine:
    """Build the engine, with a spinner on stderr when it is a terminal (compiling rules takes a moment)."""
    # The log level does not change the engine; leaving it out lets a cached engine be reused.
    key = config.model_copy(update={"log_level": "INFO"})
    with busy("loading detectors and policy..."):
        return _build(key)


@functools.lru_cache(maxsize=4)
def _build(config: Config) -> Engine:
    # One CLI run builds one engine; the cache matters when commands run in one process (tests).
    from dlp.wiring import build_engine  # noqa: PLC0415 - keeps `--help` fast

    return build_engine(config)


def busy(message: str) -> contextlib.AbstractContextManager[object]:
    """A spinner on stderr while a long step runs, only when stderr is a terminal."""
    return err.status(message, spinner="dots") if err.is_terminal else contextlib.nullcontext()


def read_source(source: str, limit: int) -> bytes:
    """The bytes of ``source`` (a path, or ``-`` for stdin), at most ``limit`` bytes."""
    if source == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        path = Path(source)
        try:
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            fail(
                f"cannot read {source}: {exc.strerror or type(exc).__name__}",
                hint="pass a readable file, or - to read standard input",
            )
    if len(data) > limit:
        fail(
            f"{'standard input' if source == '-' else source} is larger than the {limit}-byte limit",
            hint="split the input, or raise max_payload_bytes (DLP_MAX_PAYLOAD_BYTES)",
        )
    return data


def decode_utf8(data: bytes, source: str) -> str:
    """``data`` as text, or a usage error naming the byte offset."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"{source} is not UTF-8 text (byte offset {exc.start})", hint="convert the file to UTF-8")
