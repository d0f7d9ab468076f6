"""The JSON Schema of the policy document, for editor completion and validation in CI."""

from __future__ import annotations

import json
from pathlib import Path

from dlp.policy.model import PolicyDocument

#: File name of the committed schema next to the shipped policies.
SCHEMA_FILE = "policy.schema.json"


def schema_text() -> str:
    """The schema as stable, pretty-printed JSON with a trailing newline."""
    return json.dumps(PolicyDocument.model_json_schema(), indent=2, sort_keys=True) + "\n"


def write_schema(path: Path) -> None:
    """Write the schema to ``path`` (the CLI calls this)."""
    path.write_text(schema_text(), encoding="utf-8")


def committed_schema_path() -> Path:
    """``policies/policy.schema.json`` in the source tree (editable installs only)."""
    return Path(__file__).resolve().parents[2] / "policies" / SCHEMA_FILE
