"""Routes that exist only with authentication on: the kill switch and the OAuth resource metadata."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import anyio
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict

from dlp.audit.trail import AuditTrail
from dlp.auth.killswitch import switch_event
from dlp.config import Config
from dlp.http.security import METADATA_PATH, Guard, base_url, principal_of, protected_resource_metadata

Hook = Callable[[], Awaitable[None]]


class KillSwitchBody(BaseModel):
    """Turn forwarding off (``engaged: true``) or back on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    engaged: bool


def admin_router(
    config: Config, guard: Guard, on_kill: Sequence[Hook], trail: AuditTrail | None = None
) -> APIRouter:
    """``/v1/admin/killswitch`` (admin role) and ``/.well-known/oauth-protected-resource``."""
    router = APIRouter()
    switch = guard.killswitch

    @router.get(METADATA_PATH, summary="OAuth 2.0 protected-resource metadata (RFC 9728)")
    @router.get(METADATA_PATH + "/mcp", include_in_schema=False)
    async def resource_metadata(request: Request) -> dict[str, Any]:
        suffix = request.url.path[len(METADATA_PATH) :]
        return protected_resource_metadata(base_url(request.scope, guard.resource_url) + suffix, config)

    @router.get("/v1/admin/killswitch", summary="Whether the kill switch is on (admin role)")
    async def killswitch_status() -> dict[str, Any]:
        state = await anyio.to_thread.run_sync(switch.state)
        return {"engaged": state.engaged, "changed": state.changed, "changed_by": state.changed_by}

    @router.post("/v1/admin/killswitch", summary="Stop (or resume) all forwarding; ends MCP sessions")
    async def killswitch_set(body: KillSwitchBody, request: Request) -> dict[str, Any]:
        principal = principal_of(request)
        by = principal.user if principal is not None else None
        state = await anyio.to_thread.run_sync(switch.set, body.engaged, by)
        if trail is not None:
            event = switch_event(
                body.engaged,
                by,
                principal.roles if principal is not None else (),
                principal.tenant if principal is not None else "*",
            )
            await anyio.to_thread.run_sync(trail.record_events, [event])
        if body.engaged:
            for hook in on_kill:
                await hook()
        return {"engaged": state.engaged, "changed": state.changed, "changed_by": state.changed_by}

    return router
