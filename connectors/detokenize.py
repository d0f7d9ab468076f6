"""Swap vault tokens in outgoing tool arguments back for the originals, where allowed.

This is what lets an agent act on data it never saw: it received ``[[EMAIL_ADDRESS:tk_...]]``,
passes it to ``send_email``, and the tool gets the address. Two gates must both open: the
policy's ``detokenize`` list names the tool, and the vault's access rules grant the proxy's
service role (``detokenizer``) the token's entity and connector. Anything refused stays a token.
Every attempt is a re-identification, so the vault logs it, and the caller records an audit
event naming the tool and the token ids (never the values).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from dlp.audit.event import AuditEvent, EventKind, Verdict
from dlp.context import InspectContext
from dlp.errors import AccessDenied, VaultError
from dlp.policy import Policy
from dlp.vault import ReidStatus, Requester, VaultStore, find_tokens

log = logging.getLogger(__name__)

#: The vault access-rules role the proxy re-identifies with.
DETOKENIZER_ROLE = "detokenizer"


@dataclass(frozen=True)
class Restored:
    """What a restore did: the message to forward and the values-free audit event."""

    message: Any
    event: AuditEvent | None


class TokenRestorer:
    """Applies the policy's ``detokenize`` rules to ``tools/call`` requests."""

    def __init__(self, store: VaultStore, policy: Policy) -> None:
        self._store = store
        self._policy = policy

    def restore(self, message: Any, context: InspectContext) -> Restored:
        """``message`` with permitted tokens in ``params.arguments`` replaced by their originals."""
        if not isinstance(message, dict) or message.get("method") != "tools/call":
            return Restored(message, None)
        allowed = self._policy.detokenize_entities(context.tool, context.connector)
        params = message.get("params")
        if allowed is None or not isinstance(params, dict) or "arguments" not in params:
            return Restored(message, None)
        tokens = sorted(
            {
                text[start:end]
                for text in _strings(params["arguments"])
                for start, end, entity, _ in find_tokens(text)
                if not allowed or entity in allowed
            }
        )
        if not tokens:
            return Restored(message, None)
        originals, outcomes = self._open(tokens, context)
        arguments = _replace(params["arguments"], originals) if originals else params["arguments"]
        event = AuditEvent(
            kind=EventKind.REIDENTIFY,
            tenant=context.tenant,
            actor={
                "user": context.user,
                "roles": [DETOKENIZER_ROLE],
                "agent": context.agent,
                "session": context.session,
            },
            target={
                "server": context.server,
                "connector": context.connector,
                "tool": context.tool,
                "method": "tools/call",
                "direction": context.direction.value,
            },
            verdict=Verdict.REMEDIATED if originals else Verdict.BLOCKED,
            detail={
                "purpose": "detokenize",
                "tokens": len(tokens),
                "outcomes": outcomes,
                "token_ids": [token.rsplit(":", 1)[-1].rstrip("]") for token in tokens],
            },
        )
        return Restored({**message, "params": {**params, "arguments": arguments}}, event)

    def _open(self, tokens: list[str], context: InspectContext) -> tuple[dict[str, str], dict[str, int]]:
        requester = Requester(
            user=context.user or "mcp-dlp-proxy", roles=(DETOKENIZER_ROLE,), tenant=context.tenant
        )
        try:
            results = self._store.reidentify(tokens, requester, reason=f"detokenize for tool {context.tool}")
        except (AccessDenied, VaultError) as exc:
            # Refused as a whole (no detokenizer role, rate limit, vault down): tokens stay tokens.
            log.info("detokenization refused for tool %s: %s", context.tool, exc.code)
            return {}, {exc.code: len(tokens)}
        outcomes: dict[str, int] = {}
        originals: dict[str, str] = {}
        for token, result in zip(tokens, results, strict=True):
            outcomes[result.status.value] = outcomes.get(result.status.value, 0) + 1
            if result.status is ReidStatus.OK and result.value is not None:
                originals[token] = result.value
        return originals, outcomes


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from _strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child)


def _replace(value: Any, originals: dict[str, str]) -> Any:
    if isinstance(value, str):
        for token, original in originals.items():
            value = value.replace(token, original)
        return value
    if isinstance(value, dict):
        return {key: _replace(child, originals) for key, child in value.items()}
    if isinstance(value, list):
        return [_replace(child, originals) for child in value]
    return value


Recorder = Callable[[AuditEvent], None]
