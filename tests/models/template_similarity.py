"""When two tool-output templates count as the same wording (shared by the evaluation-set tests), and
the templates and keys of every set but one, read when the test runs."""

from __future__ import annotations

import importlib
import pkgutil
import re
from difflib import SequenceMatcher
from types import ModuleType

import dlp.models.train as train_pkg
from dlp.models.train import hints_eval, prepare

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


def other_modules(own: str) -> list[ModuleType]:
    """Every ``templates*`` module but ``own`` (e.g. ``"templates_fresh"``), the recipe, and the
    held-out key lists: a templates module added after ``own`` was written is included."""
    names = [
        info.name
        for info in pkgutil.iter_modules(train_pkg.__path__)
        if info.name.startswith("templates") and info.name != own
    ]
    mods = [importlib.import_module(f"dlp.models.train.{name}") for name in sorted(names)]
    return [*mods, prepare, hints_eval]


def _own_values(own: str) -> set[int]:
    """Identities of ``own``'s values, so that a module importing them does not count them as its own."""
    return {id(value) for value in vars(importlib.import_module(f"dlp.models.train.{own}")).values()}


def other_template_sets(own: str) -> dict[str, tuple[str, ...]]:
    """Named template tuples of every module but ``own``, as they are at run time."""
    mine = _own_values(own)
    found: dict[str, tuple[str, ...]] = {}
    for mod in other_modules(own):
        for attr, value in vars(mod).items():
            if not (attr.isupper() and isinstance(value, tuple) and value and id(value) not in mine):
                continue
            # Template sets are the string tuples with slots (not label or file-name lists).
            if all(isinstance(v, str) for v in value) and any("{" in v for v in value):
                found[f"{mod.__name__}.{attr}"] = value
    return found


def other_key_tails(own: str) -> set[str]:
    """Field path tails of the ``*_KEYS`` lists of every module but ``own`` (person keys and the rest)."""
    mine = _own_values(own)
    tails: set[str] = set()
    for mod in other_modules(own):
        for attr, value in vars(mod).items():
            if attr.endswith("_KEYS") and isinstance(value, tuple) and id(value) not in mine:
                tails.update(str(row[0]) for row in value if isinstance(row, tuple))
    return tails
