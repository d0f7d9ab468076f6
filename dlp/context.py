"""Who and where a message is inspected for: the engine's per-call context."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Direction(StrEnum):
    """Which way a message crosses the boundary."""

    #: Server to client: tool results, resources, prompts, sampling requests, notifications.
    RESPONSE = "response"
    #: Client to server: tool-call arguments and other requests going out (egress).
    REQUEST = "request"


class InspectContext(BaseModel):
    """Everything the policy and the audit trail may know about one message besides its body."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    direction: Direction = Direction.RESPONSE
    #: Connector profile name (``jira``, ``slack``) or None for an unprofiled server.
    connector: str | None = None
    #: Upstream server label as configured in the proxy or gateway.
    server: str | None = None
    #: Tool name for tools/call traffic.
    tool: str | None = None
    #: JSON-RPC method of the request this message belongs to (``tools/call``).
    method: str | None = None
    #: Authenticated user identity.
    user: str | None = None
    roles: tuple[str, ...] = ()
    tenant: str = "default"
    #: Agent or client id (``claude-desktop``), session id.
    agent: str | None = None
    session: str | None = None
    #: Connector-level data-class tags (``PHI`` for a hospital Jira) that raise sensitivity.
    connector_tags: tuple[str, ...] = ()
