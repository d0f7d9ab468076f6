"""SECRET pattern rules: provider tokens, private keys, JWTs, credentials in URLs and assignments.

Each module holds one family of providers; ``RULES`` concatenates them in a fixed order (the
registry and the scanner key rules by name, so the order only matters for reproducible output).
Every rule reports entity ``SECRET`` with ``kind`` = the rule id and name ``secrets.<kind>``.
"""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.secrets import (
    ai,
    cloud,
    databases,
    devtools,
    generic,
    infra,
    messaging,
    observability,
    payments,
    social,
    structural,
    vcs,
)

#: Family module name -> its rules, for reports and per-family tests.
FAMILIES: dict[str, tuple[PatternRule, ...]] = {
    "cloud": cloud.RULES,
    "vcs": vcs.RULES,
    "payments": payments.RULES,
    "messaging": messaging.RULES,
    "ai": ai.RULES,
    "databases": databases.RULES,
    "devtools": devtools.RULES,
    "observability": observability.RULES,
    "infra": infra.RULES,
    "social": social.RULES,
    "structural": structural.RULES,
    "generic": generic.RULES,
}

RULES: tuple[PatternRule, ...] = tuple(rule for rules in FAMILIES.values() for rule in rules)

__all__ = ["FAMILIES", "RULES"]
