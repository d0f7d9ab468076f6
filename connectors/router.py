"""What the proxy does with one JSON-RPC message, independent of the transport.

The router remembers which request each id belongs to (so a result knows it answers
``tools/call`` for tool ``send_email``), inspects every message in the right direction, and
says where the result goes: on to the other side, back to the sender (a blocked request is
answered with an error), or nowhere (a blocked notification). A message the engine did not
change is forwarded as the original bytes, so everything the policy does not touch (ids,
ordering, unknown fields, number formatting) arrives exactly as sent. The policy's
``tool_access`` is applied here too: a caller sees and may call only the tools its roles grant.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from fnmatch import fnmatchcase
from typing import Any

from dlp.connectors.schemas import OutputSchemas
from dlp.connectors.tool_access import may_call, refusal, visible_tools
from dlp.context import Direction, InspectContext
from dlp.engine import Engine, Outcome
from dlp.jsonrpc import BLOCKED_CODE, FAILED_CODE
from dlp.policy.checks import KILL_SWITCH_RULE_ID

#: JSON-RPC's own code for a message that is not valid JSON.
PARSE_ERROR = -32700


class Side(StrEnum):
    """The two ends of the proxy."""

    CLIENT = "client"
    UPSTREAM = "upstream"


@dataclass(frozen=True, slots=True)
class Delivery:
    """Bytes (one JSON-RPC message, no newline) to send to one side."""

    to: Side
    data: bytes


@dataclass(frozen=True, slots=True)
class _Pending:
    #: The id exactly as the sender wrote it (the dict key is a type-tagged form of it).
    msg_id: Any
    method: str
    tool: str | None
    since: float


Recorder = Callable[[Outcome, InspectContext, int], None]
#: Client requests whose ``uri`` must fall inside the connector's resource scope.
_SCOPED_METHODS = frozenset({"resources/read", "resources/subscribe"})
#: Swaps vault tokens in an outgoing tool call for originals, where policy and vault allow.
Restorer = Callable[[Any, InspectContext], Any]


def _encode(message: Any) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", errors="surrogatepass"
    )


def error_message(msg_id: Any, code: int, text: str, reason: str) -> bytes:
    """A JSON-RPC error response from the proxy itself."""
    return _encode(
        {"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": text, "data": {"reason": reason}}}
    )


class Router:
    """Inspects and routes messages between one client and one upstream server; thread-safe."""

    def __init__(
        self,
        engine: Engine,
        base_context: InspectContext,
        *,
        record: Recorder | None = None,
        restore: Restorer | None = None,
        resource_scope: Sequence[str] = (),
        on_out_of_scope: Callable[[InspectContext, str], None] | None = None,
        halted: Callable[[], bool] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engine = engine
        self._base = base_context
        self._record = record
        self._restore = restore
        self._resource_scope = tuple(resource_scope)
        self._on_out_of_scope = on_out_of_scope
        #: The kill switch: while it answers True nothing is forwarded in either direction.
        self._halted = halted
        self._clock = clock
        self._client_requests: dict[Any, _Pending] = {}
        self._upstream_requests: dict[Any, _Pending] = {}
        self._lock = threading.Lock()
        self._schemas = OutputSchemas()

    # -- entry points --------------------------------------------------------------------------

    def from_client(self, raw: bytes) -> list[Delivery]:
        """A message the client (agent) sent towards the server."""
        return self._route(raw, Side.CLIENT)

    def from_upstream(self, raw: bytes) -> list[Delivery]:
        """A message the server sent towards the client."""
        return self._route(raw, Side.UPSTREAM)

    def upstream_gone(self, reason: str) -> list[Delivery]:
        """Errors for every client request still waiting when the upstream exits or breaks."""
        with self._lock:
            waiting = [p.msg_id for p in self._client_requests.values()]
            self._client_requests.clear()
        text = f"The upstream MCP server {reason}; the request was not answered"
        return [
            Delivery(Side.CLIENT, error_message(i, FAILED_CODE, text, "upstream_failed")) for i in waiting
        ]

    def expire(self, timeout_s: float) -> list[Delivery]:
        """Errors for client requests the upstream has not answered within ``timeout_s``."""
        now = self._clock()
        with self._lock:
            late = [key for key, p in self._client_requests.items() if now - p.since > timeout_s]
            late_ids = [self._client_requests.pop(key).msg_id for key in late]
        text = f"The upstream MCP server did not answer within {timeout_s:g} s"
        return [
            Delivery(Side.CLIENT, error_message(i, FAILED_CODE, text, "upstream_timeout")) for i in late_ids
        ]

    def stopped(self) -> bool:
        """Whether the kill switch stops this router now (its connection should be revoked)."""
        return self._halted is not None and self._halted()

    @property
    def waiting(self) -> int:
        """Client requests not yet answered."""
        with self._lock:
            return len(self._client_requests)

    # -- routing -------------------------------------------------------------------------------

    def _route(self, raw: bytes, sender: Side) -> list[Delivery]:
        receiver = Side.UPSTREAM if sender is Side.CLIENT else Side.CLIENT
        try:
            message = json.loads(raw)
        except (ValueError, RecursionError):
            return self._unparseable(sender)
        if not isinstance(message, dict):
            # Batches were removed from MCP in 2025-06-18; inspect them whole and pass them on.
            return self._inspect_and_send(message, raw, sender, receiver, None, None)
        if sender is Side.CLIENT and not self._in_scope(message):
            return self._out_of_scope(message)
        method, tool = self._correlate(message, sender)
        if self._halted is not None and self._halted():
            return self._halt(message, raw, sender, receiver, method, tool)
        return self._inspect_and_send(message, raw, sender, receiver, method, tool)

    def _halt(
        self, message: dict[str, Any], raw: bytes, sender: Side, receiver: Side, method: str | None,
        tool: str | None,
    ) -> list[Delivery]:  # fmt: skip
        """Kill switch on: requests are refused, responses replaced by errors, notifications dropped."""
        outcome = refusal(self._engine.policy, message, KILL_SWITCH_RULE_ID)
        if self._record is not None and "id" in message:
            direction = Direction.REQUEST if sender is Side.CLIENT else Direction.RESPONSE
            context = self._base.model_copy(update={"direction": direction, "method": method, "tool": tool})
            self._record(outcome, context, len(raw))
        return self._refuse(message, outcome, sender, receiver)

    def _in_scope(self, message: dict[str, Any]) -> bool:
        """Whether a resource request names a URI the connector's scope allows."""
        if not self._resource_scope or message.get("method") not in _SCOPED_METHODS:
            return True
        params = message.get("params")
        uri = params.get("uri") if isinstance(params, dict) else None
        return isinstance(uri, str) and any(fnmatchcase(uri, glob) for glob in self._resource_scope)

    def _out_of_scope(self, message: dict[str, Any]) -> list[Delivery]:
        method = str(message.get("method"))
        context = self._base.model_copy(update={"direction": Direction.REQUEST, "method": method})
        if self._on_out_of_scope is not None:
            params = message.get("params")
            uri = params.get("uri") if isinstance(params, dict) else None
            # Only the scheme is recorded: a URI can itself carry personal data (file names).
            scheme = uri.split(":", 1)[0] if isinstance(uri, str) and ":" in uri else "<none>"
            self._on_out_of_scope(context, scheme)
        if "id" not in message:
            return []
        return [
            Delivery(
                Side.CLIENT,
                _encode(
                    {
                        "jsonrpc": "2.0",
                        "id": message["id"],
                        "error": {
                            "code": BLOCKED_CODE,
                            "message": "Blocked: the resource is outside this connector's permitted scope",
                            "data": {"rule": "resource-scope"},
                        },
                    }
                ),
            )
        ]

    def _correlate(self, message: dict[str, Any], sender: Side) -> tuple[str | None, str | None]:
        """The method (and tool) this message concerns, remembering requests for their answers."""
        own, other = (
            (self._client_requests, self._upstream_requests)
            if sender is Side.CLIENT
            else (self._upstream_requests, self._client_requests)
        )
        method = message.get("method")
        with self._lock:
            if isinstance(method, str):
                params = message.get("params")
                tool = params.get("name") if method == "tools/call" and isinstance(params, dict) else None
                tool = tool if isinstance(tool, str) else None
                if "id" in message:
                    own[_key(message["id"])] = _Pending(message["id"], method, tool, self._clock())
                elif method == "notifications/cancelled":
                    # The sender gave up on its request: it must not get an error for it later.
                    params = message.get("params")
                    if isinstance(params, dict) and "requestId" in params:
                        own.pop(_key(params["requestId"]), None)
                return method, tool
            pending = other.pop(_key(message.get("id")), None)
        return (pending.method, pending.tool) if pending else (None, None)

    def _inspect_and_send(
        self, message: Any, raw: bytes, sender: Side, receiver: Side, method: str | None, tool: str | None
    ) -> list[Delivery]:
        direction = Direction.REQUEST if sender is Side.CLIENT else Direction.RESPONSE
        context = self._base.model_copy(update={"direction": direction, "method": method, "tool": tool})
        policy = self._engine.policy
        if sender is Side.CLIENT and method == "tools/call" and not may_call(policy, tool, context):
            # Refused before inspection: the arguments never leave, whatever they hold.
            outcome = refusal(policy, message)
        else:
            outcome = self._engine.inspect(message, context)
        if sender is Side.UPSTREAM and not outcome.blocked and method in ("tools/list", "tools/call"):
            outcome = self._fit_schemas(message, outcome, method, tool)
            if method == "tools/list":
                outcome = replace(outcome, message=visible_tools(policy, outcome.message, context))
        if self._record is not None:
            self._record(outcome, context, len(raw))
        if outcome.blocked:
            return self._refuse(message, outcome, sender, receiver)
        forwarded = outcome.message
        if sender is Side.CLIENT and method == "tools/call" and self._restore is not None:
            # After inspection: the originals the vault hands back are meant for this tool only
            # and are never inspected or logged on their way out.
            forwarded = self._restore(forwarded, context)
        if forwarded == message:
            return [Delivery(receiver, raw)]
        return [Delivery(receiver, _encode(forwarded))]

    def _fit_schemas(self, message: Any, outcome: Outcome, method: str, tool: str | None) -> Outcome:
        if method == "tools/list":
            self._schemas.learn(outcome.message)
            return outcome
        fitted, tombstoned = self._schemas.conform(tool, message, outcome.message)
        if fitted is outcome.message:
            return outcome
        return replace(outcome, message=fitted, tombstoned=outcome.tombstoned or tombstoned)

    def _refuse(self, message: Any, outcome: Outcome, sender: Side, receiver: Side) -> list[Delivery]:
        if outcome.message is None:
            return []  # a notification: dropped
        is_request = isinstance(message, dict) and "method" in message
        if is_request:
            # The sender asked for something the policy refuses: it gets the error, the other
            # side never sees the request.
            with self._lock:
                (self._client_requests if sender is Side.CLIENT else self._upstream_requests).pop(
                    _key(message.get("id")), None
                )
            return [Delivery(sender, _encode(outcome.message))]
        return [Delivery(receiver, _encode(outcome.message))]

    def _unparseable(self, sender: Side) -> list[Delivery]:
        if sender is Side.CLIENT:
            return [
                Delivery(
                    Side.CLIENT,
                    error_message(
                        None, PARSE_ERROR, "Parse error: the message is not JSON", "malformed_message"
                    ),
                )
            ]
        # A server that writes non-JSON to stdout has broken the protocol: the line is never
        # passed on, and the requests waiting on it are answered now instead of hanging.
        return self.upstream_gone("wrote a line that is not JSON-RPC to its standard output")


def _key(msg_id: Any) -> Any:
    # JSON-RPC ids are strings or numbers; 1 and "1" are different ids.
    return (
        (type(msg_id).__name__, msg_id)
        if not isinstance(msg_id, (dict, list))
        else ("json", json.dumps(msg_id))
    )
