"""``python -m dlp.cli`` runs the ``mcp-dlp`` command line."""

from dlp.cli.main import app

app(prog_name="mcp-dlp")
