"""``mcp-dlp reidentify`` and ``mcp-dlp vault``: originals for authorised people, key operations.

The CLI runs where the vault's key file is, so it trusts the operator's ``--as`` and ``--role``
the way a database console trusts its local user; the access rules still decide what each role
may see, dual control still needs a second person, and every attempt is audited.
"""

from __future__ import annotations

import json
import os
import time
from datetime import timedelta
from typing import Annotated

import typer
from rich.table import Table

from dlp.audit.event import AuditEvent, EventKind, Verdict
from dlp.audit.trail import AuditTrail, build_audit_trail
from dlp.cli.common import EXIT_CODES_HELP, ExitCode, fail, guarded, load_settings, make_engine, out
from dlp.config import Config
from dlp.entities import DataClass
from dlp.reidentification import engine_scrubber, reidentify
from dlp.vault import LocalFileKeyProvider, Requester, VaultStore, open_store

vault_app = typer.Typer(help="Vault key operations: approve, rotate, purge, shred.", no_args_is_help=True)

AsOption = Annotated[str, typer.Option("--as", help="Who is asking (user id).")]
RoleOption = Annotated[
    list[str], typer.Option("--role", help="A role of the requester (repeat for several).")
]
TenantOption = Annotated[str, typer.Option(help="Tenant the tokens belong to.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def _trail(config: Config) -> AuditTrail | None:
    return build_audit_trail(config) if config.audit_enabled else None


def _key_event(
    trail: AuditTrail | None, operation: str, detail: dict[str, object], tenant: str = "*"
) -> None:
    if trail is not None:
        trail.record_events(
            [
                AuditEvent(
                    kind=EventKind.KEY_OPERATION,
                    tenant=tenant,
                    actor={"user": "cli"},
                    target={"method": f"vault/{operation}"},
                    verdict=Verdict.ALLOWED,
                    detail={"operation": operation, **detail},
                )
            ]
        )
        trail.close()


@guarded
def reidentify_command(
    tokens: Annotated[
        list[str], typer.Argument(help="Tokens such as [[EMAIL_ADDRESS:tk_...]] or bare tk_ ids.")
    ],
    requester: AsOption,
    reason: Annotated[str, typer.Option(help="Why the originals are needed (recorded in the audit trail).")],
    role: RoleOption,
    tenant: TenantOption = "default",
    approval: Annotated[str | None, typer.Option(help="Approval id, for dual-control data.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Show the originals behind tokens, where the requester's roles allow it (every attempt is audited)."""
    config = load_settings()
    store = open_store(config)
    trail = _trail(config)
    try:
        results = reidentify(
            store,
            trail,
            tokens,
            Requester(requester, tuple(role), tenant),
            reason,
            channel="cli",
            scrub=engine_scrubber(make_engine(config)),
            approval_id=approval,
        )
    finally:
        store.close()
        if trail is not None:
            trail.close()
    rows = [
        {
            "token": r.token,
            "status": r.status.value,
            "entity": r.entity,
            "value": r.value,
            "approval_id": r.approval_id,
        }
        for r in results
    ]
    if as_json:
        out.print(json.dumps(rows, ensure_ascii=False), markup=False, highlight=False)
    else:
        table = Table("token", "status", "entity", "original / approval")
        for row in rows:
            table.add_row(
                row["token"], row["status"], row["entity"] or "", row["value"] or row["approval_id"] or ""
            )
        out.print(table)
    if any(r.status.value != "ok" for r in results):
        raise typer.Exit(int(ExitCode.FINDINGS))


@vault_app.command(epilog=EXIT_CODES_HELP)
@guarded
def approve(
    approval_id: Annotated[str, typer.Argument(help="The approval id reidentify printed.")],
    approver: AsOption,
    role: RoleOption,
    tenant: TenantOption = "default",
    reject: Annotated[bool, typer.Option(help="Reject instead of approve.")] = False,
) -> None:
    """Approve (or reject) another person's dual-control re-identification request."""
    config = load_settings()
    store = open_store(config)
    try:
        who = Requester(approver, tuple(role), tenant)
        decided = store.reject(approval_id, who) if reject else store.approve(approval_id, who)
    finally:
        store.close()
    _key_event(_trail(config), "reject" if reject else "approve", {"approval_id": approval_id}, tenant)
    out.print(f"approval {approval_id}: {decided.status.value}")


@vault_app.command(epilog=EXIT_CODES_HELP)
@guarded
def rotate() -> None:
    """Re-wrap every data key under a new key-encryption key; run again to resume if interrupted."""
    config = load_settings()
    current = config.data_dir / "vault.kek"
    upcoming = config.data_dir / "vault.kek.next"
    if not current.exists():
        fail(f"no vault key at {current}", hint="nothing has been tokenized with this data folder yet")
    store = VaultStore.open(config.resolved_database_url, LocalFileKeyProvider(current, create=False))
    try:
        report = store.rotate_kek(LocalFileKeyProvider(upcoming))
    finally:
        store.close()
    # Keep the old key under a dated name (backups need it), then make the new one current in one
    # atomic rename: a crash in between leaves both files, and running rotate again finishes.
    retired = config.data_dir / f"vault.kek.retired-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}"
    os.link(current, retired)
    os.replace(upcoming, current)
    _key_event(_trail(config), "rotate", {"rewrapped": report.rewrapped, "kek_id": report.kek_id})
    out.print(
        f"rotated: {report.rewrapped} data keys re-wrapped; old key kept at {retired} "
        "(destroy it once no backup needs it)"
    )


@vault_app.command(epilog=EXIT_CODES_HELP)
@guarded
def purge(
    older_than_days: Annotated[
        int | None, typer.Option(min=1, help="Delete every value older than this.")
    ] = None,
    ttl: Annotated[
        list[str] | None,
        typer.Option(help="Retention per data class, CLASS=DAYS (e.g. PCI=30); repeat for several."),
    ] = None,
    tenant: Annotated[str | None, typer.Option(help="Only this tenant.")] = None,
) -> None:
    """Delete vaulted values past their retention; their tokens stop resolving."""
    ttl_by_class = _parse_ttls(ttl or [])
    if older_than_days is None and not ttl_by_class:
        fail("nothing to purge by", hint="give --older-than-days N and/or --ttl CLASS=DAYS")
    config = load_settings()
    store = open_store(config)
    try:
        removed = store.purge(
            older_than=timedelta(days=older_than_days) if older_than_days else None,
            ttl_by_class=ttl_by_class or None,
            tenant=tenant,
        )
    finally:
        store.close()
    _key_event(
        _trail(config),
        "purge",
        {
            "removed": removed,
            "older_than_days": older_than_days,
            "ttl_days": {k: v.days for k, v in ttl_by_class.items()},
        },
        tenant or "*",
    )
    out.print(f"purged {removed} values")


def _parse_ttls(items: list[str]) -> dict[str, timedelta]:
    ttls: dict[str, timedelta] = {}
    for item in items:
        name, _, days = item.partition("=")
        if name.upper() not in {c.value for c in DataClass} or not days.isdigit() or int(days) < 1:
            fail(
                f"--ttl {item!r} is not CLASS=DAYS",
                hint="classes: PII, PHI, PCI, SECRET, SOURCE_CODE; days >= 1",
            )
        ttls[name.upper()] = timedelta(days=int(days))
    return ttls


@vault_app.command(epilog=EXIT_CODES_HELP)
@guarded
def shred(
    tenant: Annotated[str, typer.Argument(help="The tenant whose keys are destroyed.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Confirm: every value of the tenant becomes unrecoverable.")
    ] = False,
) -> None:
    """Crypto-shred a tenant: destroy its keys so no vaulted value can ever be opened again."""
    if not yes:
        fail(
            "shredding cannot be undone",
            hint=f"run again with --yes to destroy every key of tenant {tenant!r}",
        )
    config = load_settings()
    store = open_store(config)
    try:
        destroyed = store.shred_tenant(tenant)
    finally:
        store.close()
    _key_event(_trail(config), "shred", {"keys_destroyed": destroyed}, tenant)
    out.print(f"tenant {tenant}: {destroyed} keys destroyed; its tokens are now dead references")
