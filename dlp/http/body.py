"""Reading a request body within limits: size while streaming, JSON syntax, nesting depth."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request

from dlp.http.problems import ProblemError

#: Room for the envelope (``context`` and keys) around a message of the maximum payload size.
ENVELOPE_SLACK_BYTES = 64 * 1024
#: Levels the envelope adds above the message itself.
ENVELOPE_DEPTH = 2


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, or a 413 problem as soon as more than ``limit`` bytes are declared or received."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ProblemError(400, "bad_content_length", "Content-Length is not a number")
        if int(declared) > limit:
            raise ProblemError(413, "payload_too_large", f"the body exceeds the {limit}-byte limit")
    received = bytearray()
    async for chunk in request.stream():
        received.extend(chunk)
        if len(received) > limit:
            raise ProblemError(413, "payload_too_large", f"the body exceeds the {limit}-byte limit")
    return bytes(received)


def depth_of(value: Any, limit: int) -> int:
    """Nesting depth of ``value``, computed iteratively; stops counting once past ``limit``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_json(body: bytes, max_depth: int) -> Any:
    """The JSON document in ``body``; 400 problems name the position of a syntax error, not its text."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProblemError(
            400, "malformed_json", f"the body is not UTF-8 (byte offset {exc.start})"
        ) from None
    try:
        document = json.loads(text)
    except RecursionError:
        raise ProblemError(
            400, "payload_too_deep", f"the body nests deeper than {max_depth} levels"
        ) from None
    except json.JSONDecodeError as exc:
        raise ProblemError(
            400, "malformed_json", f"the body is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    if depth_of(document, max_depth) > max_depth:
        raise ProblemError(400, "payload_too_deep", f"the body nests deeper than {max_depth} levels")
    return document
