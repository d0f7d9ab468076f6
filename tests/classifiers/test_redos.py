"""Every registered pattern rule finishes quickly on adversarial input (the ReDoS guard).

The bound is deliberately generous (seconds, not milliseconds): the test exists to catch
catastrophic backtracking, which takes minutes or hours, not to benchmark.
"""

from __future__ import annotations

import re
import time

import pytest

from dlp.classifiers.patterns import PatternRule
from dlp.classifiers.registry import all_pattern_rules

SIZE = 50_000
LIMIT_SECONDS = 2.0
_MIX = "aZ09_-+/=.~:@"

GENERIC_INPUTS: dict[str, str] = {
    "a": "a" * SIZE,
    "A": "A" * SIZE,
    "digits": "7" * SIZE,
    "equals": "=" * SIZE,
    "spaces": " " * SIZE,
    "hex": ("0123456789abcdef" * (SIZE // 16 + 1))[:SIZE],
    "mixed": (_MIX * (SIZE // len(_MIX) + 1))[:SIZE],
    "pem": "-----BEGIN " * (SIZE // 11),
    "pem_header": "-----BEGIN RSA PRIVATE KEY-----\n" * (SIZE // 32),
    "userinfo": "://:@" * (SIZE // 5),
    "scheme_userinfo": "postgres://u:p" * (SIZE // 14),
    "assign": "password=" * (SIZE // 9),
    "quotes": '"password": "' * (SIZE // 13),
    "dots": "eyJ." * (SIZE // 4),
}


def _leading_literal(regex: str) -> str:
    """The literal text a rule's expression must start with (after look-arounds), if any."""
    parsed = re._parser.parse(regex)
    out: list[str] = []

    def walk(items: object) -> bool:
        for op, arg in items:  # type: ignore[attr-defined]
            name = str(op)
            if name in ("ASSERT", "ASSERT_NOT", "AT"):
                continue
            if name == "LITERAL":
                out.append(chr(arg))
                continue
            if name == "SUBPATTERN":
                if not walk(arg[-1]):
                    return False
                continue
            return False
        return True

    walk(parsed)
    return "".join(out)


def _rule_inputs(rule: PatternRule) -> dict[str, str]:
    prefix = _leading_literal(rule.regex) or "x"
    inputs = dict(GENERIC_INPUTS)
    inputs["prefix_repeated"] = (prefix * (SIZE // len(prefix) + 1))[:SIZE]
    inputs["prefix_then_a"] = prefix + "a" * SIZE
    inputs["prefix_then_mixed"] = prefix + inputs["mixed"]
    inputs["prefix_mixed_repeated"] = ((prefix + _MIX * 4) * (SIZE // (len(prefix) + 52) + 1))[:SIZE]
    return inputs


RULES = all_pattern_rules()


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_rule_is_linear_on_adversarial_input(rule: PatternRule) -> None:
    for label, text in _rule_inputs(rule).items():
        started = time.perf_counter()
        for match in rule.compiled.finditer(text):
            if rule.validator is not None:
                start, end = match.span("value") if "value" in rule.compiled.groupindex else match.span()
                rule.validator(text[start:end])
        elapsed = time.perf_counter() - started
        assert elapsed < LIMIT_SECONDS, f"{rule.name} took {elapsed:.2f}s on {label!r}"
