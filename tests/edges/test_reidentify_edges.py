"""The vault's role x entity x connector matrix, through the CLI and through HTTP, every attempt audited."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dlp.audit.store import EventQuery
from dlp.audit.trail import open_audit_store
from dlp.cli.main import app
from dlp.config import Config
from dlp.decision import OperatorContext
from dlp.http.app import create_app
from dlp.vault import ReidStatus, VaultStore, load_access_rules
from tests.cli.support import shared_engine
from tests.vault.test_reidentify import MATRIX

ACCESS = Path(__file__).parent.parent / "vault" / "access_matrix.yaml"
REASON = "ticket SUP-1 for 672-41-9083"


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Config, list[str]]]:
    folder = tmp_path_factory.mktemp("edges")
    access = folder / "access.yaml"
    shutil.copyfile(ACCESS, access)
    config = Config(
        ner_enabled=False, data_dir=folder, vault_access_rules=access, http_reidentify_enabled=True
    )
    store = VaultStore.from_config(config, load_access_rules(access))
    tokens = [
        store.tokenize(f"value-{i}", entity, OperatorContext("acme", connector))
        for i, (_role, entity, connector, _expected) in enumerate(MATRIX)
    ]
    store.close()
    yield config, tokens


def cli(config: Config, *args: str) -> tuple[int, str]:
    env = {
        "DLP_NER": "false",
        "DLP_DATA_DIR": str(config.data_dir),
        "DLP_CONFIG": None,
        "DLP_POLICY": None,
        "DLP_VAULT_ACCESS_RULES": str(config.vault_access_rules),
    }
    result = CliRunner(env=env).invoke(app, list(args))
    return result.exit_code, result.stdout


@pytest.mark.parametrize("row", range(len(MATRIX)))
def test_cli_and_http_give_what_the_access_rules_say(setup: tuple[Config, list[str]], row: int) -> None:
    config, tokens = setup
    role, _entity, _connector, expected = MATRIX[row]
    code, output = cli(
        config,
        "reidentify",
        tokens[row],
        "--as",
        "u1",
        "--role",
        role,
        "--tenant",
        "acme",
        "--reason",
        REASON,
        "--json",
    )
    [via_cli] = json.loads(output)
    assert via_cli["status"] == expected.value
    assert code == (0 if expected is ReidStatus.OK else 1)
    assert (via_cli["value"] == f"value-{row}") is (expected is ReidStatus.OK)

    with TestClient(create_app(config, engine=shared_engine(config.data_dir))) as client:
        response = client.post(
            "/v1/reidentify",
            json={
                "tokens": [tokens[row]],
                "reason": REASON,
                "requester": {"user": "u1", "roles": [role], "tenant": "acme"},
            },
        )
    assert response.status_code == 200
    [via_http] = response.json()["results"]
    assert via_http["status"] == expected.value
    assert (via_http["value"] == f"value-{row}") is (expected is ReidStatus.OK)


def test_another_tenants_admin_cannot_resolve(setup: tuple[Config, list[str]]) -> None:
    config, tokens = setup
    code, output = cli(
        config,
        "reidentify",
        tokens[0],
        "--as",
        "root",
        "--role",
        "admin",
        "--tenant",
        "globex",
        "--reason",
        REASON,
        "--json",
    )
    assert json.loads(output)[0]["status"] == "not_found" and code == 1


def test_refusals_and_every_attempt_are_audited_without_values(setup: tuple[Config, list[str]]) -> None:
    config, tokens = setup
    with TestClient(create_app(config, engine=shared_engine(config.data_dir))) as client:
        refused = client.post(
            "/v1/reidentify",
            json={"tokens": [tokens[0]], "reason": REASON, "requester": {"user": "x", "roles": ["nobody"]}},
        )
        assert refused.status_code == 403
        events = client.get("/v1/audit/events", params={"limit": 1000}).json()["events"]
    reidentifications = [e for e in events if e["kind"] == "reidentify"]
    assert reidentifications, "attempts are in the trail"
    assert {e["detail"]["channel"] for e in reidentifications} >= {"http"}
    dump = json.dumps(events)
    assert "value-0" not in dump and "672-41-9083" not in dump, "neither originals nor the reason's SSN"
    assert "[US_SSN]" in dump, "the reason is kept, scrubbed"
    store = open_audit_store(config, create_key=False)
    assert store.verify() == []
    assert store.query(EventQuery(kind="reidentify", limit=1000))
    store._engine.dispose()


def test_http_reidentify_is_off_unless_enabled(tmp_path: Path) -> None:
    config = Config(ner_enabled=False, data_dir=tmp_path)
    with TestClient(create_app(config, engine=shared_engine(tmp_path))) as client:
        assert client.post("/v1/reidentify", json={}).status_code == 404
        assert client.get("/metrics").status_code == 200
