"""Make a slot's findings disjoint, once, in one tested place.

Detectors overlap all the time: a phone-number candidate inside a card number, a PERSON from NER
inside an e-mail address, two secret rules on one token. Operators rewrite right to left on the
original text and need disjoint spans, so every overlap is settled here by one ordering: higher
score first, then longer span, then earlier start, then detector name (so the result never
depends on detector order).

Container entities (SOURCE_CODE) are a separate layer: a code block and a secret inside it are
both kept, because the policy may allow the code but must still redact the secret, or tombstone
the code and with it everything inside. :func:`subsume` settles that after the policy has
decided.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from dlp.decision import Action, FindingAction
from dlp.findings import Finding

#: Entities that describe a region (a code block) rather than a value inside it.
CONTAINER_ENTITIES = frozenset({"SOURCE_CODE"})


def _priority(finding: Finding) -> tuple[float, int, int, str, str]:
    return (-finding.score, -finding.length, finding.start, finding.detector, finding.entity)


def resolve(findings: Iterable[Finding]) -> list[Finding]:
    """Disjoint findings sorted by start: each overlap is won by (score, length, start, name)."""
    containers: list[Finding] = []
    values: list[Finding] = []
    for finding in findings:
        (containers if finding.entity in CONTAINER_ENTITIES else values).append(finding)
    return sorted(_disjoint(values) + _disjoint(containers), key=lambda f: (f.start, f.end, f.entity))


def _disjoint(findings: list[Finding]) -> list[Finding]:
    starts: list[int] = []
    kept: list[Finding] = []  # sorted by start, pairwise disjoint
    for finding in sorted(findings, key=_priority):
        index = bisect.bisect_left(starts, finding.start)
        overlaps_next = index < len(kept) and kept[index].start < finding.end
        overlaps_previous = index > 0 and kept[index - 1].end > finding.start
        if overlaps_next or overlaps_previous:
            continue
        starts.insert(index, finding.start)
        kept.insert(index, finding)
    return kept


def subsume(actions: Sequence[FindingAction]) -> list[FindingAction]:
    """Actions to apply to one slot: a remediated container swallows the findings inside it.

    An allowed container leaves the findings inside it to their own actions; a container that is
    redacted, masked or tombstoned replaces them, so no inner span is rewritten twice.
    """
    active = [item for item in actions if item.action is not Action.ALLOW]
    containers = [item for item in active if item.finding.entity in CONTAINER_ENTITIES]
    if not containers:
        return active
    covered = [(c.finding.start, c.finding.end) for c in containers]
    kept = list(containers)
    for item in active:
        if item.finding.entity in CONTAINER_ENTITIES:
            continue
        if any(start < item.finding.end and item.finding.start < end for start, end in covered):
            continue
        kept.append(item)
    return sorted(kept, key=lambda item: item.finding.start)
