"""``python -m dlp.connectors``: the proxy CLI."""

from dlp.connectors.cli import main

main()
