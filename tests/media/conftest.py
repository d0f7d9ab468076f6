"""Engines for the media tests: real wiring, real tesseract, NER off (its model may not be loaded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dlp.config import Config
from dlp.engine import Engine
from dlp.wiring import build_engine

TOMBSTONE_AND_BLOCK = """\
name: media-test
rules:
  - id: block-cards-in-pdfs
    match: {entities: [CREDIT_CARD], paths: ["$.**<pdf:*"]}
    action: block
  - id: tombstone-ssn-images
    match: {entities: [US_SSN], paths: ["$.**<image>"]}
    action: tombstone
"""


def make_engine(root: Path, policy: str | None = None, **settings: Any) -> Engine:
    policy_path = None
    if policy is not None:
        policy_path = root / "policy.yaml"
        policy_path.write_text(policy, encoding="utf-8")
    config = Config(policy_path=policy_path, data_dir=root / "data", ner_enabled=False, **settings)
    return build_engine(config)


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The packaged default policy: SSN and MRN redacted, card masked, e-mail hashed."""
    return make_engine(tmp_path_factory.mktemp("media-default"), inspection_timeout_s=60)


@pytest.fixture(scope="session")
def strict_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """Tombstones SSNs in images and blocks card numbers in PDFs."""
    return make_engine(tmp_path_factory.mktemp("media-strict"), TOMBSTONE_AND_BLOCK, inspection_timeout_s=60)
