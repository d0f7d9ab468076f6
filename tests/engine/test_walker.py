"""The walker finds every data-bearing string and puts rewrites back without disturbing the rest."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlp.errors import PayloadTooDeep
from dlp.walker import DECODED, EMBEDDED, Walker

WALKER = Walker(max_depth=64)


def tool_result(result: dict[str, Any]) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": 7, "result": result}


def test_content_blocks_structured_content_and_embedded_json() -> None:
    record = {"name": "Ada Lovelace", "email": "ada@example.com", "ssn": "078-05-1121"}
    message = tool_result(
        {
            "content": [
                {"type": "text", "text": json.dumps(record, indent=2)},
                {"type": "image", "data": "iVBORw0KGgo=", "mimeType": "image/png"},
                {
                    "type": "resource",
                    "resource": {"uri": "file:///a.txt", "mimeType": "text/plain", "text": "hi Ada"},
                },
            ],
            "structuredContent": {"type": "customer", "name": "Ada Lovelace", "id": 12345678901},
        }
    )
    slots, media = WALKER.walk(message)
    paths = {slot.path: slot for slot in slots}
    assert set(paths) == {
        f"$.result.content[0].text{EMBEDDED}.name",
        f"$.result.content[0].text{EMBEDDED}.email",
        f"$.result.content[0].text{EMBEDDED}.ssn",
        "$.result.content[2].resource.text",
        "$.result.structuredContent.type",
        "$.result.structuredContent.name",
        "$.result.structuredContent.id",
    }
    assert paths[f"$.result.content[0].text{EMBEDDED}.ssn"].field_name == "ssn"
    assert paths["$.result.structuredContent.id"].is_number
    assert [(m.path, m.mime_type) for m in media] == [("$.result.content[1].data", "image/png")]


def test_envelope_fields_are_never_slots() -> None:
    message = {
        "jsonrpc": "2.0",
        "id": "ada@example.com",
        "method": "tools/call",
        "params": {
            "name": "lookup",
            "_meta": {"progressToken": "tok-078-05-1121"},
            "arguments": {"name": "Ada", "id": "x-1"},
        },
    }
    slots, _ = WALKER.walk(message)
    assert {slot.path for slot in slots} == {"$.params.arguments.name", "$.params.arguments.id"}


def test_rewrite_keeps_embedded_json_formatting_and_base64_blobs() -> None:
    text = json.dumps({"email": "ada@example.com", "n": 1}, indent=2)
    blob = base64.b64encode(b"call 555-0100").decode()
    message = tool_result(
        {
            "content": [{"type": "text", "text": text}],
            "contents": [{"uri": "x", "mimeType": "text/plain", "blob": blob}],
        }
    )
    original = copy.deepcopy(message)
    slots, _ = WALKER.walk(message)
    replacements = {slot.location: "[X]" for slot in slots}
    rebuilt = WALKER.replace(message, replacements)
    assert message == original, "the input must not be mutated"
    assert json.loads(rebuilt["result"]["content"][0]["text"]) == {"email": "[X]", "n": 1}
    assert rebuilt["result"]["content"][0]["text"].startswith("{\n  ")
    assert base64.b64decode(rebuilt["result"]["contents"][0]["blob"]) == b"[X]"
    assert any(slot.location[-1] == DECODED for slot in slots)


def test_depth_limit() -> None:
    deep: Any = "x"
    for _ in range(80):
        deep = {"a": deep}
    with pytest.raises(PayloadTooDeep):
        WALKER.walk(tool_result({"structuredContent": deep}))


json_leaves = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none())
json_values = st.recursive(
    json_leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)


@given(json_values)
def test_identity_rewrite_is_lossless(value: Any) -> None:
    message = tool_result({"structuredContent": {"v": value}, "content": [{"type": "text", "text": "x"}]})
    slots, _ = WALKER.walk(message)
    # Replace every slot with its own text: the message must come back equal, save numbers,
    # which a rewrite turns into strings by design.
    rebuilt = WALKER.replace(message, {s.location: s.text for s in slots if not s.is_number})
    assert rebuilt == message


@given(json_values)
def test_every_string_leaf_in_a_data_zone_is_a_slot(value: Any) -> None:
    message = tool_result({"structuredContent": {"v": value}})
    slots, _ = WALKER.walk(message)
    texts = [s.text for s in slots]

    def strings(v: Any) -> list[str]:
        if isinstance(v, str):
            return [v] if v else []
        if isinstance(v, list):
            return [s for item in v for s in strings(item)]
        if isinstance(v, dict):
            return [s for item in v.values() for s in strings(item)]
        return []

    for leaf in strings(value):
        if leaf.lstrip()[:1] in "{[":
            continue  # may be parsed as embedded JSON and walked further
        assert leaf in texts
