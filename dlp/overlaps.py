"""Make a slot's findings disjoint, once, in one tested place.

Detectors overlap all the time: a phone-number candidate inside a card number, a PERSON from NER
inside an e-mail address or a street address, two secret rules on one token. Operators rewrite
on the original text and need disjoint spans, so every overlap is settled here by one ordering:
the stronger remediation first (the engine passes how strongly the policy would act on each
finding, so a reading the policy redacts beats one it allows), then higher score, then longer
span, then earlier start, then detector name (so the result never depends on detector order).

Container entities (SOURCE_CODE) are a separate layer: a code block and a secret inside it are
both kept, because the policy may allow the code but must still redact the secret, or tombstone
the code and with it everything inside. :func:`subsume` settles that after the policy has
decided.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

from dlp.decision import Action, FindingAction
from dlp.findings import Finding

#: Entities that describe a region (a code block) rather than a value inside it.
CONTAINER_ENTITIES = frozenset({"SOURCE_CODE"})


def _no_strength(_finding: Finding) -> int:
    return 0


def resolve(findings: Iterable[Finding], strength: Callable[[Finding], int] = _no_strength) -> list[Finding]:
    """Disjoint findings sorted by start: each overlap is won by (strength, score, length, start, name)."""
    containers: list[Finding] = []
    values: list[Finding] = []
    for finding in findings:
        (containers if finding.entity in CONTAINER_ENTITIES else values).append(finding)
    kept = _disjoint(values, strength) + _disjoint(containers, strength)
    return sorted(kept, key=lambda f: (f.start, f.end, f.entity))


def _disjoint(findings: list[Finding], strength: Callable[[Finding], int]) -> list[Finding]:
    def priority(finding: Finding) -> tuple[int, float, int, int, str, str]:
        return (
            -strength(finding),
            -finding.score,
            -finding.length,
            finding.start,
            finding.detector,
            finding.entity,
        )

    starts: list[int] = []
    kept: list[Finding] = []  # sorted by start, pairwise disjoint
    for finding in sorted(findings, key=priority):
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
