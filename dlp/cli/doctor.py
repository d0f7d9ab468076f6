"""``mcp-dlp doctor``: what is installed, what the engine loaded, what is missing. Never a secret."""

from __future__ import annotations

import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from dlp.cli.common import ExitCode, guarded, load_settings, make_engine, out
from dlp.cli.render import emit_json, plain
from dlp.config import Config
from dlp.errors import DLPError

_PACKAGES = ("mcp-dlp", "presidio-analyzer", "presidio-anonymizer", "spacy", "hyperscan", "mcp")
_KEY_FILES = {"hash_key": "hash.key", "vault_kek": "vault.kek"}


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def tesseract_version() -> str | None:
    """First line of ``tesseract --version``, or None when it is not installed."""
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - fixed argument list, binary found on PATH
            [binary, "--version"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unusable ({type(exc).__name__})"
    lines = (done.stdout or done.stderr).splitlines()
    return lines[0].strip() if lines else "unknown version"


def masked_database_url(config: Config) -> str:
    """The database URL with any password replaced by ``***``."""
    from sqlalchemy.engine import make_url  # noqa: PLC0415
    from sqlalchemy.exc import ArgumentError  # noqa: PLC0415

    try:
        return make_url(config.resolved_database_url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable URL>"


def _file_state(path: Path) -> str:
    if not path.exists():
        return "missing (created on first use)"
    mode = path.stat().st_mode & 0o777
    return "present" if not mode & 0o077 else f"present, but mode {mode:o} lets others read it: chmod 600"


def collect(config: Config) -> tuple[dict[str, Any], list[str]]:
    """The report and the list of problems that make the installation degraded."""
    problems: list[str] = []
    report: dict[str, Any] = {
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in _PACKAGES},
        "data_dir": str(config.data_dir),
        "keys": {name: _file_state(config.data_dir / file) for name, file in _KEY_FILES.items()},
        "database": masked_database_url(config),
    }
    report["tesseract"] = (
        tesseract_version() or "not installed: `make install` installs it (apt tesseract-ocr)"
    )
    if report["tesseract"].startswith(("not installed", "unusable")):
        problems.append("tesseract is not usable: text in images will not be inspected")
    try:
        engine = make_engine(config)
    except DLPError as exc:
        problems.append(f"the engine could not be built: {exc.code}: {exc}")
        if not config.ner_enabled:
            report["engine"] = {"error": f"{exc.code}: {exc}"}
            return report, problems
        # Describe what still works: the pattern detectors without the NER pipeline.
        config = config.model_copy(update={"ner_enabled": False})
        try:
            engine = make_engine(config)
        except DLPError as again:
            report["engine"] = {"error": f"{again.code}: {again}"}
            return report, problems
    info = engine.info.as_dict() if engine.info is not None else {}
    report["engine"] = info
    ner = info.get("ner", {})
    if not ner.get("pipeline"):
        report["engine"]["ner_statement"] = (
            "no NER pipeline is loaded: the engine runs its pattern detectors alone"
            " (names, places and organisations in free text are not detected)"
        )
        if config.ner_enabled:
            problems.append("NER is enabled but no pipeline is loaded")
    if ner.get("warning") and config.ner_enabled:
        problems.append(f"NER: {ner['warning']}")
    return report, problems


@guarded
def doctor(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    policy: Annotated[Path | None, typer.Option("--policy", help="Check this policy instead.")] = None,
) -> None:
    """Check the installation: versions, policy, detectors, NER pipeline, tesseract, keys.

    Exit code 0 when healthy, 1 when degraded (the report says what is missing and how to fix it).
    """
    config = load_settings(policy_path=policy)
    report, problems = collect(config)
    report["status"] = "degraded" if problems else "healthy"
    report["problems"] = problems
    if as_json:
        emit_json(report)
    else:
        _print(report)
    raise typer.Exit(int(ExitCode.FINDINGS if problems else ExitCode.OK))


def _print(report: dict[str, Any]) -> None:
    table = Table(show_header=False, title="mcp-dlp doctor", title_justify="left")
    table.add_column("check", style="bold")
    table.add_column("result", overflow="fold")
    table.add_row(*plain("python", report["python"]))
    for name, version in report["packages"].items():
        table.add_row(*plain(name, version or "not installed"))
    engine = report["engine"]
    if "error" in engine:
        table.add_row(*plain("engine", Text(engine["error"], style="red")))
    else:
        policy = engine.get("policy", {})
        table.add_row(
            *plain("policy", f"{policy.get('name')} {policy.get('version')} ({policy.get('source')})")
        )
        table.add_row(*plain("pattern rules", str(engine.get("pattern_rules"))))
        table.add_row(*plain("detectors", ", ".join(engine.get("detectors", []))))
        ner = engine.get("ner", {})
        table.add_row(*plain("NER pipeline", ner.get("pipeline") or engine.get("ner_statement", "none")))
        if ner.get("labels"):
            table.add_row(*plain("NER labels", ", ".join(ner["labels"])))
        if ner.get("warning"):
            table.add_row(*plain("NER note", ner["warning"]))
        table.add_row(*plain("hyperscan", str(engine.get("hyperscan"))))
    table.add_row(*plain("tesseract", report["tesseract"]))
    table.add_row(*plain("data dir", report["data_dir"]))
    for name, state in report["keys"].items():
        table.add_row(*plain(name, state))
    table.add_row(*plain("database", report["database"]))
    status = report["status"]
    table.add_row("status", Text(status, style="green" if status == "healthy" else "yellow"))
    out.print(table)
    for problem in report["problems"]:
        out.print(f"- {problem}", style="yellow", markup=False)
