"""The loader: offline, shipped by default, clear fallback when the configured pipeline is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlp.errors import ConfigError
from dlp.models import loader
from dlp.models.loader import SHIPPED_NAME, SHIPPED_PATH, LoadedPipeline, load_pipeline


@pytest.mark.usefixtures("no_network")
def test_shipped_pipeline_loads_offline() -> None:
    loaded = load_pipeline(None)
    assert loaded.source == "shipped"
    assert loaded.name == SHIPPED_NAME
    assert loaded.warning is None
    assert {"PERSON", "LOC", "ORG", "DATE"} <= set(loaded.labels)
    assert loaded.version
    assert loaded.nlp.pipe_names == ["tok2vec", "ner"]


@pytest.mark.usefixtures("no_network")
def test_missing_configured_pipeline_falls_back_and_says_so() -> None:
    for missing in ("en_core_web_lg_not_installed", "/nonexistent/pipeline/dir"):
        loaded = load_pipeline(missing)
        assert loaded.source == "shipped"
        assert loaded.name == SHIPPED_NAME
        assert loaded.warning is not None
        assert repr(missing) in loaded.warning
        assert "not installed" in loaded.warning
        assert SHIPPED_NAME in loaded.warning


@pytest.mark.usefixtures("no_network")
def test_a_configured_path_is_used_as_configured() -> None:
    loaded = load_pipeline(str(SHIPPED_PATH))
    assert loaded.source == "configured"
    assert loaded.warning is None
    assert "ner" in loaded.nlp.pipe_names


@pytest.mark.usefixtures("no_network")
def test_a_directory_that_is_not_a_pipeline_falls_back(tmp_path: Path) -> None:
    loaded = load_pipeline(str(tmp_path))
    assert loaded.source == "shipped"
    assert loaded.warning is not None


def test_missing_shipped_pipeline_is_a_config_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(loader, "SHIPPED_PATH", tmp_path)
    with pytest.raises(ConfigError, match="make model"):
        load_pipeline(None)


@pytest.mark.parametrize(
    ("label", "entity"),
    [
        ("PERSON", "PERSON"),
        ("PER", "PERSON"),
        ("LOC", "LOCATION"),
        ("GPE", "LOCATION"),
        ("ORG", "ORGANIZATION"),
        ("DATE", None),
        ("NORP", None),
        ("MONEY", None),
    ],
)
def test_model_labels_map_to_canonical_entities(
    shipped: LoadedPipeline, label: str, entity: str | None
) -> None:
    assert shipped.canonical(label) == entity


def test_shipped_pipeline_is_small_enough() -> None:
    size = sum(p.stat().st_size for p in SHIPPED_PATH.rglob("*") if p.is_file())
    assert size <= 25 * 1024 * 1024
