"""Who may re-identify what: access rules loaded from YAML (see ``policies/access.example.yaml``).

A role grants re-identification of tokens by entity or data class, restricted to the connectors
the value came through; some grants need a second approver (dual control); each user is limited
to a number of requests per minute. A token is:

* allowed when at least one of the requester's roles grants it without dual control,
* allowed after approval when a role grants it only under dual control,
* denied otherwise (no grant is the default).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from dlp.entities import DataClass
from dlp.errors import PolicyError, VaultError
from dlp.vault.tokens import check_entity

ANY = "*"


class Verdict(StrEnum):
    """What the rules say about one token for one requester."""

    ALLOW = "allow"
    DUAL_CONTROL = "dual_control"
    DENY = "deny"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _check_entities(values: tuple[str, ...]) -> tuple[str, ...]:
    for value in values:
        if value != ANY:
            try:
                check_entity(value)
            except VaultError:
                raise ValueError(f"{value!r} is not an entity name ([A-Z][A-Z0-9_]*) or '*'") from None
    return values


def _check_classes(values: tuple[str, ...]) -> tuple[str, ...]:
    known = {str(member) for member in DataClass}
    for value in values:
        if value != ANY and value not in known:
            raise ValueError(f"unknown data class {value!r}; expected one of {sorted(known)} or '*'")
    return values


class Grant(_Strict):
    """Entities and data classes (``*`` for all) a grant covers."""

    entities: tuple[str, ...] = ()
    data_classes: tuple[str, ...] = ()

    _entities = field_validator("entities")(_check_entities)
    _classes = field_validator("data_classes")(_check_classes)

    def covers(self, entity: str, data_class: str) -> bool:
        """True when ``entity`` or its data class is named (or ``*`` is)."""
        return bool({ANY, entity} & set(self.entities) or {ANY, data_class} & set(self.data_classes))


class Role(Grant):
    """One role's re-identification rights."""

    description: str = ""
    #: Connectors the value must have come through; ``*`` allows any, including none recorded.
    connectors: tuple[str, ...] = (ANY,)
    #: Grants that need a second person's approval.
    dual_control: Grant = Field(default_factory=Grant)
    #: Roles whose dual-control requests holders of this role may approve.
    approves: tuple[str, ...] = ()
    #: Re-identification requests per user per minute; None uses the default.
    rate_limit_per_minute: int | None = Field(default=None, gt=0)


class Defaults(_Strict):
    """Settings that apply to every role."""

    rate_limit_per_minute: int = Field(default=30, gt=0)
    #: How long an approval stays usable.
    approval_ttl_minutes: int = Field(default=60, gt=0)
    #: Refuse requests whose stated reason is shorter than this.
    min_reason_length: int = Field(default=8, ge=0)


class AccessRules(_Strict):
    """The whole access-rules document."""

    version: Literal[1] = 1
    defaults: Defaults = Field(default_factory=Defaults)
    roles: dict[str, Role] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _approvers_name_roles(self, info: ValidationInfo) -> AccessRules:
        # parse_access_rules checks this itself so the error can point at the line.
        if not (info.context or {}).get("located_references"):
            for name, approved in self.unknown_approvals():
                raise ValueError(f"role {name!r} approves unknown role {approved!r}")
        return self

    def unknown_approvals(self) -> list[tuple[str, str]]:
        """(role, approved role) pairs naming a role that is not defined."""
        return [(n, a) for n, role in self.roles.items() for a in role.approves if a not in self.roles]

    def verdict(
        self, roles: Iterable[str], entity: str, data_class: str, connectors: Iterable[str]
    ) -> Verdict:
        """The verdict for one token whose value was seen through ``connectors``."""
        sources = set(connectors)
        result = Verdict.DENY
        for role in self._known(roles):
            if ANY not in role.connectors and not sources & set(role.connectors):
                continue
            if role.covers(entity, data_class) and not role.dual_control.covers(entity, data_class):
                return Verdict.ALLOW
            if role.covers(entity, data_class) or role.dual_control.covers(entity, data_class):
                result = Verdict.DUAL_CONTROL
        return result

    def may_approve(self, approver_roles: Iterable[str], requester_roles: Iterable[str]) -> bool:
        """True when one of the approver's roles approves one of the requester's roles."""
        wanted = set(requester_roles)
        return any(wanted & set(role.approves) for role in self._known(approver_roles))

    def rate_limit(self, roles: Iterable[str]) -> int:
        """Requests per minute: the most generous of the user's roles (roles grant, never take)."""
        limits = [r.rate_limit_per_minute or self.defaults.rate_limit_per_minute for r in self._known(roles)]
        return max(limits, default=self.defaults.rate_limit_per_minute)

    def _known(self, roles: Iterable[str]) -> list[Role]:
        return [self.roles[name] for name in roles if name in self.roles]


@dataclass(frozen=True, slots=True)
class Requester:
    """Who asks to re-identify: the user, their roles (from the caller's authentication) and tenant."""

    user: str
    roles: tuple[str, ...]
    tenant: str = "default"


def load_access_rules(path: Path) -> AccessRules:
    """Parse and validate an access-rules file; errors name the file, line and key."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"cannot read access rules: {type(exc).__name__}", file=str(path)) from None
    return parse_access_rules(text, str(path))


def parse_access_rules(text: str, source: str = "<access rules>") -> AccessRules:
    """Validate access rules given as YAML text."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise PolicyError(f"invalid YAML: {exc.problem}", file=source, line=line) from None
    if node is not None:
        _reject_duplicate_keys(node, source)
    if not isinstance(data, dict):
        raise PolicyError("access rules must be a mapping with a 'roles' key", file=source, line=1)
    try:
        rules = AccessRules.model_validate(data, context={"located_references": True})
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        raise PolicyError(error["msg"], file=source, line=_line_of(node, loc), key=_key_of(loc)) from None
    for name, approved in rules.unknown_approvals():
        loc = ("roles", name, "approves")
        message = f"role {name!r} approves unknown role {approved!r}"
        raise PolicyError(message, file=source, line=_line_of(node, loc), key=_key_of(loc))
    return rules


def _key_of(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc) or "(document)"


def _line_of(node: yaml.Node | None, loc: Sequence[Any]) -> int | None:
    """Line of the deepest YAML node ``loc`` reaches (the offending key when it is unknown)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if match is None:
                return line
            line = match[0].start_mark.line + 1
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _reject_duplicate_keys(node: yaml.Node, source: str) -> None:
    # PyYAML keeps the last of two equal keys silently; a policy must not.
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                raise PolicyError("duplicate key", file=source, line=key.start_mark.line + 1, key=key.value)
            seen.add(key.value)
            _reject_duplicate_keys(value, source)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _reject_duplicate_keys(item, source)
