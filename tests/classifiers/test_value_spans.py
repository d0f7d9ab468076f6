"""Spans stop at the sensitive value: no detector reports a key's name or a URL's host with it.

The engine merges overlapping findings into one region over their union, so one detector whose
span runs past the value (``STRIPE_KEY=`` before a key, ``@db.example.com`` after a password)
widens what every other detector found there. The first tables pin the generic high-entropy
rule; the last runs every pattern family and requires every finding to lie inside the value.
"""

from __future__ import annotations

from functools import cache

import pytest

from dlp.classifiers.registry import all_pattern_rules
from dlp.classifiers.scanner import PatternScanner
from dlp.findings import Finding, ScanContext
from tests.classifiers.secret_tokens import build_tokens

TOKENS = build_tokens()
STRIPE, SLACK, GENERIC = TOKENS["stripe"], TOKENS["slack_bot"], TOKENS["generic"]
PADDED = "YWRtaW46cGFzc3dvcmQ="  # 20 characters with its padding: the rule's minimum
SRI = "sha512-Wt1BQLGlcRAIgxyR7uxxRqqBpRfXO6Jn8Hw+7DWUEGUQXLEPBrN4RIkMRVuLUx7WUqxXFKf+3Xm6aQ=="


@cache
def scanner() -> PatternScanner:
    """Every pattern family, as the engine runs them (compilation takes seconds)."""
    return PatternScanner(all_pattern_rules())


def detect(text: str) -> list[Finding]:
    return scanner().detect(text, ScanContext())


# (text, value): ``generic_high_entropy`` reports exactly ``value``.
GENERIC_POSITIVES: list[tuple[str, str]] = [
    (f"STRIPE_SECRET_KEY={STRIPE}", STRIPE),
    (f"+SLACK_BOT_TOKEN={SLACK}\n+aws_secret=unset", SLACK),
    (f"--set imagePullSecret.password={GENERIC}", GENERIC),
    (f"the api key is {GENERIC}== until Friday", f"{GENERIC}=="),
    (f"data:\n  secret: {PADDED}\n", PADDED),
    (f'{{"credentials": "{GENERIC}"}}', GENERIC),
]

# Texts that name a credential yet hold no generic high-entropy secret.
GENERIC_NEGATIVES: dict[str, str] = {
    "sri_integrity_near_secret_word": f'+aws_secret: unset\n+  "integrity": "{SRI}",',
    "assignment_to_a_placeholder": "client secret: MY_SERVICE_CLIENT_SECRET_2=${CLIENT_SECRET}",
}


@pytest.mark.parametrize(
    ("text", "value"), GENERIC_POSITIVES, ids=[str(i) for i in range(len(GENERIC_POSITIVES))]
)
def test_generic_high_entropy_span_is_the_value(text: str, value: str) -> None:
    start = text.index(value)
    found = [(f.start, f.end) for f in detect(text) if f.detector == "secrets.generic_high_entropy"]
    assert found == [(start, start + len(value))]


@pytest.mark.parametrize("label", list(GENERIC_NEGATIVES))
def test_generic_high_entropy_negative(label: str) -> None:
    text = GENERIC_NEGATIVES[label]
    assert [(f.start, f.end) for f in detect(text) if f.detector == "secrets.generic_high_entropy"] == []


# (text, value): at least one SECRET finding is exactly ``value`` and no finding of any entity
# reaches outside it.
VALUE_ONLY: list[tuple[str, str]] = [
    ("postgres://user:p4ss-w0rd@db.example.com/x", "p4ss-w0rd"),
    ("DATABASE_URL=postgres://svc:c998d%26Qr%23Uux@db-6.internal.example.com:5432/app", "c998d%26Qr%23Uux"),
    ('{"dsn": "mysql://root:hunter2!x@mysql.example.com/shop"}', "hunter2!x"),
    ("git remote add origin https://deploy:gh-pass-9911@git.example.com/app.git", "gh-pass-9911"),
    ("https://deploy:p@ss-9911@git.example.com/app.git", "p@ss-9911"),
    (f"STRIPE_SECRET_KEY={STRIPE}", STRIPE),
    (f"body: STRIPE_KEY={TOKENS['stripe_rk']} please rotate", TOKENS["stripe_rk"]),
    (f"+SLACK_BOT_TOKEN={SLACK}\n+aws_secret=unset", SLACK),
    (f"SLACK_USER_TOKEN={TOKENS['slack_user']}", TOKENS["slack_user"]),
]


@pytest.mark.parametrize(("text", "value"), VALUE_ONLY, ids=[str(i) for i in range(len(VALUE_ONLY))])
def test_every_finding_stays_inside_the_value(text: str, value: str) -> None:
    start = text.index(value)
    end = start + len(value)
    found = detect(text)
    assert (start, end) in {(f.start, f.end) for f in found if f.entity == "SECRET"}
    outside = [(f.detector, f.start, f.end) for f in found if f.start < start or f.end > end]
    assert outside == []
