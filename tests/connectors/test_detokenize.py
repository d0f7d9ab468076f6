"""Tokens the agent passes back become originals only for tools the policy names and the vault grants."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from dlp.connectors.detokenize import TokenRestorer
from dlp.context import Direction, InspectContext
from dlp.decision import OperatorContext
from dlp.policy import load_policy_text
from dlp.vault import EnvKeyProvider, VaultStore, parse_access_rules

POLICY = """
name: detokenize-test
rules:
  - id: tokenize-contacts
    match: {entities: [EMAIL_ADDRESS, PHONE_NUMBER]}
    action: tokenize
detokenize:
  - tools: [send_email]
    entities: [EMAIL_ADDRESS]
  - tools: [crm_*]
    connectors: [salesforce]
"""

ACCESS = """
version: 1
roles:
  detokenizer:
    entities: [EMAIL_ADDRESS, PHONE_NUMBER]
    connectors: ["*"]
"""

EMAIL = "ada.lovelace@example.org"
PHONE = "+44 20 7946 0958"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[VaultStore]:
    keys = EnvKeyProvider({"DLP_VAULT_KEK": base64.b64encode(secrets.token_bytes(32)).decode()})
    vault = VaultStore.open(
        f"sqlite:///{tmp_path / 'vault.db'}", keys, parse_access_rules(ACCESS, "access.yaml")
    )
    yield vault
    vault.close()


def call(tool: str, arguments: dict[str, object]) -> dict[str, object]:
    return {
        "jsonrpc": "2.0",
        "id": 9,
        "method": "tools/call",
        "params": {"name": tool, "arguments": arguments},
    }


def context(tool: str, connector: str | None = None, tenant: str = "acme") -> InspectContext:
    return InspectContext(
        direction=Direction.REQUEST, tool=tool, connector=connector, tenant=tenant, user="agent"
    )


def test_named_tool_gets_the_original_and_the_event_has_no_value(store: VaultStore) -> None:
    policy = load_policy_text(POLICY, "policy.yaml")
    email_token = store.tokenize(EMAIL, "EMAIL_ADDRESS", OperatorContext(tenant="acme"))
    phone_token = store.tokenize(PHONE, "PHONE_NUMBER", OperatorContext(tenant="acme"))
    restorer = TokenRestorer(store, policy)
    restored = restorer.restore(
        call("send_email", {"to": email_token, "body": f"call {phone_token}"}), context("send_email")
    )
    arguments = restored.message["params"]["arguments"]
    assert arguments["to"] == EMAIL
    assert arguments["body"] == f"call {phone_token}", "PHONE_NUMBER is not listed for send_email"
    assert restored.event is not None and restored.event.detail["outcomes"] == {"ok": 1}
    assert EMAIL not in restored.event.model_dump_json()


def test_other_tools_connectors_and_tenants_keep_tokens(store: VaultStore) -> None:
    policy = load_policy_text(POLICY, "policy.yaml")
    token = store.tokenize(EMAIL, "EMAIL_ADDRESS", OperatorContext(tenant="acme"))
    restorer = TokenRestorer(store, policy)
    for message, ctx in [
        (call("post_to_slack", {"text": token}), context("post_to_slack")),
        (call("crm_update", {"email": token}), context("crm_update", connector="hubspot")),
        (call("send_email", {"to": token}), context("send_email", tenant="globex")),
    ]:
        restored = restorer.restore(message, ctx)
        assert EMAIL not in str(restored.message)
    crm = restorer.restore(
        call("crm_update", {"email": token}), context("crm_update", connector="salesforce")
    )
    assert crm.message["params"]["arguments"]["email"] == EMAIL


def test_without_the_detokenizer_role_nothing_is_restored(tmp_path: Path) -> None:
    keys = EnvKeyProvider({"DLP_VAULT_KEK": base64.b64encode(secrets.token_bytes(32)).decode()})
    vault = VaultStore.open(
        f"sqlite:///{tmp_path / 'v.db'}", keys, parse_access_rules("version: 1\n", "a.yaml")
    )
    try:
        token = vault.tokenize(EMAIL, "EMAIL_ADDRESS", OperatorContext(tenant="acme"))
        restored = TokenRestorer(vault, load_policy_text(POLICY, "p.yaml")).restore(
            call("send_email", {"to": token}), context("send_email")
        )
        assert restored.message["params"]["arguments"]["to"] == token
        assert restored.event is not None and restored.event.detail["outcomes"] == {"access_denied": 1}
    finally:
        vault.close()
