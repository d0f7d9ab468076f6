"""Added latency of the stdio wrapper and of the HTTP gateway per ``tools/call`` (p50, p99).

The same server (``bench/proxy_server.py``) is called directly over stdio, through
``mcp-dlp wrap`` and through the gateway (real uvicorn on a local port, in this process),
in the same run, for a small result and a 20 KB result, with the official MCP SDK client. The
gateway's stateless (2026-07-28) mode is measured with the SDK's own server
(``bench/modern_server.py``) against that server called directly over the same revision.
Absolute numbers depend on the machine (it may be shared); the differences are the point.
Writes ``bench/results/proxy.json`` (``proxy-ner.json`` with ``--ner``).

    python bench/proxy_bench.py [--calls 100] [--ner]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import uvicorn
from mcp import Client, ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from starlette.applications import Starlette
from starlette.routing import Mount

from dlp.config import Config
from dlp.connectors.gateway import create_gateway_app
from dlp.connectors.gateway_config import GatewayConfig

ROOT = Path(__file__).resolve().parents[1]
SERVER = [sys.executable, str(ROOT / "bench" / "proxy_server.py")]
MODERN_SERVER = [sys.executable, str(ROOT / "bench" / "modern_server.py")]
MODERN = "2026-07-28"
SIZES = {"small": 200, "20KB": 20_000}


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


@asynccontextmanager
async def stdio_session(params: StdioServerParameters) -> AsyncIterator[ClientSession]:
    """An initialized session over stdio."""
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        yield session


@asynccontextmanager
async def http_session(url: str) -> AsyncIterator[ClientSession]:
    """An initialized session over Streamable HTTP."""
    async with streamable_http_client(url) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        yield session


@asynccontextmanager
async def modern_client(target: StdioServerParameters | str) -> AsyncIterator[Client]:
    """The SDK client held to the stateless 2026-07-28 revision (no initialize, no session)."""
    async with Client(target, mode=MODERN) as client:
        yield client


async def measure(
    opener: Callable[[], AbstractAsyncContextManager[ClientSession | Client]], calls: int
) -> dict[str, Any]:
    """Milliseconds per tools/call for each payload size."""
    out: dict[str, Any] = {}
    async with opener() as session:
        for label, size in SIZES.items():
            for _ in range(5):  # warm-up: caches, JIT-less but lazy imports
                await session.call_tool("payload", {"size": size})
            samples: list[float] = []
            for _ in range(calls):
                started = time.perf_counter()
                await session.call_tool("payload", {"size": size})
                samples.append((time.perf_counter() - started) * 1000.0)
            out[label] = {
                "p50_ms": round(statistics.median(samples), 3),
                "p99_ms": round(percentile(samples, 0.99), 3),
                "calls": calls,
            }
    return out


def serve(app: Any) -> tuple[uvicorn.Server, threading.Thread, int]:
    """``app`` on a free local port in a thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=5)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    return server, thread, port


def main() -> None:
    """Run every mode and print and save the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--ner", action="store_true", help="NER on (default off: pattern detectors only)")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="proxy-bench-"))
    env = {"DLP_DATA_DIR": str(data_dir), "DLP_NER": "true" if args.ner else "false", "DLP_AUDIT": "false"}
    direct = StdioServerParameters(command=SERVER[0], args=SERVER[1:])
    wrapped = StdioServerParameters(
        command=sys.executable,
        args=["-m", "dlp.connectors.cli", "wrap", "--", *SERVER],
        env=env,
        cwd=str(ROOT),
    )
    config = Config(data_dir=data_dir, ner_enabled=args.ner, audit_enabled=False)
    upstreams = {"bench": {"command": SERVER}, "modern": {"command": MODERN_SERVER}}
    gateway = create_gateway_app(
        config, GatewayConfig.model_validate({"upstreams": upstreams}), environ=dict(os.environ)
    )
    server, thread, port = serve(Starlette(routes=[Mount("/mcp", app=gateway)]))
    results: dict[str, Any] = {}
    try:
        results["direct"] = anyio.run(measure, lambda: stdio_session(direct), args.calls)
        results["wrapper"] = anyio.run(measure, lambda: stdio_session(wrapped), args.calls)
        results["gateway"] = anyio.run(
            measure, lambda: http_session(f"http://127.0.0.1:{port}/mcp/bench"), args.calls
        )
        modern_direct = StdioServerParameters(command=MODERN_SERVER[0], args=MODERN_SERVER[1:])
        results["direct-2026"] = anyio.run(measure, lambda: modern_client(modern_direct), args.calls)
        results["stateless"] = anyio.run(
            measure, lambda: modern_client(f"http://127.0.0.1:{port}/mcp/modern"), args.calls
        )
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        anyio.run(gateway.state.gateway.close)
    for mode, baseline in (("wrapper", "direct"), ("gateway", "direct"), ("stateless", "direct-2026")):
        for label in SIZES:
            for stat in ("p50", "p99"):
                added = results[mode][label][f"{stat}_ms"] - results[baseline][label][f"{stat}_ms"]
                results[mode][label][f"added_{stat}_ms"] = round(added, 3)
    results["settings"] = {"ner": args.ner, "calls": args.calls, "cpus": os.cpu_count()}
    out = ROOT / "bench" / "results" / ("proxy-ner.json" if args.ner else "proxy.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"{'mode':<12}{'size':<7}{'p50 ms':>9}{'p99 ms':>9}{'+p50':>9}{'+p99':>9}")
    for mode in ("direct", "wrapper", "gateway", "direct-2026", "stateless"):
        for label in SIZES:
            row = results[mode][label]
            print(
                f"{mode:<12}{label:<7}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}"
                f"{row.get('added_p50_ms', 0):>9.2f}{row.get('added_p99_ms', 0):>9.2f}"
            )


if __name__ == "__main__":
    main()
