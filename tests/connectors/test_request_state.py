"""Sealed requestState tokens: bound to their caller, and shared by replicas that share the hash key."""

from __future__ import annotations

import os

from dlp.connectors.request_state import StateSealer, sealing_key

STATE = '{"step": 2, "account": "acct_123"}'
BINDING = ("git", "alice", "acme", ("analyst",), "tools/call", "export")


def test_replicas_with_the_same_hash_key_open_each_others_tokens() -> None:
    hash_key = os.urandom(32)
    first, second = StateSealer(60, key=sealing_key(hash_key)), StateSealer(60, key=sealing_key(hash_key))
    token = first.seal(STATE, BINDING)
    assert STATE not in token and "acct_123" not in token
    assert second.open(token, BINDING) == STATE


def test_another_deployment_another_binding_or_a_late_retry_cannot_open_it() -> None:
    now = [1000.0]
    sealer = StateSealer(60, key=sealing_key(os.urandom(32)), clock=lambda: now[0])
    token = sealer.seal(STATE, BINDING)
    assert StateSealer(60, key=sealing_key(os.urandom(32))).open(token, BINDING) is None
    assert sealer.open(token, (*BINDING[:-1], "delete_all")) is None
    # A character in the middle: the last one before padding may carry only ignored bits.
    middle = len(token) // 2
    altered = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]
    assert sealer.open(altered, BINDING) is None
    now[0] += 61
    assert sealer.open(token, BINDING) is None


def test_the_derived_key_is_not_the_hash_key() -> None:
    hash_key = os.urandom(32)
    assert sealing_key(hash_key) != hash_key and len(sealing_key(hash_key)) == 32
    assert repr(StateSealer(60, key=sealing_key(hash_key))) == "StateSealer(ttl_s=60)", "no key in a repr"
