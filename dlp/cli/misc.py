"""``mcp-dlp entities`` and ``mcp-dlp serve``."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from dlp.cli.common import fail, guarded, load_settings, make_engine, out
from dlp.cli.render import emit_json, plain
from dlp.config import Config, process_environment, uvicorn_forwarded_allow_ips
from dlp.entities import ENTITIES
from dlp.errors import AuthenticationFailed

if TYPE_CHECKING:
    from collections.abc import Callable

    import uvicorn
    from fastapi import FastAPI
    from starlette.requests import Request
    from starlette.types import ASGIApp

    from dlp.connectors.gateway import Identity

log = logging.getLogger("dlp.cli.serve")


def entities_markdown() -> str:
    """The entity list as a Markdown table (the README embeds it; a test keeps them in sync)."""
    lines = ["| entity | data class | description |", "|---|---|---|"]
    lines += [
        f"| `{name}` | {data_class.value} | {description.replace('|', '/')} |"
        for name, (data_class, description) in ENTITIES.items()
    ]
    return "\n".join(lines) + "\n"


@guarded
def entities(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print a Markdown table (for docs).")] = False,
) -> None:
    """List the canonical entity names with their data class and description."""
    if markdown:
        sys.stdout.write(entities_markdown())
        return
    if as_json:
        emit_json(
            [
                {"entity": name, "data_class": data_class.value, "description": description}
                for name, (data_class, description) in ENTITIES.items()
            ]
        )
        return
    table = Table(title=f"{len(ENTITIES)} entities", title_justify="left")
    for column in ("entity", "data class", "description"):
        table.add_column(column, overflow="fold")
    for name, (data_class, description) in ENTITIES.items():
        table.add_row(*plain(name, data_class.value, description))
    out.print(table)


@guarded
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1, or DLP_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8080, or DLP_PORT).")] = None,
    policy: Annotated[Path | None, typer.Option("--policy", help="Policy YAML (default: packaged).")] = None,
    gateway: Annotated[
        Path | None,
        typer.Option(
            "--gateway", help="Gateway YAML: serve its upstream MCP servers at /mcp/<name>.", dir_okay=False
        ),
    ] = None,
    tls_cert: Annotated[
        Path | None, typer.Option(help="Serve HTTPS with this PEM certificate chain.")
    ] = None,
    tls_key: Annotated[Path | None, typer.Option(help="The certificate's PEM private key.")] = None,
    tls_client_ca: Annotated[
        Path | None, typer.Option(help="Require client certificates signed by this CA (mutual TLS).")
    ] = None,
    tls_allow_tls12: Annotated[
        bool, typer.Option("--tls-allow-tls12", help="Also accept TLS 1.2 (AEAD ECDHE suites only).")
    ] = False,
) -> None:
    """Run the HTTP service (POST /v1/inspect, POST /v1/redact, GET /healthz, docs at /docs)."""
    import uvicorn  # noqa: PLC0415 - only this command needs it

    from dlp.http.app import create_app  # noqa: PLC0415

    config = load_settings(
        quiet=False,
        host=host,
        port=port,
        policy_path=policy,
        gateway_config_path=gateway,
        tls_cert=tls_cert,
        tls_key=tls_key,
        tls_client_ca=tls_client_ca,
        tls_allow_tls12=tls_allow_tls12 or None,
    )
    app = create_app(config) if config.gateway_config_path is None else _with_gateway(config)
    server = server_config(app, config)
    if config.tls_cert is not None or config.tls_key is not None:
        _use_tls(server, config)
    uvicorn.Server(server).run()


def server_config(app: ASGIApp, config: Config) -> uvicorn.Config:
    """uvicorn's settings for ``serve``: the address it binds, and whose forwarding headers count."""
    import uvicorn  # noqa: PLC0415

    if uvicorn_forwarded_allow_ips() is not None:
        log.warning("FORWARDED_ALLOW_IPS is ignored: trusted_proxies (DLP_TRUSTED_PROXIES) names the proxies")
    # uvicorn's defaults rewrite the client address from X-Forwarded-For for 127.0.0.1 (or whatever
    # FORWARDED_ALLOW_IPS says): the failed-authentication budget and the audit trail would key on
    # an address anyone behind a local proxy can write. The list is passed even when empty so
    # uvicorn never falls back to the environment.
    trusted = list(config.trusted_proxies)
    # log_config=None keeps the logging set up by dlp.logs; the service logs its own access lines
    # (method, route, status) because uvicorn's would include query strings.
    return uvicorn.Config(
        app,
        host=config.host,
        port=config.port,
        log_config=None,
        access_log=False,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted,
    )


def _use_tls(server: uvicorn.Config, config: Config) -> None:
    """Serve HTTPS with the project's context (TLS 1.3 minimum) instead of uvicorn's default one."""
    import ssl  # noqa: PLC0415

    from dlp.auth.tls import ClientCertProtocol, server_context  # noqa: PLC0415

    if config.tls_cert is None or config.tls_key is None:
        fail("--tls-cert and --tls-key go together")
    context = server_context(
        config.tls_cert, config.tls_key, config.tls_client_ca, allow_tls12=config.tls_allow_tls12
    )

    def factory(_config: uvicorn.Config, _default: Callable[[], ssl.SSLContext]) -> ssl.SSLContext:
        return context

    server.ssl_context_factory = factory
    if config.tls_client_ca is not None:
        server.http = ClientCertProtocol


def _with_gateway(config: Config) -> FastAPI:
    """The service with the MCP gateway mounted at /mcp, sharing one engine and one audit trail."""
    from dlp.audit.trail import build_audit_trail  # noqa: PLC0415
    from dlp.connectors.gateway import create_gateway_app  # noqa: PLC0415
    from dlp.connectors.gateway_config import load_gateway_config  # noqa: PLC0415
    from dlp.http.app import create_app  # noqa: PLC0415

    assert config.gateway_config_path is not None
    engine = make_engine(config)
    trail = build_audit_trail(config) if config.audit_enabled else None
    if trail is not None:
        trail.start()
    gateway = create_gateway_app(
        config,
        load_gateway_config(config.gateway_config_path),
        environ=process_environment(),
        engine=engine,
        trail=trail,
        identify=_identify if config.auth_enabled else None,
    )
    return create_app(
        config,
        engine=engine,
        trail=trail,
        mounts=[("/mcp", gateway)],
        on_shutdown=[gateway.state.gateway.close],
        on_killswitch=[gateway.state.gateway.close],
    )


def _identify(request: Request) -> Identity:
    """The gateway's caller: the principal the service's security layer authenticated."""
    from dlp.connectors.gateway import Identity  # noqa: PLC0415
    from dlp.http.security import principal_of  # noqa: PLC0415

    principal = principal_of(request)
    if principal is None:
        # The security layer lets no request through without one; refuse rather than go anonymous.
        raise AuthenticationFailed("no authenticated caller")
    return Identity(user=principal.user, roles=principal.roles, tenant=principal.tenant)
