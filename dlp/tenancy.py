"""Which engine inspects a tenant's messages: the tenant's own policy, or the service's."""

from __future__ import annotations

from collections.abc import Mapping

from dlp.engine import Engine


class TenantEngines:
    """One engine per tenant with a policy of its own (sharing detectors); the default for the rest."""

    def __init__(self, default: Engine, by_tenant: Mapping[str, Engine] | None = None) -> None:
        self.default = default
        self._by_tenant = dict(by_tenant or {})

    def for_tenant(self, tenant: str) -> Engine:
        """The engine whose policy governs ``tenant`` (the authenticated one, never a body's claim)."""
        return self._by_tenant.get(tenant, self.default)

    @property
    def tenants(self) -> tuple[str, ...]:
        """Tenants with a policy of their own."""
        return tuple(sorted(self._by_tenant))
