"""Remediated structuredContent kept valid against the tool's outputSchema (no process needed)."""

from __future__ import annotations

from typing import Any

import pytest

from dlp.connectors.schemas import SCHEMA_RULE_ID, OutputSchemas

SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "account": {"type": "integer"},
        "iban": {"type": "string", "maxLength": 34},
        "owner": {
            "type": "object",
            "properties": {"ssn": {"type": "string", "pattern": "^[0-9-]+$"}, "id": {"type": "integer"}},
            "required": ["ssn"],
        },
        "phones": {"type": "array", "items": {"type": "integer"}},
    },
    "required": ["name"],
}


def _schemas() -> OutputSchemas:
    schemas = OutputSchemas()
    schemas.learn(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "result": {"tools": [{"name": "t", "inputSchema": {}, "outputSchema": SCHEMA}]},
        }
    )
    return schemas


def _message(structured: dict[str, Any]) -> dict[str, Any]:
    return {
        "jsonrpc": "2.0",
        "id": 2,
        "result": {"content": [{"type": "text", "text": "x"}], "structuredContent": structured},
    }


@pytest.mark.parametrize(
    ("remediated", "expected"),
    [
        # still valid: unchanged
        ({"name": "[PERSON]", "account": 5}, {"name": "[PERSON]", "account": 5}),
        # a number that became a string in an optional field: the field goes
        ({"name": "a", "account": "********1234"}, {"name": "a"}),
        # nested optional field inside an optional object
        ({"name": "a", "owner": {"ssn": "1-2", "id": "[US_SSN]"}}, {"name": "a", "owner": {"ssn": "1-2"}}),
        # a required nested field no longer fits its pattern: its optional parent object goes
        ({"name": "a", "owner": {"ssn": "[US_SSN]"}}, {"name": "a"}),
        # an array item no longer fits: the optional array goes (items are never dropped alone)
        ({"name": "a", "phones": ["***-1234"]}, {"name": "a"}),
        # several misfits at once
        ({"name": "a", "account": "x", "iban": "[IBAN_CODE:" + "h" * 40 + "]"}, {"name": "a"}),
    ],
)
def test_misfits_in_optional_places_are_removed(remediated: dict[str, Any], expected: dict[str, Any]) -> None:
    original = _message({"name": "orig"})
    fitted, tombstoned = _schemas().conform("t", original, _message(remediated))
    assert not tombstoned
    assert fitted["result"]["structuredContent"] == expected


@pytest.mark.parametrize(
    "remediated",
    [
        {"name": 5},  # a required top-level field
        {"name": ["[PERSON]"]},
    ],
)
def test_required_misfits_tombstone_the_result(remediated: dict[str, Any]) -> None:
    fitted, tombstoned = _schemas().conform("t", _message({}), _message(remediated))
    assert tombstoned
    assert fitted["result"]["isError"] is True and "structuredContent" not in fitted["result"]
    assert SCHEMA_RULE_ID in fitted["result"]["content"][0]["text"]


def test_untouched_results_unknown_tools_and_errors_pass() -> None:
    schemas = _schemas()
    message = _message({"name": 5})
    assert schemas.conform("t", message, message) == (message, False)
    other = _message({"name": 5})
    assert schemas.conform("unknown", message, other) == (other, False)
    error = {"jsonrpc": "2.0", "id": 2, "result": {"isError": True, "structuredContent": {"name": 5}}}
    assert schemas.conform("t", message, error) == (error, False)


def test_an_invalid_schema_is_not_enforced() -> None:
    schemas = OutputSchemas()
    schemas.learn({"result": {"tools": [{"name": "t", "outputSchema": {"type": "no-such-type"}}]}})
    message = _message({"name": 5})
    assert schemas.conform("t", _message({}), message) == (message, False)
