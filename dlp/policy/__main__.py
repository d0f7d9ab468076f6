"""``python -m dlp.policy [PATH]``: refresh the committed JSON schema after a model change."""

from __future__ import annotations

import sys
from pathlib import Path

from dlp.policy.schema import committed_schema_path, write_schema

USAGE = (
    "usage: python -m dlp.policy [PATH]\nWrite the policy JSON schema to PATH (default: the committed one)."
)

if __name__ == "__main__":
    args = sys.argv[1:]
    if args and (args[0].startswith("-") or len(args) > 1):
        # Never write a schema to a file named like an option (`--help` used to create one).
        print(USAGE, file=sys.stderr if args[0] not in ("-h", "--help") else sys.stdout)
        sys.exit(0 if args[0] in ("-h", "--help") else 2)
    write_schema(Path(args[0]) if args else committed_schema_path())
