"""What the policy decides, and the interface every remediation operator implements.

The policy turns findings into a :class:`Decision`; operators rewrite text from it. Keeping these
types apart from both lets the vault plug a ``tokenize`` operator in without either changing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol

from dlp.findings import Finding


class Action(StrEnum):
    """Remediation applied to one finding (or, for block and tombstone, possibly the message)."""

    ALLOW = "allow"
    REDACT = "redact"
    MASK = "mask"
    HASH = "hash"
    TOKENIZE = "tokenize"
    TOMBSTONE = "tombstone"
    BLOCK = "block"


#: When several findings in one place get different actions, the strongest wins.
ACTION_STRENGTH: Mapping[Action, int] = MappingProxyType(
    {
        Action.ALLOW: 0,
        Action.MASK: 1,
        Action.HASH: 2,
        Action.TOKENIZE: 3,
        Action.REDACT: 4,
        Action.TOMBSTONE: 5,
        Action.BLOCK: 6,
    }
)


class TombstoneScope(StrEnum):
    """What a tombstone replaces."""

    FIELD = "field"
    RESPONSE = "response"


@dataclass(frozen=True, slots=True)
class FindingAction:
    """The action chosen for one finding, and the rule that chose it."""

    finding: Finding
    action: Action
    #: Id of the policy rule that matched; ``default`` when the default action applied.
    rule_id: str
    #: Mask: characters kept at the end.
    keep_last: int = 4
    #: Mask: the character shown instead of hidden ones.
    mask_char: str = "*"
    #: Tombstone: the field or the whole response.
    scope: TombstoneScope = TombstoneScope.FIELD


@dataclass(frozen=True, slots=True)
class Decision:
    """The policy's verdict on one message."""

    actions: tuple[FindingAction, ...] = ()
    #: Rule id that blocks the whole message, if any.
    blocked_by: str | None = None
    #: Rule id that replaces the whole response with a notice, if any.
    tombstoned_by: str | None = None
    policy_name: str = ""
    policy_version: str = ""
    #: SHA-256 of the policy file's bytes, for the audit trail.
    policy_sha256: str = ""
    matched_rules: tuple[str, ...] = field(default=())

    @property
    def is_blocked(self) -> bool:
        """True when the message must not go on."""
        return self.blocked_by is not None


@dataclass(frozen=True, slots=True)
class OperatorContext:
    """What an operator may know besides the value: keys are per tenant."""

    tenant: str = "default"
    connector: str | None = None
    tool: str | None = None
    user: str | None = None


class Tokenizer(Protocol):
    """Seals an original in the vault and returns the token that replaces it.

    The same (tenant, entity, value) must always give the same token; different tenants never
    share tokens. Implemented by :mod:`dlp.vault`.
    """

    def tokenize(self, value: str, entity: str, context: OperatorContext) -> str:
        """Token for ``value``; raises :class:`dlp.errors.VaultError` when it cannot seal it."""
        ...


class Operator(Protocol):
    """Computes the replacement text for one finding's value."""

    action: Action

    def apply(self, value: str, item: FindingAction, context: OperatorContext) -> str:
        """Replacement for ``value`` (the original span text)."""
        ...
