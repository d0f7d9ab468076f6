"""The policy document as compliance staff write it: frozen pydantic models, unknown keys rejected.

These models are the single source of the YAML reference and of ``policies/policy.schema.json``
(field descriptions become editor hover text); cross-field checks (known entities, unique rule
ids, parameters that fit the action) live in :mod:`dlp.policy.checks` because they need the
whole document and must report the exact list index that is wrong.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from dlp.decision import Action, TombstoneScope
from dlp.entities import ENTITIES, DataClass

#: Rule ids end up in audit events and in tombstone notices shown to agents, so they are kept to
#: a conservative character set; ``default`` and ``below-min-score`` are reserved sentinels.
RULE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
ENTITY_PATTERN = r"^[A-Z][A-Z0-9_]{0,63}$"

#: Editors complete the canonical names; custom entity names still validate against the pattern.
_ENTITY_SCHEMA = {"anyOf": [{"enum": sorted(ENTITIES)}, {"type": "string", "pattern": ENTITY_PATTERN}]}

#: Checked against the canonical and custom names in :mod:`dlp.policy.checks` (with a suggestion).
EntityName = Annotated[str, WithJsonSchema(_ENTITY_SCHEMA)]
CustomEntityName = Annotated[str, Field(pattern=ENTITY_PATTERN)]
Glob = Annotated[str, Field(min_length=1, max_length=256)]
Globs = tuple[Glob, ...] | None
KeepLast = Annotated[int, Field(ge=0, le=32)]
MaskChar = Annotated[str, Field(min_length=1, max_length=1)]
Score = Annotated[float, Field(ge=0.0, le=1.0)]


def _number_as_text(value: object) -> object:
    # `version: 2` is what people type; YAML reads it as a number.
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


VersionText = Annotated[
    str,
    BeforeValidator(_number_as_text),
    Field(min_length=1, max_length=64),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1, "maxLength": 64}, {"type": "number"}]}),
]


class MatchDirection(StrEnum):
    """Which traffic a rule looks at: results coming back, requests going out, or both."""

    RESPONSE = "response"
    REQUEST = "request"
    ANY = "any"


class OnError(StrEnum):
    """What happens to a message when inspection itself fails (the pipeline fails closed)."""

    BLOCK = "block"
    TOMBSTONE = "tombstone"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _list(description: str) -> Any:
    return Field(default=None, min_length=1, description=description)


class Match(_Strict):
    """Conditions a finding and its message must meet: AND across keys, OR within a list."""

    entities: tuple[EntityName, ...] | None = Field(
        default=None, min_length=1, description="Canonical (or custom_entities) names, e.g. US_SSN."
    )
    data_classes: tuple[DataClass, ...] | None = Field(
        default=None,
        min_length=1,
        description="PII, PHI, PCI, SECRET, SOURCE_CODE (PII in health context is PHI).",
    )
    min_score: Score | None = Field(
        default=None, description="Score threshold for this rule; overrides the policy-wide min_score."
    )
    direction: MatchDirection = Field(
        default=MatchDirection.ANY, description="response (results), request (egress) or any."
    )
    connectors: Globs = _list("Connector profile names (globs), e.g. jira, google-*.")
    servers: Globs = _list("Upstream server labels from the proxy configuration (globs).")
    tools: Globs = _list("Tool names (globs), e.g. search_*.")
    paths: Globs = _list("JSON path globs of the slot: * one key, ** any depth, [*] any index.")
    roles: Globs = _list("The rule applies only when the user has one of these roles (globs).")
    kinds: Globs = _list("Secret provider or code language (globs, case-insensitive), e.g. aws_*.")


class Rule(_Strict):
    """One firewall-style rule: the first rule whose ``match`` fits a finding decides its action."""

    id: str = Field(pattern=RULE_ID_PATTERN, description="Unique id; shown in audit events and notices.")
    description: str = Field(default="", description="Why the rule exists, for reviewers.")
    match: Match = Field(description="Conditions; {} matches every finding.")
    action: Action = Field(description="allow, redact, mask, hash, tokenize, tombstone or block.")
    keep_last: KeepLast | None = Field(
        default=None, description="mask: characters left visible at the end (at most half the value)."
    )
    mask_char: MaskChar | None = Field(
        default=None, description="mask: character shown instead of hidden ones."
    )
    scope: TombstoneScope | None = Field(
        default=None, description="tombstone: replace the field (default) or the whole response."
    )


class MaskDefaults(_Strict):
    """Mask parameters used when a mask rule does not set its own."""

    keep_last: KeepLast = Field(default=4, description="Characters left visible at the end.")
    mask_char: MaskChar = Field(default="*", description="Character shown instead of hidden ones.")


class MediaVerdict(StrEnum):
    """What happens to an attachment the engine cannot read or cannot trust."""

    ALLOW = "allow"
    TOMBSTONE = "tombstone"
    BLOCK = "block"


class MediaRules(_Strict):
    """Images, PDFs and other attachments: what to do when their content cannot be checked.

    Text found inside media (OCR, PDF text layers, office documents, archives) goes through the
    rules like any other text; these two settings cover what no rule can see.
    """

    unknown_binary: MediaVerdict = Field(
        default=MediaVerdict.ALLOW,
        description="Binary data of a type with no text to extract (audio, unknown formats).",
    )
    low_confidence: MediaVerdict = Field(
        default=MediaVerdict.TOMBSTONE,
        description="An image or scanned page read with too little OCR confidence to trust it.",
    )


class DetokenizeRule(_Strict):
    """Tools that may receive original values in place of vault tokens the agent passes back."""

    tools: tuple[Glob, ...] = Field(min_length=1, description="Tool names (globs), e.g. send_email.")
    connectors: Globs = _list("Only for these connector profiles (globs); absent means any.")
    entities: tuple[EntityName, ...] | None = Field(
        default=None, min_length=1, description="Only tokens of these entities; absent means any."
    )


class ToolAccessRule(_Strict):
    """Tools some callers may see in ``tools/list`` and call; with any such rule, others are hidden."""

    id: str = Field(pattern=RULE_ID_PATTERN, description="Unique id; shown in audit events and refusals.")
    description: str = Field(default="", description="Why these callers get these tools, for reviewers.")
    roles: Globs = _list("Callers with one of these roles (globs); absent means every caller.")
    connectors: Globs = _list("Only for these connector profiles (globs); absent means any.")
    tools: tuple[Glob, ...] = Field(min_length=1, description="Tool names (globs) the callers may use.")


class PolicyDocument(_Strict):
    """A policy file: rules evaluated in order, a default for findings no rule matches."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        title="mcp-dlp policy",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    name: str = Field(min_length=1, max_length=128, description="Policy name, recorded in audit events.")
    version: VersionText = Field(default="1", description="Your version label.")
    description: str = Field(default="", description="What the policy is for.")
    default_action: Action = Field(
        default=Action.REDACT, description="Action for findings at or above min_score that no rule matches."
    )
    on_error: OnError = Field(
        default=OnError.BLOCK, description="block or tombstone a message whose inspection failed."
    )
    min_score: Score = Field(default=0.5, description="Findings scoring below this are ignored.")
    mask: MaskDefaults = Field(default=MaskDefaults(), description="Defaults for mask rules.")
    custom_entities: tuple[CustomEntityName, ...] = Field(
        default=(), description="Entity names emitted by custom recognizers, so rules may name them."
    )
    rules: tuple[Rule, ...] = Field(default=(), description="Evaluated top to bottom; the first match wins.")
    media: MediaRules = Field(
        default=MediaRules(), description="Attachments whose content cannot be read or trusted."
    )
    detokenize: tuple[DetokenizeRule, ...] = Field(
        default=(),
        description="Tool calls in which vault tokens are swapped back for the originals (needs the vault "
        "access role 'detokenizer'); every other tool keeps the token.",
    )
    tool_access: tuple[ToolAccessRule, ...] = Field(
        default=(),
        description="Allowlist of tools per role: when present, a caller sees in tools/list and may call "
        "only the tools some entry grants it; absent means every tool for everyone.",
    )
