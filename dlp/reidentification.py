"""Re-identify vault tokens for a person, and put every attempt in the audit trail.

The CLI and the HTTP service share this: the vault decides (roles, dual control, rate limits),
and each attempt, allowed or refused, becomes an audit event naming who asked, which token ids,
why, and what came of it. The reason is free text an operator types, so it passes through the
pattern detectors before it is stored; the values released never reach the trail.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dlp.audit.event import AuditEvent, EventKind, Verdict
from dlp.audit.trail import AuditTrail
from dlp.engine import Engine
from dlp.errors import AccessDenied, VaultError
from dlp.vault import ReidResult, ReidStatus, Requester, VaultStore, parse_token

#: Rewrites free text so that no detected value remains (``[ENTITY]`` labels).
TextScrubber = Callable[[str], str]


def reidentify(
    store: VaultStore,
    trail: AuditTrail | None,
    tokens: Sequence[str],
    requester: Requester,
    reason: str,
    *,
    channel: str,
    scrub: TextScrubber,
    approval_id: str | None = None,
) -> list[ReidResult]:
    """Results per token; raises AccessDenied when the request is refused as a whole (audited too)."""
    token_ids = [_token_id(token) for token in tokens]
    try:
        results = store.reidentify(list(tokens), requester, reason, approval_id=approval_id)
    except AccessDenied as exc:
        _record(trail, requester, token_ids, scrub(reason), channel, {exc.code: len(tokens)}, Verdict.BLOCKED)
        raise
    outcomes: dict[str, int] = {}
    for result in results:
        outcomes[result.status.value] = outcomes.get(result.status.value, 0) + 1
    released = any(result.status is ReidStatus.OK for result in results)
    _record(
        trail,
        requester,
        token_ids,
        scrub(reason),
        channel,
        outcomes,
        Verdict.ALLOWED if released else Verdict.BLOCKED,
    )
    return results


def engine_scrubber(engine: Engine) -> TextScrubber:
    """A scrubber that replaces every pattern finding with its ``[ENTITY]`` label."""

    def scrub(text: str) -> str:
        for finding in sorted(engine.scan_text(text, ner=False), key=lambda f: f.start, reverse=True):
            text = f"{text[: finding.start]}[{finding.entity}]{text[finding.end :]}"
        return text

    return scrub


def _token_id(token: str) -> str:
    try:
        return parse_token(token)[1]
    except VaultError:
        return "<invalid>"


def _record(
    trail: AuditTrail | None,
    requester: Requester,
    token_ids: list[str],
    reason: str,
    channel: str,
    outcomes: dict[str, int],
    verdict: Verdict,
) -> None:
    if trail is None:
        return
    trail.record_events(
        [
            AuditEvent(
                kind=EventKind.REIDENTIFY,
                tenant=requester.tenant,
                actor={"user": requester.user, "roles": list(requester.roles)},
                target={"method": "reidentify"},
                verdict=verdict,
                detail={"channel": channel, "token_ids": token_ids, "reason": reason, "outcomes": outcomes},
            )
        ]
    )
