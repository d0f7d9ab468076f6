"""TLS for ``mcp-dlp serve``: TLS 1.3 by default; with mutual TLS the client certificate names the caller.

TLS 1.2 is accepted only when asked for, and then only with forward-secret AEAD suites (ECDHE
with AES-GCM or ChaCha20-Poly1305). With a client CA every connection must present a certificate
it signed; the certificate's subject becomes the caller: CN the user, O the tenant, each OU a role.
"""

from __future__ import annotations

import asyncio
import ssl
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from dlp.auth.identity import Principal
from dlp.errors import ConfigError

#: The scope key the TLS layer fills with the verified client certificate's subject.
TLS_SUBJECT_KEY = "dlp.tls_subject"
TLS12_CIPHERS = "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!eNULL:!SHA1:!SHA256:!SHA384"


def server_context(
    cert: Path, key: Path, client_ca: Path | None = None, *, allow_tls12: bool = False
) -> ssl.SSLContext:
    """The server-side context: certificate, minimum version, and client verification if ``client_ca``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2 if allow_tls12 else ssl.TLSVersion.TLSv1_3
    if allow_tls12:
        context.set_ciphers(TLS12_CIPHERS)
    context.options |= ssl.OP_NO_COMPRESSION | ssl.OP_NO_RENEGOTIATION
    try:
        context.load_cert_chain(str(cert), str(key))
        if client_ca is not None:
            context.load_verify_locations(cafile=str(client_ca))
            context.verify_mode = ssl.CERT_REQUIRED
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(
            f"cannot load the TLS certificate, key or client CA ({type(exc).__name__})"
        ) from None
    return context


def subject_principal(subject: dict[str, Any]) -> Principal | None:
    """The caller a verified client certificate names (None without a CN or an O)."""
    user, tenant = subject.get("commonName"), subject.get("organizationName")
    if not isinstance(user, str) or not isinstance(tenant, str):
        return None
    roles = tuple(r for r in subject.get("organizationalUnitName", ()) if isinstance(r, str))
    return Principal(user=f"cert:{user}", roles=roles, tenant=tenant, method="mtls")


def _flatten(subject: tuple[tuple[tuple[str, str], ...], ...]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for rdn in subject:
        for name, value in rdn:
            if name == "organizationalUnitName":
                flat.setdefault(name, []).append(value)
            else:
                flat[name] = value
    return flat


class _WithSubject:
    """Adds the connection's verified client-certificate subject to every request scope."""

    def __init__(self, app: ASGIApp, subject: dict[str, Any]) -> None:
        self.app, self.subject = app, subject

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[TLS_SUBJECT_KEY] = self.subject
        await self.app(scope, receive, send)


class ClientCertProtocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, passing the verified client certificate's subject to the app."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Read the peer certificate once per connection (the handshake has completed)."""
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        peer = ssl_object.getpeercert() if ssl_object is not None else None
        if peer and peer.get("subject"):
            self.app = _WithSubject(self.app, _flatten(peer["subject"]))
