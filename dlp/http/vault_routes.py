"""``POST /v1/reidentify``: originals for tokens, where the requester's roles allow (opt-in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from dlp.audit.trail import AuditTrail
from dlp.auth.identity import Principal
from dlp.errors import AccessDenied
from dlp.http.problems import ProblemError
from dlp.http.security import principal_of
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
    #: Required without authentication; with it the caller is the requester and this may be left out.
    requester: RequesterBody | None = None
    approval_id: str | None = None


def vault_router(
    open_store: Callable[[], VaultStore],
    trail: AuditTrail | None,
    scrub: TextScrubber,
    *,
    authenticated: bool = False,
) -> APIRouter:
    """The re-identification route over a lazily opened vault.

    ``authenticated``: the requester is the caller the service authenticated; a body that names
    someone else (another user or tenant) is refused.
    """
    router = APIRouter()
    opened: list[VaultStore] = []

    def store() -> VaultStore:
        if not opened:
            opened.append(open_store())
        return opened[0]

    @router.post(
        "/v1/reidentify", summary="Originals behind tokens where the requester's roles allow; audited"
    )
    async def reidentify_tokens(body: ReidentifyRequest, request: Request) -> dict[str, Any]:
        requester = _requester(body.requester, principal_of(request), authenticated)

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


def _requester(named: RequesterBody | None, principal: Principal | None, authenticated: bool) -> Requester:
    """Who asks: the authenticated caller, or (authentication off) whoever the body names."""
    if authenticated:
        if principal is None:
            raise ProblemError(403, "forbidden", "no authenticated caller")
        if named is not None and (named.user != principal.user or named.tenant != principal.tenant):
            raise ProblemError(403, "requester_mismatch", "the body names a requester other than the caller")
        return Requester(principal.user, principal.roles, principal.tenant)
    if named is None:
        raise ProblemError(422, "invalid_request", "requester is required")
    return Requester(named.user, tuple(named.roles), named.tenant)
