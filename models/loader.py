"""Load the NER pipeline: the shipped one, or a configured spaCy package/path, never a download.

``load_pipeline(None)`` returns the pipeline committed under ``models/pipeline/``. A configured
name is used only if it is already installed (a Python package) or is an existing directory;
anything else falls back to the shipped pipeline and says so in :attr:`LoadedPipeline.warning`.
spaCy's ``load`` never downloads, but we check before calling it so the failure mode is ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import spacy
from spacy.language import Language

from dlp.errors import ConfigError

#: The pipeline this project trains and ships (see models/MODEL_CARD.md).
SHIPPED_NAME = "en_mcp_dlp_ner"
SHIPPED_PATH = Path(__file__).resolve().parent / "pipeline" / SHIPPED_NAME

#: Model label -> canonical entity. Covers our labels and the OntoNotes/CoNLL ones of spaCy's
#: own pipelines, so a user-installed ``en_core_web_lg`` maps the same way.
LABEL_MAP: dict[str, str] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "LOC": "LOCATION",
    "GPE": "LOCATION",
    "LOCATION": "LOCATION",
    "ORG": "ORGANIZATION",
    "ORGANIZATION": "ORGANIZATION",
}

#: Components kept when a larger pipeline is configured: NER and what feeds it, nothing else.
_KEEP = frozenset({"tok2vec", "transformer", "ner"})


@dataclass(frozen=True, slots=True)
class LoadedPipeline:
    """A ready spaCy pipeline and where it came from."""

    nlp: Language
    #: Package name or directory name of the pipeline.
    name: str
    #: NER labels the pipeline predicts, as the model names them.
    labels: tuple[str, ...]
    source: Literal["shipped", "configured"]
    version: str
    #: Set when the configured pipeline could not be used and the shipped one was loaded instead.
    warning: str | None = None

    def canonical(self, label: str) -> str | None:
        """Canonical entity for a model label, or None when the engine does not report it."""
        return LABEL_MAP.get(label)


def _ner_labels(nlp: Language) -> tuple[str, ...]:
    if "ner" not in nlp.pipe_names:
        return ()
    ner: Any = nlp.get_pipe("ner")  # an EntityRecognizer; spaCy types it as a plain callable
    return tuple(str(label) for label in ner.labels)


def _wrap(nlp: Language, source: Literal["shipped", "configured"], warning: str | None) -> LoadedPipeline:
    meta = nlp.meta
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
    return LoadedPipeline(
        nlp=nlp,
        name=name,
        labels=_ner_labels(nlp),
        source=source,
        version=str(meta.get("version", "0.0.0")),
        warning=warning,
    )


def _load(target: str | Path) -> Language:
    nlp = spacy.load(target)
    # A full pipeline (tagger, parser, lemmatizer...) costs time for nothing we use.
    unused = [name for name in nlp.pipe_names if name not in _KEEP]
    if unused:
        nlp.select_pipes(disable=unused)
    return nlp


def load_shipped() -> LoadedPipeline:
    """The pipeline committed with the project; ConfigError if the files are missing."""
    if not (SHIPPED_PATH / "meta.json").is_file():
        raise ConfigError(f"shipped NER pipeline missing at {SHIPPED_PATH}; run `make model`")
    try:
        nlp = _load(SHIPPED_PATH)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"shipped NER pipeline at {SHIPPED_PATH} cannot be loaded: {exc}") from exc
    return _wrap(nlp, "shipped", None)


def _installed(name: str) -> str | Path | None:
    """What to hand to spacy.load for ``name`` if it is present locally, else None."""
    path = Path(name).expanduser()
    if path.is_dir() and (path / "meta.json").is_file():
        return path
    if spacy.util.is_package(name):
        return name
    return None


def load_pipeline(name: str | None = None) -> LoadedPipeline:
    """Load the configured pipeline (a package name or a path), else the shipped one."""
    if name is None or name in ("", SHIPPED_NAME):
        return load_shipped()
    target = _installed(name)
    if target is None:
        reason = f"configured NER pipeline {name!r} is not installed (no package, no directory)"
    else:
        try:
            nlp = _load(target)
        except (OSError, ValueError, ImportError) as exc:
            reason = f"configured NER pipeline {name!r} failed to load ({type(exc).__name__})"
        else:
            if "ner" not in nlp.pipe_names:
                reason = f"configured pipeline {name!r} has no 'ner' component"
            else:
                return _wrap(nlp, "configured", None)
    shipped = load_shipped()
    warning = f"{reason}; using the shipped pipeline {SHIPPED_NAME} {shipped.version}"
    return LoadedPipeline(
        nlp=shipped.nlp,
        name=shipped.name,
        labels=shipped.labels,
        source="shipped",
        version=shipped.version,
        warning=warning,
    )
