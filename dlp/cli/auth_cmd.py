"""``mcp-dlp apikey create|list|revoke`` and ``mcp-dlp killswitch on|off|status``.

Both act directly on the service's database (``database_url``), so they work while the service
runs: a revoked key is refused on its next request, the kill switch stops every replica within
two seconds.
"""

from __future__ import annotations

import getpass
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from dlp.audit.trail import build_audit_trail
from dlp.auth.apikeys import ApiKeyStore
from dlp.auth.killswitch import KillSwitch, switch_event
from dlp.cli.common import ExitCode, fail, guarded, load_settings, out
from dlp.cli.render import emit_json, plain

apikey_app = typer.Typer(help="API keys for the HTTP service (auth_enabled).", no_args_is_help=True)


@apikey_app.command("create")
@guarded
def apikey_create(
    tenant: Annotated[str, typer.Option(help="Tenant the key's caller belongs to.")],
    role: Annotated[list[str], typer.Option("--role", help="A role of the caller (repeat for several).")],
    expires_days: Annotated[int | None, typer.Option(min=1, help="Expire after N days.")] = None,
    name: Annotated[str, typer.Option(help="A label (the caller's user id in audit events).")] = "",
) -> None:
    """Create a key and print it ONCE (only a hash is stored)."""
    store = ApiKeyStore(load_settings().resolved_database_url)
    try:
        key, info = store.create(tenant, tuple(role), name=name, expires_days=expires_days)
    finally:
        store.close()
    typer.echo(key)
    typer.echo(f"id {info.key_id}; store the key now: it cannot be shown again", err=True)


@apikey_app.command("list")
@guarded
def apikey_list(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List keys (ids, tenants, roles, expiry; never secrets)."""
    store = ApiKeyStore(load_settings().resolved_database_url)
    try:
        keys = store.list()
    finally:
        store.close()
    if as_json:
        emit_json([_row(k) for k in keys])
        return
    table = Table(title=f"{len(keys)} API keys", title_justify="left")
    for column in ("id", "name", "tenant", "roles", "expires", "revoked"):
        table.add_column(column)
    for k in keys:
        table.add_row(*plain(k.key_id, k.name, k.tenant, " ".join(k.roles), k.expires or "-", str(k.revoked)))
    out.print(table)


def _row(k: object) -> dict[str, object]:
    return {
        name: getattr(k, name)
        for name in ("key_id", "name", "tenant", "roles", "created", "expires", "revoked")
    }


@apikey_app.command("revoke")
@guarded
def apikey_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (from `apikey list`).")]) -> None:
    """Revoke a key: its next request is refused."""
    store = ApiKeyStore(load_settings().resolved_database_url)
    try:
        found = store.revoke(key_id)
    finally:
        store.close()
    if not found:
        fail(f"no API key with id {key_id}", ExitCode.USAGE)
    typer.echo(f"revoked {key_id}")


class Switch(StrEnum):
    """What to do with the kill switch."""

    on = "on"
    off = "off"
    status = "status"


@guarded
def killswitch(action: Annotated[Switch, typer.Argument(help="on, off or status.")]) -> None:
    """Stop (on) or resume (off) all forwarding by the service; status prints the state."""
    settings = load_settings()
    switch = KillSwitch(settings.resolved_database_url)
    try:
        if action is Switch.status:
            state = switch.state()
        else:
            by = f"cli:{getpass.getuser()}"
            state = switch.set(action is Switch.on, by)
            if settings.audit_enabled:
                trail = build_audit_trail(settings)
                try:
                    trail.record_events([switch_event(state.engaged, by, (), "*")])
                finally:
                    trail.close()
    finally:
        switch.close()
    typer.echo(
        f"kill switch {'ON' if state.engaged else 'off'}"
        + (f" since {state.changed}" if state.changed else "")
    )
