"""A real MCP server on the official SDK (``MCPServer``) for the gateway's stateless-mode tests.

Run ``python -m tests.connectors.modern_server stdio`` or ``... http <port>``; it serves both
protocol eras, as SDK servers do. Tools:

* ``billing_config``: structured output (and its text twin) carrying a planted Stripe key.
* ``confirm_export``: multi-round-trip (MRTR): the first call answers ``input_required`` with an
  elicitation that names a planted e-mail address and a ``requestState`` holding the Stripe key
  in readable JSON (the server does not seal it); the retry succeeds only if that state comes
  back byte for byte.
* ``count``: reports progress (each message names the planted e-mail address), then answers.
* ``nap``: answers after ``seconds``.
* ``whoami``: the server's process id (shows whether requests share one process).
* ``exit_now``: the process exits with status 3.
"""

from __future__ import annotations

import os
import sys

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.request_state import RequestStateSecurity
from mcp_types import (
    CallToolResult,
    ElicitRequest,
    ElicitRequestFormParams,
    ElicitResult,
    InputRequiredResult,
    TextContent,
)
from pydantic import BaseModel

from tests.connectors.planted import EMAIL, STRIPE_KEY

#: The state ``confirm_export`` mints: a secret the client must never read, and must echo exactly.
STATE = f"round-2|{STRIPE_KEY}|ünïcode ok"


class ReadableState:
    """A codec that leaves ``requestState`` readable JSON, as a server that does not protect it would."""

    def seal(self, payload: bytes) -> str:
        """The payload as text."""
        return payload.decode("utf-8")

    def unseal(self, token: str) -> bytes:
        """The text back as bytes (altered text fails the SDK's own envelope checks)."""
        return token.encode("utf-8")


server = MCPServer("dlp-modern-test", request_state_security=RequestStateSecurity(codec=ReadableState()))


class BillingConfig(BaseModel):
    """What ``billing_config`` returns."""

    service: str
    api_key: str
    timeout_seconds: int


@server.tool()
def billing_config() -> BillingConfig:
    """The billing service's settings."""
    return BillingConfig(service="billing", api_key=STRIPE_KEY, timeout_seconds=30)


@server.tool()
def confirm_export(account: str, ctx: Context) -> CallToolResult | InputRequiredResult:
    """Export an account's records after the user confirms."""
    if ctx.request_state is None:
        question = ElicitRequest(
            params=ElicitRequestFormParams(
                message=f"Export every record of {account}, owned by {EMAIL}?",
                requested_schema={"type": "object", "properties": {"ok": {"type": "boolean"}}},
            )
        )
        return InputRequiredResult(input_requests={"confirm": question}, request_state=STATE)
    if ctx.request_state != STATE:
        raise ToolError("requestState came back altered")
    answer = (ctx.input_responses or {}).get("confirm")
    action = answer.action if isinstance(answer, ElicitResult) else "missing"
    return CallToolResult(content=[TextContent(type="text", text=f"export of {account}: {action}")])


@server.tool()
async def count(steps: int, ctx: Context) -> str:
    """Count to ``steps``, reporting progress."""
    for step in range(1, steps + 1):
        await ctx.report_progress(step, steps, f"step {step}, reported to {EMAIL}")
    return f"counted to {steps}"


@server.tool()
async def nap(seconds: float) -> str:
    """Answer after ``seconds``."""
    await anyio.sleep(seconds)
    return f"slept {seconds:g} s"


@server.tool()
def whoami() -> str:
    """This server's process id."""
    return str(os.getpid())


@server.tool()
def exit_now() -> str:
    """Exit with status 3 without answering."""
    sys.stdout.flush()
    os._exit(3)


def main() -> None:
    """Serve over stdio, or over Streamable HTTP on ``127.0.0.1:<port>/mcp``."""
    if sys.argv[1] == "stdio":
        server.run("stdio")
        return
    import uvicorn  # noqa: PLC0415

    uvicorn.run(server.streamable_http_app(), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")


if __name__ == "__main__":
    main()
