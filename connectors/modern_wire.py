"""The 2026-07-28 (stateless) Streamable HTTP wire rules the gateway applies, from the MCP SDK.

The only connectors module that imports the ``mcp`` SDK: the header-body validation ladder,
the header value codec, ``x-mcp-header`` maps and the error-code-to-status table are the SDK's
own, so the gateway judges a request exactly as an SDK server would. Everything else in the
gateway handles plain JSON.

Facts from the spec this module encodes (basic/transports/streamable-http, 2026-07-28):
``MCP-Protocol-Version`` must equal ``params._meta["io.modelcontextprotocol/protocolVersion"]``,
``Mcp-Method`` the body's method and, for ``tools/call``, ``prompts/get`` and
``resources/read``, ``Mcp-Name`` the named parameter (base64 sentinel decoded); any mismatch
or missing header is ``400`` with ``-32020`` (HeaderMismatch); an unserved version is ``400``
with ``-32022`` naming the supported versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from mcp.shared.inbound import (
    ERROR_CODE_HTTP_STATUS,
    MCP_PARAM_HEADER_PREFIX,
    MCP_PROTOCOL_VERSION_HEADER,
    NAME_BEARING_METHODS,
    InboundLadderRejection,
    classify_inbound_request,
    encode_header_value,
    find_duplicated_routing_header,
    find_invalid_x_mcp_header,
    mcp_param_headers,
    validate_mcp_param_headers,
    x_mcp_header_map,
)
from mcp.shared.subscriptions import SUBSCRIPTION_ID_META_KEY
from mcp_types import CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY
from mcp_types.jsonrpc import INVALID_PARAMS, INVALID_REQUEST, METHOD_NOT_FOUND
from mcp_types.version import HANDSHAKE_PROTOCOL_VERSIONS, MODERN_PROTOCOL_VERSIONS

__all__ = [
    "INVALID_PARAMS",
    "INVALID_REQUEST",
    "METHOD_NOT_FOUND",
    "MODERN_PROTOCOL_VERSIONS",
    "PROTOCOL_VERSION_META_KEY",
    "SUBSCRIPTION_ID_META_KEY",
    "HeaderMaps",
    "Rejection",
    "check_param_headers",
    "check_request",
    "envelope",
    "http_status",
    "is_modern",
    "upstream_headers",
]

#: Methods whose name travels in ``Mcp-Name`` (and binds a sealed ``requestState``).
NAMED_METHODS: Final = dict(NAME_BEARING_METHODS)
_ENVELOPE_KEYS: Final = (PROTOCOL_VERSION_META_KEY, CLIENT_INFO_META_KEY, CLIENT_CAPABILITIES_META_KEY)


@dataclass(frozen=True)
class Rejection:
    """A request refused before it reaches the upstream: a JSON-RPC error and its HTTP status."""

    code: int
    message: str
    data: Any = None

    @property
    def status(self) -> int:
        """The HTTP status the spec assigns to the code."""
        return http_status(self.code)


def http_status(code: int) -> int:
    """HTTP status for a JSON-RPC error code on the modern wire (200 for codes the spec leaves open)."""
    return ERROR_CODE_HTTP_STATUS.get(code, 200)


def _meta(message: Mapping[str, Any]) -> Mapping[str, Any] | None:
    params = message.get("params")
    meta = params.get("_meta") if isinstance(params, Mapping) else None
    return meta if isinstance(meta, Mapping) else None


def is_modern(message: Any, headers: Mapping[str, str]) -> bool:
    """Whether a session-less POST speaks the stateless revision rather than the handshake era.

    A modern version header, the per-request version in ``_meta`` or ``server/discover`` (which
    exists only in the stateless revision) decides; ``initialize`` never does.
    """
    if not isinstance(message, Mapping) or message.get("method") == "initialize":
        return False
    version = headers.get(MCP_PROTOCOL_VERSION_HEADER)
    if version is not None and version not in HANDSHAKE_PROTOCOL_VERSIONS:
        return True
    meta = _meta(message)
    return message.get("method") == "server/discover" or (
        meta is not None and PROTOCOL_VERSION_META_KEY in meta
    )


def envelope(message: Mapping[str, Any]) -> dict[str, Any]:
    """The reserved per-request ``_meta`` keys of a validated request (version, client info, capabilities)."""
    meta = _meta(message) or {}
    return {key: meta[key] for key in _ENVELOPE_KEYS if key in meta}


def check_request(message: Mapping[str, Any], raw_headers: Iterable[tuple[str, str]]) -> Rejection | None:
    """The spec's header-body ladder for one request; None when the request may go on.

    ``raw_headers`` are the header lines as received: a duplicated routing header is refused
    (readers taking the first and the last copy would disagree).
    """
    lines = [(name.lower(), value) for name, value in raw_headers]
    duplicated = find_duplicated_routing_header(lines)
    if duplicated is not None:
        return Rejection(-32020, f"{duplicated} header appears more than once")
    verdict = classify_inbound_request(message, headers=dict(lines))
    if isinstance(verdict, InboundLadderRejection):
        return Rejection(verdict.code, verdict.message, verdict.data)
    return None


def check_param_headers(
    message: Mapping[str, Any], headers: Mapping[str, str], maps: HeaderMaps
) -> Rejection | None:
    """A ``tools/call``'s ``Mcp-Param-*`` headers against its arguments (tools with known annotations)."""
    params = message.get("params")
    if message.get("method") != "tools/call" or not isinstance(params, Mapping):
        return None
    schema = maps.schema(params.get("name"))
    arguments = params.get("arguments")
    if schema is None or not isinstance(arguments, Mapping):
        return None
    mismatch = validate_mcp_param_headers(schema, arguments, headers)
    return None if mismatch is None else Rejection(mismatch.code, mismatch.message, mismatch.data)


