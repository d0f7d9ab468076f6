"""House rules that a test can hold: dependency direction and where the environment is read."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: What the lower layers may import from the engine package: the shared types only.
SHARED = ("dlp.findings", "dlp.entities", "dlp.errors", "dlp.decision", "dlp.context", "dlp.config")
LOWER_LAYERS = {
    # The NER detector loads its pipeline through the models package, a sibling lower layer.
    "classifiers": ("dlp.classifiers", "dlp.models"),
    "vault": ("dlp.vault",),
    "models": ("dlp.models", "dlp.classifiers"),
}


def python_files(folder: str) -> Iterator[Path]:
    yield from (p for p in (ROOT / folder).rglob("*.py") if "pipeline" not in p.parts)


def imported_modules(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("folder", sorted(LOWER_LAYERS))
def test_lower_layers_import_only_shared_types(folder: str) -> None:
    allowed = (*SHARED, *LOWER_LAYERS[folder])
    offenders = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in python_files(folder)
        for module in imported_modules(path)
        if module.startswith("dlp") and not any(module == a or module.startswith(a + ".") for a in allowed)
    ]
    assert offenders == []


def reads_environment(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
            and node.attr in {"environ", "environb", "getenv", "putenv"}
        ):
            return True
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(alias.name in {"environ", "environb", "getenv"} for alias in node.names)
        ):
            return True
    return False


def test_only_the_config_module_reads_the_environment() -> None:
    config_module = (ROOT / "dlp" / "config.py").resolve()
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("dlp", "classifiers", "connectors", "vault", "models")
        for path in python_files(folder)
        if path.resolve() != config_module and reads_environment(path)
    ]
    assert offenders == []


def test_presidio_and_spacy_are_imported_in_one_place() -> None:
    allowed = {"classifiers/presidio_adapter.py", "classifiers/presidio_yaml.py", "classifiers/ner.py"}
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("dlp", "classifiers", "connectors", "vault")
        for path in python_files(folder)
        for module in imported_modules(path)
        if module.split(".")[0] in {"presidio_analyzer", "presidio_anonymizer", "spacy"}
        and str(path.relative_to(ROOT)) not in allowed
    ]
    assert offenders == []
