"""Turn every mistake in a policy into a located, value-free problem compliance staff can fix.

Two sources: pydantic's validation errors (types, enums, unknown keys) and the cross-field
checks below (unknown entities, duplicate or reserved rule ids, parameters an action ignores,
malformed path globs). Messages name keys and allowed values, never the value that was written:
a policy may quote sensitive example data by mistake and errors end up in CI logs.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from dlp.decision import Action
from dlp.entities import ENTITIES
from dlp.policy.model import PolicyDocument
from dlp.policy.source import Loc, shown_key

#: Rule ids the engine itself writes into FindingAction.rule_id.
DEFAULT_RULE_ID = "default"
BELOW_MIN_SCORE_RULE_ID = "below-min-score"
#: The engine reports inspection failures under ``on_error``.
ON_ERROR_RULE_ID = "on_error"
#: The refusal of a tool the caller's roles do not grant (``tool_access``).
TOOL_ACCESS_RULE_ID = "tool-access"
#: What the proxy answers while the kill switch stops all forwarding.
KILL_SWITCH_RULE_ID = "kill-switch"
RESERVED_RULE_IDS = frozenset(
    {DEFAULT_RULE_ID, BELOW_MIN_SCORE_RULE_ID, ON_ERROR_RULE_ID, TOOL_ACCESS_RULE_ID, KILL_SWITCH_RULE_ID}
)


_MODEL_INSTANCE = re.compile(r"a valid dictionary or instance of \w+")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a policy, at ``loc`` inside the document."""

    loc: Loc
    message: str


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'X'?)`` when a close choice exists, else an empty string."""
    close = _close(word, choices)
    return f" (did you mean '{close[0]}'?)" if close else ""


def validation_problems(exc: ValidationError) -> list[Problem]:
    """One problem per pydantic error, with messages that never quote the input."""
    errors = exc.errors(include_input=False, include_url=False)
    # A misspelt required key shows up twice: unknown `acton` and missing `action`. The first
    # explains the second, so report only the typo.
    explained = {
        (*err["loc"][:-1], close)
        for err in errors
        if err["type"] == "extra_forbidden" and err["loc"] and isinstance(err["loc"][-1], str)
        for close in _close(err["loc"][-1], _fields_at(tuple(err["loc"][:-1])))
    }
    # A bad list item also makes the list "too short" (failed items are dropped): noise.
    has_item_error = {
        tuple(err["loc"][:-1]) for err in errors if err["loc"] and isinstance(err["loc"][-1], int)
    }
    return [
        _from_pydantic(err)
        for err in errors
        if not (err["type"] == "missing" and tuple(err["loc"]) in explained)
        and not (err["type"] == "too_short" and tuple(err["loc"]) in has_item_error)
    ]


def _close(word: str, choices: Iterable[str]) -> list[str]:
    return difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)


def _from_pydantic(err: ErrorDetails) -> Problem:
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden" and loc and isinstance(loc[-1], str):
        known = _fields_at(loc[:-1])
        return Problem(loc, f"unknown key '{shown_key(loc[-1])}'{suggest(loc[-1], known)}")
    if kind == "missing" and loc:
        return Problem(loc, f"missing required key '{loc[-1]}'")
    # YAML users write lists and mappings; tuples and model classes are implementation details.
    message = err["msg"].removeprefix("Value error, ").replace("tuple", "list").replace("Tuple", "List")
    message = _MODEL_INSTANCE.sub("a mapping of keys", message)
    return Problem(loc, message[:1].lower() + message[1:])


def _fields_at(loc: Loc) -> set[str]:
    """Field names of the model found at ``loc`` (for suggestions), walking the annotations."""
    model: type[BaseModel] | None = PolicyDocument
    for part in loc:
        if model is None:
            return set()
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        model = _model_in(info.annotation) if info else None
    return set(model.model_fields) if model else set()


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (tuple, list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def semantic_problems(doc: PolicyDocument) -> list[Problem]:
    """Cross-field mistakes pydantic cannot see on its own."""
    return list(_semantic(doc))


def _semantic(doc: PolicyDocument) -> Iterator[Problem]:
    known_entities = set(ENTITIES) | set(doc.custom_entities)
    first_index: dict[str, int] = {}
    for index, rule in enumerate(doc.rules):
        here: Loc = ("rules", index)
        if rule.id in RESERVED_RULE_IDS:
            yield Problem((*here, "id"), f"rule id '{rule.id}' is reserved; choose another")
        elif rule.id in first_index:
            yield Problem((*here, "id"), f"duplicate rule id (first used by rules[{first_index[rule.id]}])")
        else:
            first_index[rule.id] = index
        for position, entity in enumerate(rule.match.entities or ()):
            if entity not in known_entities:
                # The suggestion quotes an allowed name, never what was written.
                yield Problem(
                    (*here, "match", "entities", position),
                    f"unknown entity{suggest(entity, known_entities)}; "
                    "list custom names under custom_entities",
                )
        for position, glob in enumerate(rule.match.paths or ()):
            if not glob.startswith("$"):
                yield Problem((*here, "match", "paths", position), "path globs start with '$'")
        if rule.action is not Action.MASK:
            for key in ("keep_last", "mask_char"):
                if getattr(rule, key) is not None:
                    yield Problem((*here, key), f"{key} only applies to action 'mask'")
        if rule.action is not Action.TOMBSTONE and rule.scope is not None:
            yield Problem((*here, "scope"), "scope only applies to action 'tombstone'")
    seen_access: dict[str, int] = {}
    for index, access in enumerate(doc.tool_access):
        if access.id in seen_access:
            yield Problem(
                ("tool_access", index, "id"),
                f"duplicate id (first used by tool_access[{seen_access[access.id]}])",
            )
        else:
            seen_access[access.id] = index
    for index, detokenize in enumerate(doc.detokenize):
        for position, entity in enumerate(detokenize.entities or ()):
            if entity not in known_entities:
                yield Problem(
                    ("detokenize", index, "entities", position),
                    f"unknown entity{suggest(entity, known_entities)}; "
                    "list custom names under custom_entities",
                )
