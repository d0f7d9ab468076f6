"""Keep remediated ``structuredContent`` valid against the tool's declared ``outputSchema``.

Clients validate structured tool results against the schema the server listed (the official
SDKs raise on a mismatch), and remediation can break that: an account number stored as a JSON
number becomes the string ``"********1234"``, a redacted value no longer fits a ``pattern`` or
``maxLength``. The proxy remembers each tool's ``outputSchema`` from ``tools/list`` results and,
after remediation, repairs the result: a field that no longer fits is removed when the schema
lets it be absent (or the nearest optional property containing it is); otherwise the whole
result is tombstoned (which marks it ``isError``, so the
client does not validate it). A value is never invented to satisfy a schema.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Sequence
from typing import Any

from jsonschema import exceptions as schema_errors
from jsonschema import validators
from jsonschema.protocols import Validator

from dlp.jsonrpc import tombstone_result

log = logging.getLogger(__name__)

#: Rule id named in the notice when a remediated result cannot be made to fit its schema.
SCHEMA_RULE_ID = "output-schema"
#: Removals tried before giving up (each fixes at least one error).
_MAX_REPAIRS = 64


class OutputSchemas:
    """Output schemas of one upstream's tools, and the repair of results against them; thread-safe."""

    def __init__(self) -> None:
        self._validators: dict[str, Validator | None] = {}
        self._lock = threading.Lock()

    def learn(self, tools_list_message: Any) -> None:
        """Remember the schemas in a ``tools/list`` response (as the client received it)."""
        result = tools_list_message.get("result") if isinstance(tools_list_message, dict) else None
        tools = result.get("tools") if isinstance(result, dict) else None
        if not isinstance(tools, list):
            return
        for tool in tools:
            if not isinstance(tool, dict) or not isinstance(tool.get("name"), str):
                continue
            schema = tool.get("outputSchema")
            validator: Validator | None = None
            if isinstance(schema, dict):
                try:
                    cls = validators.validator_for(schema, default=validators.Draft202012Validator)
                    cls.check_schema(schema)
                    validator = cls(schema)
                except schema_errors.SchemaError:
                    # The client cannot validate against it either; nothing to keep valid.
                    log.warning(
                        "tool %r lists an invalid outputSchema; results are not checked", tool["name"]
                    )
            with self._lock:
                self._validators[tool["name"]] = validator

    def conform(self, tool: str | None, original: Any, remediated: Any) -> tuple[Any, bool]:
        """``remediated`` made valid for ``tool``'s schema: (message, tombstoned).

        Only results the engine changed are checked: an untouched result is the server's own
        business, and the client reports its errors as the server's.
        """
        if tool is None or remediated is original or not isinstance(remediated, dict):
            return remediated, False
        with self._lock:
            validator = self._validators.get(tool)
        result = remediated.get("result")
        if validator is None or not isinstance(result, dict) or result.get("isError"):
            return remediated, False
        if "structuredContent" not in result:
            return remediated, False
        repaired = _repair(validator, result["structuredContent"])
        if repaired is _UNFIXABLE:
            return tombstone_result(remediated, SCHEMA_RULE_ID), True
        if repaired is result["structuredContent"]:
            return remediated, False
        return {**remediated, "result": {**result, "structuredContent": repaired}}, False


_UNFIXABLE = object()


def _repair(validator: Validator, instance: Any) -> Any:
    """``instance`` with the smallest optional properties holding misfits removed, or ``_UNFIXABLE``."""
    current = instance
    for _ in range(_MAX_REPAIRS):
        errors = list(validator.iter_errors(current))
        if not errors:
            return current
        path = list(schema_errors.best_match(errors).absolute_path)
        # Remove the misfit itself if it may be absent, else the nearest optional property
        # that contains it (an array item is never dropped alone: its siblings would shift).
        for cut in range(len(path), 0, -1):
            candidate = _without(current, path[:cut])
            if candidate is not _UNFIXABLE and not _required_missing(validator, candidate, path[:cut]):
                current = candidate
                break
        else:
            return _UNFIXABLE
    return _UNFIXABLE


def _without(instance: Any, path: Sequence[str | int]) -> Any:
    """A copy of ``instance`` without the object property at ``path`` (array items are never dropped)."""
    if not path or not isinstance(path[-1], str):
        return _UNFIXABLE
    copied = copy.deepcopy(instance)
    parent = copied
    for part in path[:-1]:
        parent = parent[part]
    if not isinstance(parent, dict):
        return _UNFIXABLE
    del parent[path[-1]]
    return copied


def _required_missing(validator: Validator, instance: Any, path: Sequence[str | int]) -> bool:
    """Removing the property at ``path`` made the schema complain that it is required."""
    parent_path = list(path[:-1])
    for error in validator.iter_errors(instance):
        if (
            error.validator == "required"
            and list(error.absolute_path) == parent_path
            and isinstance(error.validator_value, list)
            and path[-1] in error.validator_value
        ):
            return True
    return False
