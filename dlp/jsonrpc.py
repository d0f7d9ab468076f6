"""JSON-RPC shapes the engine produces: policy errors and tombstoned results.

Error codes live in the implementation-defined server range (-32000 to -32099) so clients can
tell a DLP verdict from an upstream error:

* ``-32001`` blocked by policy: ``data.rule`` names the rule.
* ``-32002`` inspection failed and the message was failed closed: ``data.reason`` is an error
  code (``payload_too_large``, ``inspection_failed``...), never payload content.
"""

from __future__ import annotations

from typing import Any, Literal

from dlp.operators.tombstone import notice

BLOCKED_CODE = -32001
FAILED_CODE = -32002


def error_response(
    message: Any, kind: Literal["blocked", "failed"], rule_id: str, failure: str | None = None
) -> dict[str, Any] | None:
    """The error response answering ``message``; None when it has no id (a notification)."""
    if not isinstance(message, dict) or "id" not in message:
        return None
    if kind == "blocked":
        error: dict[str, Any] = {
            "code": BLOCKED_CODE,
            "message": f"Blocked by data-loss-prevention policy (rule: {rule_id})",
            "data": {"rule": rule_id},
        }
    else:
        error = {
            "code": FAILED_CODE,
            "message": "Data-loss-prevention inspection failed; the message was withheld",
            "data": {"rule": rule_id, "reason": failure or "inspection_failed"},
        }
    return {"jsonrpc": "2.0", "id": message["id"], "error": error}


def tombstone_result(message: dict[str, Any], rule_id: str) -> dict[str, Any] | None:
    """``message`` with its whole payload replaced by a notice naming the rule.

    Results keep their MCP shape (tool result, resource contents, prompt messages) so clients
    render the notice; a tool result that carried ``structuredContent`` is marked ``isError``
    because the structured part is gone and a client must not validate the notice against the
    tool's output schema. Server-to-client requests cannot be tombstoned and become errors.
    """
    text = notice(rule_id)
    if "result" in message:
        result = message["result"] if isinstance(message["result"], dict) else {}
        if isinstance(result.get("contents"), list):
            uri = next((c.get("uri") for c in result["contents"] if isinstance(c, dict) and "uri" in c), "")
            new_result: dict[str, Any] = {"contents": [{"uri": uri, "mimeType": "text/plain", "text": text}]}
        elif isinstance(result.get("messages"), list):
            new_result = {"messages": [{"role": "user", "content": {"type": "text", "text": text}}]}
        else:
            new_result = {"content": [{"type": "text", "text": text}]}
            if "structuredContent" in result or result.get("isError"):
                new_result["isError"] = True
        return {**{k: v for k, v in message.items() if k != "result"}, "result": new_result}
    if "id" in message:
        return error_response(message, "blocked", rule_id)
    raw_params = message.get("params")
    params: dict[str, Any] = raw_params if isinstance(raw_params, dict) else {}
    kept = {k: v for k, v in params.items() if k in {"level", "logger", "progressToken", "progress", "total"}}
    return {**message, "params": {**kept, "data": text} if "level" in params else {**kept, "message": text}}
