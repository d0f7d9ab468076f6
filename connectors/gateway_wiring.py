"""What a gateway connection is built from: the caller, the inspection context, the upstream.

Shared by the handshake-era sessions (``gateway.py``) and the stateless connections
(``modern_pool.py``), so both inspect under the same context and start upstreams alike.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from starlette.requests import Request

from dlp.connectors.gateway_config import UpstreamConfig
from dlp.connectors.profiles import load_profile
from dlp.connectors.router import Router
from dlp.connectors.upstream import HttpUpstream, StdioUpstream, Upstream
from dlp.context import InspectContext

#: Variables of the gateway's environment every stdio upstream gets.
PASSED_ENV = ("PATH", "HOME", "LANG", "TMPDIR")


@dataclass(frozen=True)
class Identity:
    """Who is calling, as the service's authentication established it."""

    user: str | None = None
    roles: tuple[str, ...] = ()
    tenant: str = "default"


#: Maps a request to its caller (the service plugs its authentication in here).
Identify = Callable[[Request], Identity]
#: The router of one connection, from the context its messages are inspected under (the gateway
#: picks the tenant's engine and adds the audit recorder and the kill switch).
RouterFactory = Callable[[InspectContext], Router]


def base_context(
    name: str, upstream_config: UpstreamConfig, identity: Identity, agent: str, session: str | None
) -> InspectContext:
    """The inspection context every message of one connection starts from."""
    tags = set(upstream_config.tags)
    if upstream_config.connector:
        tags.update(load_profile(upstream_config.connector).effective_tags(phi=upstream_config.phi))
    elif upstream_config.phi:
        tags.add("PHI")
    return InspectContext(
        connector=upstream_config.connector,
        server=name,
        user=identity.user,
        roles=identity.roles,
        tenant=identity.tenant,
        agent=agent[:128],
        session=session,
        connector_tags=tuple(sorted(tags)),
    )


def stdio_upstream(upstream_config: UpstreamConfig, environ: Mapping[str, str], limit: int) -> StdioUpstream:
    """The child process of a ``command`` upstream (not started yet)."""
    assert upstream_config.command is not None
    env = {k: environ[k] for k in (*PASSED_ENV, *upstream_config.env_from) if k in environ}
    env.update(upstream_config.env)
    return StdioUpstream(upstream_config.command, env, upstream_config.cwd, limit)


def remote_headers(upstream_config: UpstreamConfig, environ: Mapping[str, str]) -> dict[str, str]:
    """The headers (credentials) a ``url`` upstream gets, read from the gateway's environment."""
    return {h: environ.get(var, "") for h, var in upstream_config.headers_from_env.items()}


def session_upstream(upstream_config: UpstreamConfig, environ: Mapping[str, str], limit: int) -> Upstream:
    """The upstream connection of one handshake-era session."""
    if upstream_config.command is not None:
        return stdio_upstream(upstream_config, environ, limit)
    assert upstream_config.url is not None
    return HttpUpstream(
        upstream_config.url,
        remote_headers(upstream_config, environ),
        limit,
        upstream_config.upstream_timeout_s,
    )
