"""When two tool-output templates count as the same wording (shared by the evaluation-set tests)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

SLOT = re.compile(r"\{[a-z_0-9]+\}")
_TOKEN = re.compile(r"§|[a-z0-9]+|[^\sa-z0-9§]")
#: Token-sequence similarity from which two templates count as the same wording.
NEAR = 0.85


def tokens(template: str) -> list[str]:
    """Lower-cased words and punctuation, every slot the same placeholder ({person2} == {first})."""
    return _TOKEN.findall(SLOT.sub(" § ", template.lower()))


def near(a: str, b: str) -> bool:
    """Same wording: equal tokens, equal words up to punctuation, or a near-equal token sequence."""
    ta, tb = tokens(a), tokens(b)
    wa, wb = ([t for t in ts if t == "§" or t.isalnum()] for ts in (ta, tb))
    same_words = wa == wb and any(w != "§" for w in wa)
    return ta == tb or same_words or SequenceMatcher(None, ta, tb, autojunk=False).ratio() >= NEAR


def slots(template: str) -> list[str]:
    """Slot names of ``template`` in order."""
    return [m[1:-1] for m in SLOT.findall(template)]
