"""A minimal MCP server over stdio for ``proxy_bench.py``: one tool, ``payload``, returning ``size`` bytes.

The payload is what a CRM or ticketing tool returns: JSON records with names, e-mail
addresses, phone numbers and prose, so the proxy does its real work (embedded JSON, detectors,
rewrites) and the latency measured is the one users would see.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def records(size: int) -> str:
    """JSON text of customer records, about ``size`` bytes."""
    rows: list[dict[str, Any]] = []
    i = 0
    while len(json.dumps(rows)) < size:
        rows.append(
            {
                "id": 1000 + i,
                "name": f"Customer {i} Roe",
                "email": f"customer{i}@example.org",
                "phone": f"+1 415 555 {1000 + i % 9000:04d}",
                "plan": "enterprise" if i % 3 else "team",
                "notes": "Asked about the renewal date and the invoice for last quarter; follow up soon.",
            }
        )
        i += 1
    return json.dumps(rows, indent=1)


def main() -> None:
    """Serve until stdin closes."""
    cache: dict[int, str] = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        method, msg_id = message.get("method"), message.get("id")
        params = message.get("params") or {}
        if method == "initialize":
            result: Any = {
                "protocolVersion": params.get("protocolVersion", "2025-06-18"),
                "capabilities": {"tools": {}},
                "serverInfo": {"name": "bench", "version": "0"},
            }
        elif method == "tools/list":
            result = {"tools": [{"name": "payload", "inputSchema": {"type": "object"}}]}
        elif method == "tools/call":
            size = int(params.get("arguments", {}).get("size", 200))
            text = cache.setdefault(size, records(size))
            result = {"content": [{"type": "text", "text": text}]}
        elif msg_id is None:
            continue
        else:
            result = {}
        sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": msg_id, "result": result}) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
