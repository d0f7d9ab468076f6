"""``POST /v1/reidentify``: originals for tokens, where the requester's roles allow (opt-in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from dlp.audit.trail import AuditTrail
from dlp.errors import AccessDenied
from dlp.http.problems import ProblemError
from dlp.reidentification import TextScrubber, reidentify
from dlp.vault import Requester, VaultStore


class RequesterBody(BaseModel):
    """Who asks. Trusted only as far as the service's network; see ``http_reidentify_enabled``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    user: str = Field(min_length=1, max_length=256)
    roles: list[str] = Field(min_length=1, max_length=32)
    tenant: str = Field(default="default", min_length=1, max_length=128)


class ReidentifyRequest(BaseModel):
    """A batch of tokens and the reason they are needed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tokens: list[str] = Field(min_length=1, max_length=1000)
    reason: str = Field(min_length=1, max_length=2000)
    requester: RequesterBody
    approval_id: str | None = None


def vault_router(
    open_store: Callable[[], VaultStore], trail: AuditTrail | None, scrub: TextScrubber
) -> APIRouter:
    """The re-identification route over a lazily opened vault."""
    router = APIRouter()
    opened: list[VaultStore] = []

    def store() -> VaultStore:
        if not opened:
            opened.append(open_store())
        return opened[0]

    @router.post(
        "/v1/reidentify", summary="Originals behind tokens where the requester's roles allow; audited"
    )
    async def reidentify_tokens(body: ReidentifyRequest) -> dict[str, Any]:
        requester = Requester(body.requester.user, tuple(body.requester.roles), body.requester.tenant)

        def run() -> list[dict[str, Any]]:
            results = reidentify(
                store(),
                trail,
                body.tokens,
                requester,
                body.reason,
                channel="http",
                scrub=scrub,
                approval_id=body.approval_id,
            )
            return [
                {
                    "token": r.token,
                    "status": r.status.value,
                    "entity": r.entity,
                    "value": r.value,
                    "approval_id": r.approval_id,
                }
                for r in results
            ]

        try:
            return {"results": await anyio.to_thread.run_sync(run)}
        except AccessDenied as exc:
            raise ProblemError(403, exc.code, str(exc)) from None

    return router
