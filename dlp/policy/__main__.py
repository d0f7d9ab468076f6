"""``python -m dlp.policy [PATH]``: refresh the committed JSON schema after a model change."""

from __future__ import annotations

import sys
from pathlib import Path

from dlp.policy.schema import committed_schema_path, write_schema

if __name__ == "__main__":
    write_schema(Path(sys.argv[1]) if len(sys.argv) > 1 else committed_schema_path())
