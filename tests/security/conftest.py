"""Fixtures: an authenticated service (API keys for two tenants) around the shared pattern engine."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from dlp.audit.trail import AuditTrail, open_audit_store
from dlp.auth.apikeys import ApiKeyStore
from dlp.config import Config
from dlp.decision import OperatorContext
from dlp.http.app import create_app
from dlp.vault import VaultStore, load_access_rules
from tests.cli.support import shared_engine

ACCESS = Path(__file__).parent.parent / "vault" / "access_matrix.yaml"
#: Redis database the rate-limit tests use (runs on every developer and CI machine).
REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_client() -> redis.Redis:
    """A client of the real Redis; the tests need the real store, so they fail, never skip, without it."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis must run at 127.0.0.1:6379 for this test ({type(exc).__name__})")
    return client


@pytest.fixture
def store() -> Iterator[redis.Redis]:
    """The real Redis (see :func:`redis_client`), closed after the test."""
    client = redis_client()
    yield client
    client.close()


#: name -> (tenant, roles) of the keys every test can use.
CALLERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "acme_analyst": ("acme", ("analyst",)),
    "acme_auditor": ("acme", ("auditor",)),
    "acme_admin": ("acme", ("admin",)),
    "acme_metrics": ("acme", ("metrics",)),
    "globex_analyst": ("globex", ("analyst",)),
    "globex_admin": ("globex", ("admin",)),
}


@dataclass
class Service:
    """A running authenticated service and what the tests need to call it."""

    config: Config
    client: TestClient
    keys: dict[str, str]
    acme_token: str

    def headers(self, caller: str) -> dict[str, str]:
        """The Authorization header of ``caller``."""
        return {"Authorization": f"Bearer {self.keys[caller]}"}


def auth_config(folder: Path, **settings: Any) -> Config:
    """An authenticated configuration over ``folder`` (pattern detectors only)."""
    access = folder / "access.yaml"
    if not access.exists():
        shutil.copyfile(ACCESS, access)
    settings = {"auth_enabled": True, **settings}
    return Config(ner_enabled=False, data_dir=folder, vault_access_rules=access, **settings)


def make_keys(config: Config) -> dict[str, str]:
    """One key per entry of :data:`CALLERS`."""
    store = ApiKeyStore(config.resolved_database_url)
    try:
        return {name: store.create(t, r, name=name)[0] for name, (t, r) in CALLERS.items()}
    finally:
        store.close()


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    folder = tmp_path_factory.mktemp("auth")
    # Its tests make dozens of deliberate failures from the one test-client address; the failure
    # budget has tests of its own (test_failure_limit.py).
    config = auth_config(folder, auth_failure_limit_per_minute=None)
    keys = make_keys(config)
    vault = VaultStore.from_config(config, load_access_rules(config.vault_access_rules or ACCESS))
    token = vault.tokenize("ada@example.org", "EMAIL_ADDRESS", OperatorContext("acme", "jira"))
    vault.close()
    # A synchronous trail: events are stored before the response, so tests can read them at once.
    trail = AuditTrail(open_audit_store(config), asynchronous=False)
    app = create_app(config, engine=shared_engine(folder), trail=trail)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Service(config, client, keys, token)
