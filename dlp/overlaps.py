"""Make a slot's decided findings disjoint, once, in one tested place.

Detectors overlap all the time: a phone-number candidate inside a card number, a PERSON from NER
inside an e-mail address or a street address, two secret rules on one token. Operators rewrite
on the original text and need disjoint spans, so the engine asks the policy for every finding's
action first and settles every overlap here, by two rules that must not be confused:

* Protection: findings the policy remediates (any action but ``allow``) that overlap, directly or
  through a chain, become one region spanning the union of their characters, and the region gets
  the strictest of their actions. Keeping one finding and dropping the other would let the
  loser's characters outside the winner go out raw (an NER name inside a street address, an
  address's house number and postcode in clear).
* Naming: the region is recorded and labelled as its most specific reading, so that a model's
  guess never relabels a value a pattern rule recognised (an IBAN read as a PERSON stays an
  IBAN). The caller says how specific each reading is (``rank``: the engine ranks pattern rules
  over NER and name hints); between equals, a credential, payment or health entity over a
  general personal one (a password in a URL is not an e-mail address, an IBAN is not a phone
  number), then the higher score, the longer span, the earlier start, then the detector and
  entity names, so the result never depends on detector order. The policy's actions play no
  part in naming: a phone number raised to PHI in health context is redacted, but an IBAN read
  across it still names the region.

Allowed findings need no cover; one is kept, for the audit trail, only where no region is, and
overlapping allowed findings keep the most specific reading per place.

Container entities (SOURCE_CODE) are a separate layer settled by the same rules: a code block and
a secret inside it are both kept, because the policy may allow the code but must still redact the
secret, or tombstone the code and with it everything inside. :func:`subsume` settles that.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from dlp.decision import ACTION_STRENGTH, Action, FindingAction, TombstoneScope
from dlp.entities import DataClass, data_class_of

#: Entities that describe a region (a code block) rather than a value inside it.
CONTAINER_ENTITIES = frozenset({"SOURCE_CODE"})

#: How specific a reading is; higher names a region.
Rank = Callable[[FindingAction], int]


def _no_rank(_item: FindingAction) -> int:
    return 0


def resolve(actions: Iterable[FindingAction], rank: Rank = _no_rank) -> list[FindingAction]:
    """Disjoint actions of one slot, sorted by start: overlapping remediations merged, allowed
    readings kept only where nothing is remediated (see the module docstring)."""
    containers: list[FindingAction] = []
    values: list[FindingAction] = []
    for item in actions:
        (containers if item.finding.entity in CONTAINER_ENTITIES else values).append(item)
    kept = _settle(values, rank) + _settle(containers, rank)
    return sorted(kept, key=lambda item: (item.finding.start, item.finding.end, item.finding.entity))


#: Sort key naming a region, most specific reading first; the last fields only make the order
#: total, so that the result never depends on the order findings came in.
_NameKey = tuple[int, int, float, int, int, str, str, str, str, int, str, str]
_Naming = Callable[[FindingAction], _NameKey]


def _settle(items: list[FindingAction], rank: Rank) -> list[FindingAction]:
    if len(items) < 2:
        return items

    def naming(item: FindingAction) -> _NameKey:
        finding = item.finding
        return (
            -rank(item),
            data_class_of(finding.entity) is DataClass.PII,
            -finding.score,
            -finding.length,
            finding.start,
            finding.detector,
            finding.entity,
            item.rule_id,
            item.action,
            item.keep_last,
            item.mask_char,
            item.scope,
        )

    remediated = sorted(
        (item for item in items if item.action is not Action.ALLOW),
        key=lambda item: (item.finding.start, -item.finding.end),
    )
    kept: list[FindingAction] = []  # sorted by start, pairwise disjoint
    group: list[FindingAction] = []
    group_end = -1
    for item in remediated:
        if group and item.finding.start >= group_end:
            kept.append(_region(group, group_end, naming))
            group = []
        group_end = max(group_end, item.finding.end) if group else item.finding.end
        group.append(item)
    if group:
        kept.append(_region(group, group_end, naming))
    if len(kept) == len(items):
        return kept
    starts = [item.finding.start for item in kept]
    for item in sorted((item for item in items if item.action is Action.ALLOW), key=naming):
        index = bisect.bisect_left(starts, item.finding.start)
        if (index < len(kept) and kept[index].finding.start < item.finding.end) or (
            index > 0 and kept[index - 1].finding.end > item.finding.start
        ):
            continue
        starts.insert(index, item.finding.start)
        kept.insert(index, item)
    return kept


def _region(group: list[FindingAction], end: int, naming: _Naming) -> FindingAction:
    """One action for overlapping remediations: the strictest action over their union, named by
    the most specific reading."""
    if len(group) == 1:
        return group[0]
    name = min(group, key=naming).finding
    acting = min(group, key=lambda item: (*_strictness(item), naming(item)))
    start = group[0].finding.start
    if acting.finding == name and name.start == start and name.end == end:
        return acting
    return replace(acting, finding=replace(name, start=start, end=end))


def _strictness(item: FindingAction) -> tuple[int, int, int]:
    """Sort key, strictest first: stronger action, a response-wide tombstone over a field one,
    the mask that shows fewest characters."""
    return (
        -ACTION_STRENGTH[item.action],
        0 if item.scope is TombstoneScope.RESPONSE else 1,
        item.keep_last if item.action is Action.MASK else 0,
    )


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
