"""Which tools a caller may see and call: the policy's ``tool_access`` applied to MCP messages.

A tool the caller's roles do not grant is removed from every ``tools/list`` result, and a
``tools/call`` naming it is answered by the proxy with a policy error; the upstream never sees
it. Hiding and refusing go together: an agent that learned a tool name elsewhere (a prompt, an
earlier session) still cannot call it.
"""

from __future__ import annotations

from typing import Any

from dlp.context import InspectContext
from dlp.decision import Decision
from dlp.engine_parts import Policy
from dlp.jsonrpc import error_response
from dlp.outcome import Outcome
from dlp.policy.checks import TOOL_ACCESS_RULE_ID


def may_call(policy: Policy, tool: str | None, context: InspectContext) -> bool:
    """Whether the caller in ``context`` may use ``tool`` (a call with no tool name is refused)."""
    if not policy.restricts_tools:
        return True
    return tool is not None and policy.tool_access(tool, context.roles, context.connector) is not None


def visible_tools(policy: Policy, message: Any, context: InspectContext) -> Any:
    """``message`` (a ``tools/list`` response) without the tools the caller may not use."""
    if not policy.restricts_tools or not isinstance(message, dict):
        return message
    result = message.get("result")
    tools = result.get("tools") if isinstance(result, dict) else None
    if not isinstance(result, dict) or not isinstance(tools, list):
        return message
    kept = [
        tool
        for tool in tools
        if isinstance(tool, dict) and may_call(policy, _name(tool.get("name")), context)
    ]
    if len(kept) == len(tools):
        return message
    return {**message, "result": {**result, "tools": kept}}


def refusal(policy: Policy, message: Any, rule_id: str = TOOL_ACCESS_RULE_ID) -> Outcome:
    """The blocked outcome the proxy answers with itself (audited like a policy block).

    ``rule_id`` is ``tool-access`` for a tool the caller may not use, ``kill-switch`` while all
    forwarding is stopped.
    """
    error = error_response(message, "blocked", rule_id=rule_id)
    decision = Decision(
        blocked_by=rule_id,
        policy_name=policy.name,
        policy_version=policy.version,
        policy_sha256=policy.sha256,
        matched_rules=(rule_id,),
    )
    return Outcome(
        message=error, findings=(), decision=decision, blocked=True, error=error["error"] if error else None
    )


def _name(value: Any) -> str | None:
    return value if isinstance(value, str) else None
