"""Values planted in upstream data, and the forms the default policy turns them into."""

from __future__ import annotations

import re

from tests.classifiers.secret_tokens import build_tokens, rsa_pem

_TOKENS = build_tokens(seed=11)

SSN = "536-22-8147"
CARD = "4111 1111 1111 1111"
CARD_MASKED = "**** **** **** 1111"
EMAIL = "jane.roe@example.org"
GITHUB_TOKEN = _TOKENS["ghp"]
STRIPE_KEY = _TOKENS["stripe"]
PEM = rsa_pem()
PEM_BODY_LINE = PEM.splitlines()[2]

#: Values the default policy must never let through in a result.
SECRET_VALUES = (SSN, CARD, EMAIL, GITHUB_TOKEN, STRIPE_KEY)

#: What a hashed e-mail address looks like after the default policy.
HASHED_EMAIL = re.compile(r"\[EMAIL_ADDRESS:h_[a-z0-9]+\]")

#: A text a support tool might return: sensitive values among ordinary sentences.
DOCUMENT = f"""Customer escalation notes
The quarterly report is due on Friday and the deploy window opens at 14:00.
Customer SSN: {SSN}
Card on file: {CARD}
Contact: {EMAIL}
CI token: {GITHUB_TOKEN}
Billing key: {STRIPE_KEY}
Nothing else in this file is sensitive; the build number is 4711.
"""

BENIGN_LINES = (
    "Customer escalation notes",
    "The quarterly report is due on Friday and the deploy window opens at 14:00.",
    "Nothing else in this file is sensitive; the build number is 4711.",
)


def assert_clean(received: str) -> None:
    """None of the planted values reached the client."""
    for value in (*SECRET_VALUES, PEM_BODY_LINE):
        assert value not in received, "a planted value reached the client"
    assert "1111111111111111" not in received
