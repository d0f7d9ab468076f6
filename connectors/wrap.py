"""Build and run the stdio wrapper from a configuration: what ``mcp-dlp wrap`` calls."""

from __future__ import annotations

import getpass
import signal
import sys
from collections.abc import Sequence
from typing import Any

from dlp.audit.event import AuditEvent, EventKind, Verdict
from dlp.audit.trail import AuditTrail, build_audit_trail
from dlp.auth.killswitch import KillSwitch
from dlp.config import Config
from dlp.connectors.detokenize import TokenRestorer
from dlp.connectors.profiles import Profile, free_text_hint, load_profile, overlaid_policy_text, profile_names
from dlp.connectors.router import Restorer, Router
from dlp.connectors.stdio import StdioWrapper
from dlp.context import Direction, InspectContext
from dlp.engine import Outcome
from dlp.policy import Policy, default_policy_text, load_policy_text
from dlp.vault import VaultStore, open_store
from dlp.wiring import build_engine, configured_policy_path, load_configured_policy

#: Seconds a client request may wait for the upstream's answer before the client gets an error.
DEFAULT_UPSTREAM_TIMEOUT_S = 300.0
_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def run_wrapper(
    config: Config,
    command: Sequence[str],
    *,
    connector: str | None = None,
    server: str | None = None,
    user: str | None = None,
    roles: Sequence[str] = (),
    tenant: str = "default",
    connector_tags: Sequence[str] = (),
    upstream_timeout_s: float = DEFAULT_UPSTREAM_TIMEOUT_S,
    resource_scope: Sequence[str] = (),
) -> int:
    """Run ``command`` behind the inspecting proxy on this process's stdio; returns its exit code."""
    profile = load_profile(connector) if connector is not None and connector in profile_names() else None
    policy = (
        connector_policy(config, profile, tenant)
        if profile is not None
        else load_configured_policy(config, tenant)[0]
    )
    engine = build_engine(
        config, policy=policy, free_text_hint=free_text_hint if profile is not None else None
    )
    trail: AuditTrail | None = build_audit_trail(config) if config.audit_enabled else None
    if trail is not None:
        trail.start()  # without it the configured sinks never receive anything
    base = InspectContext(
        connector=connector,
        server=server or (command[0] if command else None),
        user=user or getpass.getuser(),
        roles=tuple(roles),
        tenant=tenant,
        agent="stdio-client",
        connector_tags=tuple(connector_tags),
    )

    def record(outcome: Outcome, context: InspectContext, size: int) -> None:
        if trail is not None:
            trail.record(
                outcome, context, request_bytes=size if context.direction is Direction.REQUEST else None
            )

    store, restore = _token_restorer(config, policy, trail)

    def out_of_scope(context: InspectContext, scheme: str) -> None:
        if trail is not None:
            trail.record_events([scope_alert(context, scheme)])

    killswitch = KillSwitch(config.resolved_database_url)
    router = Router(
        engine,
        base,
        record=record,
        restore=restore,
        resource_scope=resource_scope,
        on_out_of_scope=out_of_scope,
        halted=killswitch.stops_forwarding,
    )
    wrapper = StdioWrapper(
        router,
        command,
        client_in=sys.stdin.buffer,
        client_out=sys.stdout.buffer,
        max_message_bytes=config.max_payload_bytes,
        upstream_timeout_s=upstream_timeout_s,
    )
    # A client (or a supervisor) that ends the wrapper with SIGTERM must not orphan the server:
    # stop relaying, close its input, and terminate it after the grace period.
    previous = {sig: signal.signal(sig, lambda _sig, _frame: wrapper.stop()) for sig in _STOP_SIGNALS}
    try:
        return wrapper.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if trail is not None:
            trail.close()
        if store is not None:
            store.close()
        killswitch.close()


def _token_restorer(
    config: Config, policy: Policy, trail: AuditTrail | None
) -> tuple[VaultStore | None, Restorer | None]:
    """The detokenizing step when the policy names tools for it; the vault opens only then."""
    if not policy.document.detokenize:
        return None, None
    store = open_store(config)
    restorer = TokenRestorer(store, policy)

    def restore(message: Any, context: InspectContext) -> Any:
        restored = restorer.restore(message, context)
        if restored.event is not None and trail is not None:
            trail.record_events([restored.event])
        return restored.message

    return store, restore


def scope_alert(context: InspectContext, scheme: str) -> AuditEvent:
    """The alert recorded when an agent asks for a resource outside the connector's scope."""
    return AuditEvent(
        kind=EventKind.ALERT,
        tenant=context.tenant,
        actor={"user": context.user, "agent": context.agent, "session": context.session},
        target={
            "server": context.server,
            "connector": context.connector,
            "method": context.method,
            "direction": context.direction.value,
        },
        verdict=Verdict.BLOCKED,
        detail={"alert": "resource_out_of_scope", "uri_scheme": scheme},
    )


def connector_policy(config: Config, profile: Profile, tenant: str | None = None) -> Policy:
    """The configured policy (the tenant's own, if it has one) with the profile's overlay in front."""
    base, source = load_configured_policy(config, tenant)
    if not profile.policy_overlay:
        return base
    path = configured_policy_path(config, tenant)
    base_text = path.read_text(encoding="utf-8") if path else default_policy_text()
    return load_policy_text(
        overlaid_policy_text(base_text, (profile,)), source=f"{source} + {profile.name} overlay"
    )
