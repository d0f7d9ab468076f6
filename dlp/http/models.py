"""Request and response bodies of the HTTP service (frozen, unknown keys rejected)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from dlp.context import Direction, InspectContext
from dlp.findings import Finding


class ContextBody(BaseModel):
    """Who and where the message is inspected for; every field optional."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    direction: Direction = Direction.RESPONSE
    connector: str | None = Field(default=None, max_length=200)
    server: str | None = Field(default=None, max_length=200)
    tool: str | None = Field(default=None, max_length=200)
    user: str | None = Field(default=None, max_length=200)
    roles: tuple[str, ...] = Field(default=(), max_length=64)
    tenant: str = Field(default="default", max_length=200)
    agent: str | None = Field(default=None, max_length=200)
    session: str | None = Field(default=None, max_length=200)

    def to_context(self, method: str | None) -> InspectContext:
        """The engine's context for this request."""
        return InspectContext(method=method, **self.model_dump())


class InspectRequest(BaseModel):
    """Body of ``POST /v1/inspect`` and ``POST /v1/redact``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: One JSON-RPC 2.0 message (request, response or notification) as it crossed the wire.
    message: dict[str, Any]
    context: ContextBody = Field(default_factory=ContextBody)


class FindingOut(BaseModel):
    """One finding: where and what kind, never the value."""

    entity: str
    data_class: str
    path: str
    start: int
    end: int
    score: float
    detector: str
    kind: str | None = None

    @classmethod
    def of(cls, finding: Finding) -> FindingOut:
        """From an engine finding."""
        return cls(
            entity=finding.entity,
            data_class=finding.data_class.value,
            path=finding.path,
            start=finding.start,
            end=finding.end,
            score=round(finding.score, 4),
            detector=finding.detector,
            kind=finding.kind,
        )


class InspectResponse(BaseModel):
    """Findings and the policy's verdict, without rewriting anything."""

    findings: list[FindingOut]
    summary: dict[str, Any]
    blocked: bool


class RedactResponse(BaseModel):
    """The message as it should go on, and the verdict."""

    #: Rewritten message; a JSON-RPC error response when blocked; null for a dropped notification.
    message: Any
    summary: dict[str, Any]
    blocked: bool
    #: The JSON-RPC error object when blocked.
    error: dict[str, Any] | None = None


class Problem(BaseModel):
    """RFC 9457 problem details; ``detail`` never quotes the request body."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str
    errors: list[dict[str, Any]] | None = None
