"""The encrypted vault: tokenize originals, re-identify under access rules, rotate, purge, shred.

Typical wiring (the engine's ``tokenize`` operator, the CLI and the HTTP service)::

    from dlp.vault import VaultStore, load_access_rules
    store = VaultStore.from_config(config, load_access_rules(path))   # migrates the database
    token = store.tokenize(value, "EMAIL_ADDRESS", OperatorContext(tenant="acme"))
    results = store.reidentify([token], Requester("alice", ("support",), "acme"), "ticket 123")
"""

from __future__ import annotations

from dlp.vault.access import AccessRules, Requester, Verdict, load_access_rules, parse_access_rules
from dlp.vault.approvals import ApprovalRequest, ApprovalStatus
from dlp.vault.hashicorp import VaultTransitKeyProvider
from dlp.vault.keys import EnvKeyProvider, KeyProvider, KeyRing, LocalFileKeyProvider
from dlp.vault.keystore import RotationReport
from dlp.vault.migrations import migrate
from dlp.vault.reidentify import ReidResult, ReidStatus
from dlp.vault.store import VaultStore, default_key_provider, open_store
from dlp.vault.tokens import find_tokens, format_token, parse_token

__all__ = [
    "AccessRules",
    "ApprovalRequest",
    "ApprovalStatus",
    "EnvKeyProvider",
    "KeyProvider",
    "KeyRing",
    "LocalFileKeyProvider",
    "ReidResult",
    "ReidStatus",
    "Requester",
    "RotationReport",
    "VaultStore",
    "VaultTransitKeyProvider",
    "Verdict",
    "default_key_provider",
    "find_tokens",
    "format_token",
    "load_access_rules",
    "migrate",
    "open_store",
    "parse_access_rules",
    "parse_token",
]
