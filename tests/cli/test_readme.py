"""The README's entity table is the generated one: adding an entity means regenerating it."""

from __future__ import annotations

from pathlib import Path

from dlp.cli.misc import entities_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_entity_table_is_in_sync() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- entities:start")
    start = text.index("\n", start) + 1
    end = text.index("<!-- entities:end -->")
    assert text[start:end] == entities_markdown(), "run `mcp-dlp entities --markdown` and paste it"
