"""Key operations and audit commands from the CLI: rotate, purge, shred, verify, query, report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from dlp.cli.main import app
from dlp.config import Config
from dlp.decision import OperatorContext
from dlp.vault import VaultStore, load_access_rules

ACCESS = Path(__file__).parent.parent / "vault" / "access_matrix.yaml"


def run(folder: Path, *args: str) -> tuple[int, str]:
    env = {
        "DLP_NER": "false",
        "DLP_DATA_DIR": str(folder),
        "DLP_CONFIG": None,
        "DLP_POLICY": None,
        "DLP_VAULT_ACCESS_RULES": str(folder / "access.yaml"),
    }
    result = CliRunner(env=env).invoke(app, list(args))
    return result.exit_code, result.stdout


def admin_sees(folder: Path, token: str, tenant: str = "acme") -> str:
    _code, output = run(
        folder,
        "reidentify",
        token,
        "--as",
        "root",
        "--role",
        "admin",
        "--tenant",
        tenant,
        "--reason",
        "audit check",
        "--json",
    )
    return str(json.loads(output)[0]["status"])


def test_rotate_purge_shred_and_the_trail_verifies(tmp_path: Path) -> None:
    shutil.copyfile(ACCESS, tmp_path / "access.yaml")
    config = Config(ner_enabled=False, data_dir=tmp_path)
    store = VaultStore.from_config(config, load_access_rules(tmp_path / "access.yaml"))
    acme = store.tokenize("ada@example.org", "EMAIL_ADDRESS", OperatorContext("acme", "zendesk"))
    globex = store.tokenize("bob@example.org", "EMAIL_ADDRESS", OperatorContext("globex", "zendesk"))
    store.close()
    old_key = (tmp_path / "vault.kek").read_bytes()

    assert run(tmp_path, "vault", "rotate")[0] == 0
    assert (tmp_path / "vault.kek").read_bytes() != old_key
    assert list(tmp_path.glob("vault.kek.retired-*")), "the old key is kept for backups"
    assert admin_sees(tmp_path, acme) == "ok", "old tokens still resolve after rotation"

    assert run(tmp_path, "vault", "purge", "--older-than-days", "30")[1].strip() == "purged 0 values"
    assert (
        run(tmp_path, "vault", "purge", "--ttl", "PCI=30", "--ttl", "pii=365")[1].strip() == "purged 0 values"
    )
    assert run(tmp_path, "vault", "purge", "--ttl", "CARDS=3")[0] == 2
    assert run(tmp_path, "vault", "purge")[0] == 2
    code, _ = run(tmp_path, "vault", "shred", "globex")
    assert code == 2, "shredding needs --yes"
    assert run(tmp_path, "vault", "shred", "globex", "--yes")[0] == 0
    assert admin_sees(tmp_path, globex, tenant="globex") == "gone"
    assert admin_sees(tmp_path, acme) == "ok", "other tenants are untouched"

    code, output = run(tmp_path, "audit", "verify", "--json")
    verdict = json.loads(output)
    assert code == 0 and verdict["intact"] and verdict["events"] >= 6
    code, output = run(tmp_path, "audit", "query", "--json", "--limit", "100")
    kinds = [json.loads(line)["kind"] for line in output.splitlines()]
    assert {"key_operation", "reidentify"} <= set(kinds)
    code, output = run(tmp_path, "audit", "report", "--framework", "hipaa", "--json")
    report = json.loads(output)
    assert code == 0 and report["chain"]["verified"]
    assert [c["id"] for c in report["controls"]] == ["164.312(b)", "164.312(a)(1)", "164.312(e)(1)"]
    assert "ada@example.org" not in (tmp_path / "audit.jsonl").read_text()


def test_audit_commands_refuse_a_folder_that_never_audited(tmp_path: Path) -> None:
    code, _ = run(tmp_path, "audit", "verify")
    assert code == 2
