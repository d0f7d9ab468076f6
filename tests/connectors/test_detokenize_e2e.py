"""An agent acts on data it never saw: a token it read becomes the original only for the named tool."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.connectors.live import dump, live_session, node_server, wrap_params

EMAIL = "grace.hopper@example.org"
POLICY = """
name: tokenize-and-act
rules:
  - id: tokenize-email
    match: {entities: [EMAIL_ADDRESS], direction: response}
    action: tokenize
  - id: allow-outgoing-email
    match: {entities: [EMAIL_ADDRESS], direction: request}
    action: allow
detokenize:
  - tools: [write_file]
    entities: [EMAIL_ADDRESS]
"""
ACCESS = """
version: 1
roles:
  detokenizer:
    entities: [EMAIL_ADDRESS]
    connectors: ["*"]
"""
TOKEN = re.compile(r"\[\[EMAIL_ADDRESS:tk_[0-9A-Za-z]+\]\]")


def test_token_read_back_reaches_only_the_named_tool(tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    (files / "contact.txt").write_text(f"Customer contact: {EMAIL}\n", encoding="utf-8")
    (tmp_path / "policy.yaml").write_text(POLICY, encoding="utf-8")
    (tmp_path / "access.yaml").write_text(ACCESS, encoding="utf-8")
    params = wrap_params(
        [node_server("mcp-server-filesystem"), str(files)],
        tmp_path / "data",
        env={
            "DLP_POLICY": str(tmp_path / "policy.yaml"),
            "DLP_VAULT_ACCESS_RULES": str(tmp_path / "access.yaml"),
        },
    )
    with live_session(params) as live:
        read = live.call(live.session.call_tool, "read_text_file", {"path": str(files / "contact.txt")})
        seen = dump(read)
        assert EMAIL not in seen
        token = TOKEN.search(seen)
        assert token is not None, "the agent sees a token"
        # The named tool gets the original...
        live.call(
            live.session.call_tool,
            "write_file",
            {"path": str(files / "reply.txt"), "content": f"To: {token.group(0)}"},
        )
        # ...any other tool keeps the token (the path is an argument of create_directory).
        live.call(live.session.call_tool, "create_directory", {"path": str(files / token.group(0))})
    assert (files / "reply.txt").read_text(encoding="utf-8") == f"To: {EMAIL}"
    assert (files / token.group(0)).is_dir()
    mirror = (tmp_path / "data" / "audit.jsonl").read_text(encoding="utf-8")
    assert EMAIL not in mirror
    events = [json.loads(line) for line in mirror.splitlines()]
    detokenized = [e for e in events if e["kind"] == "reidentify"]
    assert detokenized and detokenized[0]["detail"]["purpose"] == "detokenize"
    assert detokenized[0]["target"]["tool"] == "write_file"
