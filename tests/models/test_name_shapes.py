"""Logins, machine accounts and organisation names told apart from people's names."""

from __future__ import annotations

import pytest

from dlp.classifiers.name_gazetteer import Gazetteer
from dlp.classifiers.name_shapes import (
    has_plain_word,
    is_name_value,
    is_service_account,
    login_like,
    name_derived_handle,
    org_like,
)

GAZ = Gazetteer.load()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("dependabot[bot]", True),
        ("ci-bot", True),
        ("svc_backup", True),
        ("github-actions", True),
        ("noreply", True),
        ("slackbot", True),
        ("root", True),
        ("user", True),
        ("ctalbot", False),
        ("jsmith", False),
        ("dana.lee", False),
    ],
)
def test_service_accounts(value: str, expected: bool) -> None:
    assert is_service_account(value, GAZ) is expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("jsmith", True),
        ("darrenm", True),
        ("juanmccormick", True),
        ("collinsrachel", True),
        ("sonia.wiaderek", True),
        ("chris_benton", True),
        ("NicoleFlores", True),
        ("memory", False),
        ("partner", False),
        ("franks", False),
        ("agent", False),
        ("login", False),
        ("config.yaml", False),
        ("os.path", False),
        ("JavaScript", False),
    ],
)
def test_name_derived_handles(token: str, expected: bool) -> None:
    assert name_derived_handle(token, GAZ) is expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("kgnodde", True),
        ("jdoe42", True),
        ("Frank", True),
        ("account", False),
        ("Settings", False),
        ("U024BE7LH", False),
        ("a1b2c3", False),
        ("postgres", False),
        ("ID", False),
    ],
)
def test_login_like(token: str, expected: bool) -> None:
    assert login_like(token, GAZ) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Dana Lee", True),
        ("Okafor, Amara", True),
        ("Platform Team", False),
        ("Smith Inc", False),
        ("admin", False),
        ("R2-D2", False),
    ],
)
def test_name_values(value: str, expected: bool) -> None:
    assert is_name_value(value, GAZ) is expected


def test_org_and_plain_words() -> None:
    assert org_like(["Acme", "Support"]) and not org_like(["Dana", "Lee"]) and not org_like([])
    assert has_plain_word(["Lake", "Amanda"], GAZ) and has_plain_word(["Upper", "Middle"], GAZ)
    assert not has_plain_word(["Priya", "K", "van", "der", "Berg"], GAZ)
