"""Strict reader for Presidio-format custom recognizer YAML written by compliance staff.

The file uses Presidio's documented shape (``recognizers:`` list of ``name``,
``supported_entity``, ``patterns`` of ``name``/``regex``/``score``, ``context``, ``deny_list``),
but unknown keys, bad regexes and languages other than English are errors naming the file, the
line and the key, instead of a recognizer that silently never fires.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dlp.errors import ConfigError

#: Presidio compiles pattern recognizers with these flags by default; validate with the same.
PRESIDIO_REGEX_FLAGS = re.DOTALL | re.MULTILINE | re.IGNORECASE


class PatternSpec(BaseModel):
    """One named regular expression with its base score."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    regex: str = Field(min_length=1)
    score: float = Field(ge=0.0, le=1.0)

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value, PRESIDIO_REGEX_FLAGS)
        except re.error as exc:
            # The position helps the author; the regex is not sensitive but stays out anyway.
            raise ValueError(f"invalid regular expression at position {exc.pos}: {exc.msg}") from None
        return value


class RecognizerSpec(BaseModel):
    """One custom Presidio pattern (or deny-list) recognizer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    supported_entity: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    # Presidio's registry-file form marks entries ``type: custom`` and may disable them; predefined
    # recognizers are chosen by class name in the configuration instead (presidio_recognizers).
    type: Literal["custom"] = "custom"
    enabled: bool = True
    # The engine analyzes as English; a recognizer for another language would never run.
    supported_language: Literal["en"] = "en"
    supported_languages: tuple[Literal["en"], ...] = ("en",)
    patterns: tuple[PatternSpec, ...] = ()
    context: tuple[str, ...] = ()
    deny_list: tuple[str, ...] = ()
    deny_list_score: float = Field(default=1.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _matches_something(self) -> RecognizerSpec:
        if not self.patterns and not self.deny_list:
            raise ValueError("a recognizer needs 'patterns' or a 'deny_list'")
        return self


class RecognizerFile(BaseModel):
    """The whole file: a non-empty list of recognizers (Presidio's optional top-level keys too)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    recognizers: tuple[RecognizerSpec, ...] = ()
    supported_languages: tuple[Literal["en"], ...] = ("en",)
    #: Presidio's regex flags for every pattern of the file (default: DOTALL|MULTILINE|IGNORECASE).
    global_regex_flags: int = Field(default=PRESIDIO_REGEX_FLAGS, ge=0)

    @field_validator("recognizers")
    @classmethod
    def _not_empty(cls, value: tuple[RecognizerSpec, ...]) -> tuple[RecognizerSpec, ...]:
        # A validator rather than min_length: pydantic would report min_length next to every
        # broken entry ("should have at least 1 item"), which misleads the author.
        if not value:
            raise ValueError("list at least one recognizer")
        return value


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    """1-based line of the YAML node at pydantic location ``loc`` (deepest node found)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def parse_recognizer_file(path: Path) -> RecognizerFile:
    """Validated recognizers of a Presidio YAML file; ConfigError names file, line and key."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"custom_recognizers_path: cannot read {path}: {type(exc).__name__}") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise ConfigError(f"{path}{where}: not valid YAML: {problem}") from None
    try:
        return RecognizerFile.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors()[:5]:
            loc = tuple(error["loc"])
            line = _line_of(node, loc)
            key = ".".join(str(part) for part in loc) or "(top level)"
            problems.append(
                f"line {line}, key {key}: {error['msg']}" if line else f"key {key}: {error['msg']}"
            )
        more = f"; and {exc.error_count() - 5} more" if exc.error_count() > 5 else ""
        raise ConfigError(f"{path}: invalid custom recognizer file: {'; '.join(problems)}{more}") from None
