"""The explicit registry of detector families: no import scanning, no plugins found by magic.

Pattern families contribute :class:`PatternRule` tuples that are compiled together into one
scanner; other detectors (NER, source code, Presidio) are classes the engine wiring builds.
"""

from __future__ import annotations

from dlp.classifiers import pci, phi, pii, secrets
from dlp.classifiers.patterns import PatternRule

#: family name -> its rules. Family names appear in rule names (``pci.credit_card``).
PATTERN_FAMILIES: dict[str, tuple[PatternRule, ...]] = {
    "pii": pii.RULES,
    "pci": pci.RULES,
    "phi": phi.RULES,
    "secrets": secrets.RULES,
}


def all_pattern_rules(families: tuple[str, ...] | None = None) -> tuple[PatternRule, ...]:
    """Rules of the named families (all when None), in a stable order."""
    chosen = PATTERN_FAMILIES if families is None else {f: PATTERN_FAMILIES[f] for f in families}
    return tuple(rule for rules in chosen.values() for rule in rules)
