"""The kill switch: one row in the shared database; on, the service forwards nothing.

Every replica reads it (cached for ``ttl_s`` so the check costs no query per request), so turning
it on from one replica or from ``mcp-dlp killswitch on`` stops them all within that time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Boolean, Column, Engine, MetaData, String, Table, select
from sqlalchemy.exc import SQLAlchemyError

from dlp.audit.event import AuditEvent, EventKind, Verdict
from dlp.vault.db import create_vault_engine
from dlp.vault.schema_lock import create_tables

log = logging.getLogger(__name__)
metadata = MetaData()

killswitch_table = Table(
    "dlp_killswitch",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("engaged", Boolean, nullable=False),
    Column("changed", String(32), nullable=False),
    Column("changed_by", String(256)),
)
_ROW = "global"


@dataclass(frozen=True, slots=True)
class KillSwitchState:
    """Whether forwarding is stopped, since when, and who said so."""

    engaged: bool
    changed: str | None = None
    changed_by: str | None = None


class KillSwitch:
    """Reads and sets the kill switch in the vault/audit database."""

    def __init__(self, url: str, ttl_s: float = 2.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._engine: Engine = create_vault_engine(url)
        create_tables(self._engine, metadata)
        self._ttl_s, self._clock = ttl_s, clock
        self._cached: tuple[float, KillSwitchState] | None = None
        self._lock = threading.Lock()

    def state(self) -> KillSwitchState:
        """The stored state (read from the database)."""
        with self._engine.connect() as conn:
            row = (
                conn.execute(select(killswitch_table).where(killswitch_table.c.name == _ROW))
                .mappings()
                .first()
            )
        if row is None:
            return KillSwitchState(False)
        return KillSwitchState(bool(row["engaged"]), row["changed"], row["changed_by"])

    def engaged(self) -> bool:
        """The state as of at most ``ttl_s`` ago."""
        with self._lock:
            now = self._clock()
            if self._cached is None or now - self._cached[0] > self._ttl_s:
                self._cached = (now, self.state())
            return self._cached[1].engaged

    def stops_forwarding(self) -> bool:
        """Whether a proxy must stop now: engaged, or unreadable (fail closed)."""
        try:
            return self.engaged()
        except SQLAlchemyError as exc:
            log.error("kill switch unreadable; forwarding stopped", extra={"error": type(exc).__name__})
            return True

    def set(self, engaged: bool, by: str | None) -> KillSwitchState:
        """Turn the switch on or off and remember who did."""
        state = KillSwitchState(engaged, datetime.now(UTC).isoformat(), (by or "")[:256] or None)
        values = {"engaged": engaged, "changed": state.changed, "changed_by": state.changed_by}
        with self._engine.begin() as conn:
            updated = conn.execute(
                killswitch_table.update().where(killswitch_table.c.name == _ROW).values(**values)
            ).rowcount
            if not updated:
                conn.execute(killswitch_table.insert().values(name=_ROW, **values))
        with self._lock:
            self._cached = (self._clock(), state)
        return state

    def close(self) -> None:
        """Release the connection pool."""
        self._engine.dispose()


def switch_event(engaged: bool, user: str | None, roles: tuple[str, ...], tenant: str) -> AuditEvent:
    """The audit record of somebody turning the kill switch on or off (HTTP or CLI)."""
    return AuditEvent(
        kind=EventKind.KEY_OPERATION,
        tenant=tenant,
        actor={"user": user, "roles": list(roles)},
        target={"method": "admin/killswitch"},
        verdict=Verdict.ALLOWED,
        detail={"operation": "killswitch_on" if engaged else "killswitch_off"},
    )
