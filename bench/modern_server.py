"""The official SDK's server with the same ``payload`` tool as ``proxy_server.py`` (both protocol eras).

``proxy_bench.py`` calls it directly and through the gateway's stateless (2026-07-28) mode, so
the added latency of that mode is measured against the same server over the same revision.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mcp.server.mcpserver import MCPServer

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The bench folder is not a package: its sibling module is found through the path above.
from proxy_server import records

server = MCPServer("bench")
_cache: dict[int, str] = {}


@server.tool()
def payload(size: int) -> str:
    """About ``size`` bytes of customer records as JSON text."""
    if size not in _cache:
        _cache[size] = records(size)
    return _cache[size]


if __name__ == "__main__":
    server.run("stdio")
