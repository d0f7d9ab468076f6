"""The ``mcp-dlp`` command line (typer): scan, redact, policy, doctor, entities, serve."""
