"""Hash chaining and verification of the audit trail.

Each stored event carries ``seq`` (1, 2, 3...), ``prev_hash`` (the previous event's hash; 64
zeros for the first) and ``hash`` = SHA-256 over ``prev_hash`` and the canonical JSON of the
event including ``seq``. Editing, deleting, inserting or reordering an event breaks a link that
:func:`verify_chain` reports by sequence number.

Someone with write access to the store could rebuild the chain after an edit; checkpoints defeat
that: at intervals the store signs ``(seq, hash)`` of the chain head with an HMAC key kept
outside the database, so a rebuilt chain no longer matches its signed checkpoints, and a
truncated trail ends before its last checkpoint.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_json(value: Mapping[str, Any]) -> str:
    """Deterministic JSON: sorted keys, no insignificant white space, UTF-8 as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link_hash(prev_hash: str, seq: int, body: Mapping[str, Any]) -> str:
    """Hash of one link: binds the previous hash, the position and the content."""
    payload = f"{prev_hash}\n{seq}\n{canonical_json(body)}".encode()
    return hashlib.sha256(payload).hexdigest()


def checkpoint_mac(key: bytes, seq: int, head_hash: str) -> str:
    """Signature of a chain head."""
    return hmac.new(key, f"{seq}:{head_hash}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as the store keeps it."""

    seq: int
    prev_hash: str
    hash: str
    body: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed chain head."""

    seq: int
    head_hash: str
    mac: str


@dataclass(frozen=True, slots=True)
class Problem:
    """One way the trail is not what was written."""

    seq: int | None
    kind: str  # edited | missing | inserted | out_of_order | broken_link | truncated | forged_checkpoint
    message: str


def verify_chain(
    events: Iterable[StoredEvent], checkpoints: Iterable[Checkpoint], key: bytes
) -> list[Problem]:
    """Every problem found in the trail; an empty list means it is intact."""
    problems: list[Problem] = []
    by_seq: dict[int, StoredEvent] = {}
    expected_seq = 1
    expected_prev = GENESIS
    last_seq = 0
    for event in events:
        if event.seq < expected_seq:
            kind = "out_of_order" if event.seq in by_seq else "inserted"
            problems.append(
                Problem(event.seq, kind, f"event seq {event.seq} appears again after seq {expected_seq - 1}")
            )
        elif event.seq > expected_seq:
            gap = f"{expected_seq}" if event.seq == expected_seq + 1 else f"{expected_seq}..{event.seq - 1}"
            problems.append(Problem(expected_seq, "missing", f"events seq {gap} are missing (deleted)"))
        if link_hash(event.prev_hash, event.seq, event.body) != event.hash:
            problems.append(
                Problem(event.seq, "edited", f"event seq {event.seq} does not match its hash (edited)")
            )
        elif event.prev_hash != expected_prev and event.seq >= expected_seq:
            problems.append(
                Problem(
                    event.seq,
                    "broken_link",
                    f"event seq {event.seq} does not follow the event before it "
                    "(an event was deleted, inserted or reordered before it)",
                )
            )
        by_seq.setdefault(event.seq, event)
        expected_seq = max(expected_seq, event.seq + 1)
        expected_prev = event.hash
        last_seq = max(last_seq, event.seq)
    for checkpoint in checkpoints:
        if not hmac.compare_digest(checkpoint.mac, checkpoint_mac(key, checkpoint.seq, checkpoint.head_hash)):
            problems.append(
                Problem(
                    checkpoint.seq,
                    "forged_checkpoint",
                    f"checkpoint at seq {checkpoint.seq} has an invalid signature",
                )
            )
        elif checkpoint.seq > last_seq:
            problems.append(
                Problem(
                    checkpoint.seq,
                    "truncated",
                    f"trail ends at seq {last_seq} but a signed checkpoint covers seq {checkpoint.seq}",
                )
            )
        elif checkpoint.seq in by_seq and by_seq[checkpoint.seq].hash != checkpoint.head_hash:
            problems.append(
                Problem(
                    checkpoint.seq,
                    "edited",
                    f"the chain up to seq {checkpoint.seq} differs from what was signed (rewritten)",
                )
            )
    return problems
