"""Audit endpoints: ``GET /v1/audit/events`` (paged, filtered) and ``GET /metrics`` (Prometheus)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from dlp.audit.metrics import CONTENT_TYPE
from dlp.audit.store import EventQuery
from dlp.audit.trail import AuditTrail
from dlp.http.problems import ProblemError
from dlp.http.security import principal_of


def audit_router(trail: AuditTrail, *, authenticated: bool = False) -> APIRouter:
    """Routes reading ``trail``; ``authenticated`` confines each caller to their own tenant."""
    router = APIRouter()

    @router.get(
        "/v1/audit/events", summary="Audit events, oldest first; page with `after` = the last `seq` seen"
    )
    async def events(
        request: Request,
        # Bounded to a 64-bit sequence: a bigger number overflowed the database driver (500).
        after: Annotated[
            int, Query(ge=0, le=2**63 - 1, description="Only events after this sequence number.")
        ] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        tenant: str | None = None,
        user: str | None = None,
        tool: str | None = None,
        entity: str | None = None,
        action: str | None = None,
        verdict: str | None = None,
        since: Annotated[str | None, Query(alias="from", description="ISO 8601 UTC, inclusive.")] = None,
        until: Annotated[str | None, Query(alias="to", description="ISO 8601 UTC, exclusive.")] = None,
    ) -> dict[str, Any]:
        principal = principal_of(request)
        if authenticated:
            # Fail closed: with authentication on, a request without a caller reads nothing.
            if principal is None or (tenant is not None and tenant != principal.tenant):
                raise ProblemError(
                    403, "tenant_mismatch", "the caller may only read their own tenant's events"
                )
            tenant = principal.tenant
        query = EventQuery(
            tenant=tenant,
            since=since,
            until=until,
            user=user,
            tool=tool,
            entity=entity,
            action=action,
            verdict=verdict,
            after_seq=after,
            limit=limit,
        )
        # Events are written by a background writer: flush first so a caller reads its own writes.
        await anyio.to_thread.run_sync(trail.flush)
        found = await anyio.to_thread.run_sync(trail.store.query, query)
        next_after = found[-1]["seq"] if len(found) == limit else None
        return {"events": found, "next_after": next_after}

    @router.get("/metrics", summary="Prometheus metrics (no values or identities in labels)")
    async def metrics() -> Response:
        return Response(trail.metrics.render(), media_type=CONTENT_TYPE)

    return router
