"""Python-literal text (``str(rows)`` from Python servers) is read as structure and rewritten in place."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlp.config import Config
from dlp.context import InspectContext
from dlp.engine import Engine
from dlp.pyliteral import PYREPR, read_literal, rewrite_literal
from dlp.walker import Walker
from dlp.wiring import build_engine

ROWS = (
    "[{'id': 1, 'name': 'Jane Roe', 'email': 'jane.roe@example.org', 'plan': 'enterprise', "
    "'created_at': datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc), "
    "'balance': Decimal('1234.50'), 'account_number': 12345678901}]"
)


def test_leaves_carry_their_column_and_exact_source_span() -> None:
    leaves = read_literal(ROWS)
    assert leaves is not None
    by_path = {leaf.path: leaf for leaf in leaves}
    email = by_path[(0, "email")]
    assert email.value == "jane.roe@example.org"
    assert ROWS[email.start : email.end] == "'jane.roe@example.org'"
    assert by_path[(0, "balance", 0)].value == "1234.50", "call arguments are data too"
    account = by_path[(0, "account_number")]
    assert account.is_number and account.value == "12345678901"
    assert (0, "id") not in by_path, "small numbers are counts, not identifiers"


def test_a_rewrite_changes_only_the_replaced_leaves() -> None:
    rewritten = rewrite_literal(ROWS, {(0, "email"): "[EMAIL]", (0, "account_number"): "*******8901"})
    assert rewritten == ROWS.replace("'jane.roe@example.org'", "'[EMAIL]'").replace(
        "12345678901", "'*******8901'"
    )


def test_offsets_hold_after_non_ascii_and_across_lines() -> None:
    text = "[\n {'note': 'Größe — 東京', 'email': 'ö@example.org'},\n {'email': \"it's@example.org\"}\n]"
    leaves = read_literal(text)
    assert leaves is not None
    for leaf in leaves:
        assert ast.literal_eval(text[leaf.start : leaf.end]) == leaf.value
    rewritten = rewrite_literal(text, {(0, "email"): "X", (1, "email"): "Y"})
    assert ast.literal_eval(rewritten) == [{"note": "Größe — 東京", "email": "X"}, {"email": "Y"}]


@pytest.mark.parametrize(
    "text",
    [
        "plain text, no brackets",
        "[a + b for a in 'xy']",
        "{'handler': lambda: 'x'}",
        "['unterminated, 'x']",
        "{'a': 'b'} and {'c': 'd'}",
        "[{'a': f'{secret}'}]",
        "{**other, 'a': 'b'}",
        "\r\n['x', 'y']",
        '["json", "is", "handled", "elsewhere"]',
    ],
)
def test_anything_but_a_literal_stays_plain_text(text: str) -> None:
    assert read_literal(text) is None


# Strings, large and small integers, nested in lists, tuples and dicts: what repr() prints.
_values = st.recursive(
    st.one_of(st.text(max_size=20), st.integers(), st.none(), st.booleans()),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.dictionaries(st.text(min_size=1, max_size=8), _values, min_size=1, max_size=3), min_size=1)
)
def test_every_string_in_a_repr_is_found_and_a_rewrite_round_trips(rows: list[dict[str, Any]]) -> None:
    text = repr(rows)
    leaves = read_literal(text)
    if leaves is None:  # e.g. a text with '\r' or no quoted key: not offered as a literal
        return
    for leaf in leaves:
        assert ast.literal_eval(text[leaf.start : leaf.end]) == (
            int(leaf.value) if leaf.is_number else leaf.value
        )
    assert rewrite_literal(text, {leaf.path: leaf.value for leaf in leaves if not leaf.is_number}) == text
    marked = rewrite_literal(text, {leaf.path: "#" for leaf in leaves})
    assert ast.literal_eval(marked) is not None  # still a literal Python can read


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return build_engine(Config(data_dir=tmp_path_factory.mktemp("pyliteral"), ner_enabled=False))


def _result(text: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": 1, "result": {"content": [{"type": "text", "text": text}]}}


def test_query_rows_printed_by_python_are_remediated_in_place(engine: Engine) -> None:
    outcome = engine.inspect(_result(ROWS), InspectContext(connector="postgresql", tool="execute_sql"))
    text = outcome.message["result"]["content"][0]["text"]
    assert "jane.roe@example.org" not in text and "12345678901" not in text
    assert text.startswith("[{'id': 1, 'name': 'Jane Roe', 'email': '")
    assert "datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)" in text
    paths = {finding.path for finding in outcome.findings}
    assert f"$.result.content[0].text{PYREPR}[0].email" in paths, "the finding names its column"


def test_a_path_rule_sees_the_column_name(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text(
        "name: columns\nrules:\n  - id: hide-plan-column\n"
        "    match: {paths: ['$.**.email']}\n    action: block\n",
        encoding="utf-8",
    )
    strict = build_engine(Config(data_dir=tmp_path, ner_enabled=False, policy_path=policy))
    outcome = strict.inspect(_result(ROWS), InspectContext())
    assert outcome.blocked and outcome.error is not None
    assert outcome.error["data"] == {"rule": "hide-plan-column"}


def test_the_walker_marks_the_step_into_the_literal() -> None:
    slots, _media = Walker(max_depth=64).walk(_result("{'customer': {'email': 'a@example.org'}}"))
    [slot] = slots
    assert slot.path == f"$.result.content[0].text{PYREPR}.customer.email"
    assert slot.field_name == "email" and slot.field_path_tail == "customer.email"
    assert json.dumps(slot.location[-3:]) == json.dumps([PYREPR, "customer", "email"])
