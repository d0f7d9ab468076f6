"""Package the best checkpoint as ``models/pipeline/en_mcp_dlp_ner`` (an ``nlp.to_disk`` folder)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import spacy

from dlp.models.loader import SHIPPED_PATH

VERSION = "0.1.0"

META: dict[str, Any] = {
    "lang": "en",
    "name": "mcp_dlp_ner",
    "version": VERSION,
    "description": (
        "mcp-dlp English NER (tok2vec + ner, no vectors): PERSON, LOC, ORG, DATE for DLP on MCP tool "
        "output. Trained from scratch on permissively licensed corpora, teacher-labelled silver text and "
        "Faker-generated tool-output sentences; see models/MODEL_CARD.md."
    ),
    "author": "mcp-dlp contributors",
    "license": "Apache-2.0 (code); see models/MODEL_CARD.md for training-data licences (CC BY, CC BY-SA)",
    "url": "",
    "sources": [
        {"name": "Broad Twitter Corpus", "author": "Derczynski, Bontcheva, Roberts", "license": "CC BY 4.0"},
        {"name": "WNUT17", "author": "Derczynski, Nichols, van Erp, Limsopatham", "license": "CC BY 4.0"},
        {"name": "wikigold", "author": "Balasuriya et al.; Nothman et al.", "license": "CC BY 4.0"},
        {"name": "SEC filings NER", "author": "Salinas Alvarado, Verspoor, Baldwin", "license": "CC BY 3.0"},
        {"name": "GUM (news, interview, voyage)", "author": "Amir Zeldes", "license": "CC BY 2.5/3.0 SA/4.0"},
        {"name": "re3d", "author": "Dstl", "license": "CC BY 3.0 AU / CC BY-SA 3.0 / OGL v3 / US PD"},
        {"name": "US presidential speeches (silver)", "author": "nltk_data", "license": "public domain"},
    ],
}


def package(checkpoint: Path, scores: dict[str, Any], target: Path = SHIPPED_PATH) -> int:
    """Write the checkpoint with our meta to ``target``; return its size in bytes."""
    nlp = spacy.load(checkpoint)
    meta = dict(META)
    ner: Any = nlp.get_pipe("ner")
    meta["labels"] = {"ner": list(ner.labels)}
    meta["performance"] = {
        "corpora_test_micro": scores.get("corpora_test_micro", {}).get("micro"),
        "synth_heldout": scores.get("synth_heldout", {}).get("micro"),
    }
    meta["spacy_version"] = f">={spacy.about.__version__[:3]}.0,<4.0.0"
    nlp.meta.update(meta)
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    return sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
