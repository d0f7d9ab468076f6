"""Fixtures for HTTP service tests: one app around the session's shared pattern-only engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dlp.http.app import create_app
from tests.cli.support import config_for, data_dir, shared_engine


@pytest.fixture(scope="session")
def http_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return data_dir(tmp_path_factory)


@pytest.fixture(scope="module")
def client(http_data_dir: Path) -> Iterator[TestClient]:
    config = config_for(http_data_dir, max_payload_bytes=64 * 1024)
    app = create_app(config, engine=shared_engine(http_data_dir))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
