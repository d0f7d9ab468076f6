"""A tiny misbehaving MCP server over stdio, for the proxy's robustness tests (a real process, a real pipe).

Tools: ``sleep`` (answers after ``seconds``, concurrently, echoing ``tag``), ``hang`` (never
answers), ``garbage`` (writes a non-JSON line instead of an answer), ``crash`` (exits with
status 3), ``big`` (a text result of ``size`` bytes ending in a planted value), ``cancelled``
(the request ids this server saw ``notifications/cancelled`` for).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from typing import Any

_write_lock = threading.Lock()
_cancelled: list[Any] = []

_ACCOUNT_SCHEMA = {
    "type": "object",
    "properties": {
        "holder": {"type": "string"},
        "plan": {"type": "string", "enum": ["basic", "pro"]},
        "card": {"type": "integer"},
        "balance": {"type": "number"},
    },
    "required": ["holder", "plan"],
    "additionalProperties": False,
}
TOOLS: list[dict[str, Any]] = [
    {"name": name, "inputSchema": {"type": "object"}}
    for name in ("sleep", "hang", "garbage", "crash", "big", "cancelled", "image")
] + [
    # card is optional here and required in the strict variant
    {"name": "account", "inputSchema": {"type": "object"}, "outputSchema": _ACCOUNT_SCHEMA},
    {
        "name": "account_strict",
        "inputSchema": {"type": "object"},
        "outputSchema": {**_ACCOUNT_SCHEMA, "required": ["holder", "plan", "card"]},
    },
]
ACCOUNT = {"holder": "Jane Roe", "plan": "pro", "card": 4111111111111111, "balance": 12.5}


def send(message: dict[str, Any]) -> None:
    with _write_lock:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()


def text_result(msg_id: Any, text: str) -> None:
    send({"jsonrpc": "2.0", "id": msg_id, "result": {"content": [{"type": "text", "text": text}]}})


def call_tool(msg_id: Any, name: str, args: dict[str, Any]) -> None:
    if name == "sleep":
        time.sleep(float(args.get("seconds", 0)))
        text_result(msg_id, f"done {args.get('tag')}")
    elif name == "hang":
        return
    elif name == "garbage":
        with _write_lock:
            sys.stdout.write("this is not JSON-RPC\n")
            sys.stdout.flush()
    elif name == "crash":
        sys.stdout.flush()
        import os  # noqa: PLC0415

        os._exit(3)
    elif name == "big":
        size = int(args.get("size", 1024))
        filler = ("All systems nominal, build 4711 passed. " * (size // 40 + 1))[: size - 40]
        text_result(msg_id, filler + " SSN 536-22-8147")
    elif name in ("account", "account_strict"):
        send(
            {
                "jsonrpc": "2.0",
                "id": msg_id,
                "result": {
                    "content": [{"type": "text", "text": json.dumps(ACCOUNT)}],
                    "structuredContent": ACCOUNT,
                },
            }
        )
    elif name == "image":
        send(
            {
                "jsonrpc": "2.0",
                "id": msg_id,
                "result": {
                    "content": [
                        {"type": "text", "text": "A plain blue square"},
                        {"type": "image", "mimeType": "image/png", "data": blue_square()},
                    ]
                },
            }
        )
    elif name == "cancelled":
        text_result(msg_id, json.dumps(_cancelled))
    else:
        send({"jsonrpc": "2.0", "id": msg_id, "error": {"code": -32602, "message": "unknown tool"}})


def blue_square() -> str:
    """A valid 64x64 PNG with no text in it, base64-encoded."""
    import base64  # noqa: PLC0415
    import io  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (30, 60, 200)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def handle(message: dict[str, Any]) -> None:
    method, msg_id = message.get("method"), message.get("id")
    params = message.get("params") or {}
    if method == "initialize":
        send(
            {
                "jsonrpc": "2.0",
                "id": msg_id,
                "result": {
                    "protocolVersion": params.get("protocolVersion", "2025-06-18"),
                    "capabilities": {"tools": {}},
                    "serverInfo": {"name": "fake", "version": "0"},
                },
            }
        )
    elif method == "tools/list":
        send({"jsonrpc": "2.0", "id": msg_id, "result": {"tools": TOOLS}})
    elif method == "tools/call":
        threading.Thread(
            target=call_tool, args=(msg_id, params["name"], params.get("arguments") or {})
        ).start()
    elif method == "notifications/cancelled":
        _cancelled.append(params.get("requestId"))
    elif method == "ping":
        send({"jsonrpc": "2.0", "id": msg_id, "result": {}})
    elif msg_id is not None:
        send({"jsonrpc": "2.0", "id": msg_id, "error": {"code": -32601, "message": "method not found"}})


def main() -> None:
    for line in sys.stdin:
        if line.strip():
            handle(json.loads(line))


if __name__ == "__main__":
    main()
