"""PHI pattern rules (placeholder until the family is written)."""

from __future__ import annotations

from dlp.classifiers.patterns import PatternRule

RULES: tuple[PatternRule, ...] = ()
