"""Fixtures for CLI tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli.support import data_dir, env_for


@pytest.fixture(scope="session")
def cli_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return data_dir(tmp_path_factory)


@pytest.fixture
def runner(cli_data_dir: Path) -> CliRunner:
    """A runner whose environment selects pattern-only detection and the session data folder."""
    return CliRunner(env=env_for(cli_data_dir))
