"""The authenticated caller, and the role names the service checks."""

from __future__ import annotations

from dataclasses import dataclass

#: Every endpoint; the kill switch.
ADMIN_ROLE = "admin"
#: ``GET /v1/audit/events`` (own tenant only).
AUDITOR_ROLE = "auditor"
#: ``GET /metrics`` (the counters are service-wide, so not per tenant).
METRICS_ROLE = "metrics"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a request comes from, as a credential proved it."""

    user: str
    roles: tuple[str, ...]
    tenant: str
    #: ``apikey``, ``jwt`` or ``mtls``: recorded, never trusted for decisions.
    method: str

    def has_any(self, *roles: str) -> bool:
        """Whether the caller holds one of ``roles`` (admin holds them all)."""
        return ADMIN_ROLE in self.roles or any(role in self.roles for role in roles)
