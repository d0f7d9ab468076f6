"""A key with a dot in it and a nested key of the same spelling are two fields, not one."""

from __future__ import annotations

from typing import Any

import pytest

from dlp.context import Direction, InspectContext
from dlp.engine import Engine
from dlp.walker import format_path
from tests.engine.test_pipeline import make_engine

CARD = "4111 1111 1111 1111"


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return make_engine(tmp_path_factory.mktemp("collisions"))


@pytest.mark.parametrize(
    ("location", "path"),
    [
        (("result", "a", "b"), "$.result.a.b"),
        (("result", "a.b"), "$.result['a.b']"),
        (("result", "a[0]"), "$.result['a[0]']"),
        (("result", ""), "$.result['']"),
        (("result", "it's"), "$.result['it\\'s']"),
        (("result", "first name"), "$.result['first name']"),
        (("result", "user-name", 3), "$.result.user-name[3]"),
    ],
)
def test_paths_name_one_location_each(location: tuple[str | int, ...], path: str) -> None:
    assert format_path(location) == path


@pytest.mark.parametrize(
    "structured",
    [
        {"a.b": "hello there", "a": {"b": f"card {CARD} ok"}},
        {"a": {"b": f"card {CARD} ok"}, "a.b": "hello there"},
        {"a.b": f"card {CARD}", "a": {"b": "hello there"}},
    ],
)
def test_dotted_and_nested_keys_are_inspected_apart(engine: Engine, structured: dict[str, Any]) -> None:
    message = {
        "jsonrpc": "2.0",
        "id": 1,
        "result": {"content": [{"type": "text", "text": "ok"}], "structuredContent": structured},
    }
    outcome = engine.inspect(message, InspectContext(direction=Direction.RESPONSE, tool="lookup"))
    assert outcome.failure is None and not outcome.blocked
    assert CARD not in str(outcome.message)
    assert "hello there" in str(outcome.message)