def upstream_headers(
    forwarded: Mapping[str, Any], maps: HeaderMaps, client_headers: Mapping[str, str], args_changed: bool
) -> dict[str, str]:
    """Routing headers for a request the gateway forwards to a remote modern upstream.

    Computed from the body that is sent (after inspection), never copied from the client: a
    header must not carry a value the policy removed from the body. ``Mcp-Param-*`` come from
    the tool's annotations when known; otherwise the client's are passed on only when the
    arguments went out unchanged (the upstream then validates them itself).
    """
    method = str(forwarded.get("method"))
    meta = _meta(forwarded) or {}
    headers = {"Mcp-Method": method}
    version = meta.get(PROTOCOL_VERSION_META_KEY)
    if isinstance(version, str):
        headers["MCP-Protocol-Version"] = version
    params = forwarded.get("params")
    key = NAMED_METHODS.get(method)
    if key is not None and isinstance(params, Mapping) and isinstance(params.get(key), str):
        headers["Mcp-Name"] = encode_header_value(params[key])
    if method != "tools/call" or not isinstance(params, Mapping):
        return headers
    schema = maps.schema(params.get("name"))
    arguments = params.get("arguments")
    if schema is not None:
        headers.update(mcp_param_headers(x_mcp_header_map(schema), arguments or {}))
    elif not args_changed:
        prefix = MCP_PARAM_HEADER_PREFIX.lower()
        headers.update({k: v for k, v in client_headers.items() if k.lower().startswith(prefix)})
    return headers


class HeaderMaps:
    """Input schemas with valid ``x-mcp-header`` annotations, learned from ``tools/list`` results."""

    def __init__(self) -> None:
        self._schemas: dict[str, Any] = {}

    def learn(self, tools_list_message: Any) -> None:
        """Remember the annotated input schemas of a ``tools/list`` response."""
        result = tools_list_message.get("result") if isinstance(tools_list_message, dict) else None
        tools = result.get("tools") if isinstance(result, dict) else None
        for tool in tools if isinstance(tools, list) else ():
            if not isinstance(tool, dict) or not isinstance(tool.get("name"), str):
                continue
            schema = tool.get("inputSchema")
            # A tool with invalid annotations is dropped by conforming clients: nothing to check.
            if x_mcp_header_map(schema) and find_invalid_x_mcp_header(schema) is None:
                self._schemas[tool["name"]] = schema
            else:
                self._schemas.pop(tool["name"], None)

    def schema(self, tool: Any) -> Any | None:
        """The annotated input schema of ``tool``, if one was seen."""
        return self._schemas.get(tool) if isinstance(tool, str) else None
