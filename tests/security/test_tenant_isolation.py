"""Cross-tenant matrix: a caller of one tenant cannot read, write as, or re-identify for another."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dlp.errors import PolicyError
from dlp.http.app import create_app
from dlp.policy import default_policy_text
from tests.cli.support import shared_engine, tool_result
from tests.security.conftest import Service, auth_config, make_keys

REASON = "ticket SUP-1 for a customer"


def inspect_body(tenant: str | None, marker: str) -> dict[str, Any]:
    context: dict[str, Any] = {"tool": marker}
    if tenant is not None:
        context["tenant"] = tenant
    return {"message": tool_result(f"mail bob@example.org ({marker})"), "context": context}


#: caller, tenant named in the body (None: not named), expected status.
WRITE_MATRIX = [
    ("acme_analyst", None, 200),
    ("acme_analyst", "acme", 200),
    ("acme_analyst", "globex", 403),
    ("acme_admin", "globex", 403),  # admin is admin of its own tenant only
    ("globex_analyst", "acme", 403),
    ("globex_analyst", "globex", 200),
    ("globex_analyst", "default", 403),
]


@pytest.mark.parametrize("path", ["/v1/inspect", "/v1/redact"])
@pytest.mark.parametrize(("caller", "tenant", "status"), WRITE_MATRIX)
def test_inspection_runs_for_the_callers_tenant_only(
    service: Service, path: str, caller: str, tenant: str | None, status: int
) -> None:
    response = service.client.post(path, json=inspect_body(tenant, "w"), headers=service.headers(caller))
    assert response.status_code == status
    if status == 403:
        assert response.json()["code"] == "tenant_mismatch"


def _events(service: Service, caller: str, **params: Any) -> Any:
    return service.client.get(
        "/v1/audit/events", params={"limit": 1000, **params}, headers=service.headers(caller)
    )


def test_audit_events_are_confined_to_the_callers_tenant(service: Service) -> None:
    for caller in ("acme_analyst", "globex_analyst"):
        body = inspect_body(None, f"iso-{caller}")
        assert (
            service.client.post("/v1/redact", json=body, headers=service.headers(caller)).status_code == 200
        )
    acme = _events(service, "acme_auditor").json()["events"]
    globex = _events(service, "globex_admin").json()["events"]
    assert acme and globex
    assert {e["tenant"] for e in acme} == {"acme"}
    assert {e["tenant"] for e in globex} == {"globex"}
    assert any(e["target"].get("tool") == "iso-acme_analyst" for e in acme)
    assert not any(e["target"].get("tool") == "iso-acme_analyst" for e in globex)


@pytest.mark.parametrize(("caller", "tenant"), [("acme_auditor", "globex"), ("globex_admin", "acme")])
def test_asking_for_another_tenants_events_is_forbidden(service: Service, caller: str, tenant: str) -> None:
    assert _events(service, caller, tenant=tenant).status_code == 403


def test_asking_for_ones_own_tenant_explicitly_is_fine(service: Service) -> None:
    assert _events(service, "acme_auditor", tenant="acme").status_code == 200


def _reidentify(service: Service, caller: str, **extra: Any) -> Any:
    body = {"tokens": [service.acme_token], "reason": REASON, **extra}
    return service.client.post("/v1/reidentify", json=body, headers=service.headers(caller))


@pytest.mark.parametrize(
    ("caller", "status"),
    [
        ("acme_analyst", "ok"),
        ("acme_admin", "ok"),
        ("globex_analyst", "not_found"),
        ("globex_admin", "not_found"),
    ],
)
def test_reidentify_uses_the_authenticated_caller(service: Service, caller: str, status: str) -> None:
    response = _reidentify(service, caller)
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["status"] == status
    assert (result["value"] == "ada@example.org") is (status == "ok")


def test_reidentify_is_denied_to_a_role_the_rules_do_not_name(service: Service) -> None:
    response = _reidentify(service, "acme_auditor")
    assert response.status_code == 403 and response.json()["code"] == "access_denied"
    assert "ada@example.org" not in response.text


@pytest.mark.parametrize(
    "requester",
    [
        {"user": "apikey:acme_analyst", "roles": ["admin"], "tenant": "globex"},
        {"user": "someone-else", "roles": ["analyst"], "tenant": "acme"},
    ],
)
def test_a_body_naming_another_requester_is_refused(service: Service, requester: dict[str, Any]) -> None:
    response = _reidentify(service, "globex_analyst", requester=requester)
    assert response.status_code == 403
    assert "ada@example.org" not in response.text


def test_a_body_naming_the_caller_is_accepted_but_roles_come_from_the_credential(service: Service) -> None:
    requester = {"user": "apikey:acme_auditor", "roles": ["admin"], "tenant": "acme"}
    response = _reidentify(service, "acme_auditor", requester=requester)
    assert response.status_code == 403 and "ada@example.org" not in response.text


def test_each_tenant_is_judged_by_its_own_policy(tmp_path: Path) -> None:
    # acme's policy blocks any e-mail address; globex has none of its own and gets the default
    # (which hashes addresses). A body cannot pick the other tenant's policy (403 above).
    strict = tmp_path / "acme.yaml"
    strict.write_text(
        default_policy_text().replace(
            "rules:\n",
            "rules:\n  - id: acme-no-mail\n    match: {entities: [EMAIL_ADDRESS]}\n    action: block\n",
            1,
        ),
        encoding="utf-8",
    )
    config = auth_config(tmp_path, tenant_policies={"acme": strict}, audit_enabled=False)
    keys = make_keys(config)
    with TestClient(create_app(config, engine=shared_engine(tmp_path))) as client:

        def redact(caller: str) -> dict[str, Any]:
            headers = {"Authorization": f"Bearer {keys[caller]}"}
            response = client.post("/v1/redact", json=inspect_body(None, "p"), headers=headers)
            assert response.status_code == 200
            return dict(response.json())

        acme, globex = redact("acme_analyst"), redact("globex_analyst")
    assert acme["blocked"] and acme["error"]["data"] == {"rule": "acme-no-mail"}
    assert not globex["blocked"] and "bob@example.org" not in json.dumps(globex["message"])
    assert acme["summary"]["policy"]["sha256"] != globex["summary"]["policy"]["sha256"]


def test_a_broken_tenant_policy_stops_the_service_at_start(tmp_path: Path) -> None:
    broken = tmp_path / "globex.yaml"
    broken.write_text("name: globex\nrules:\n  - id: x\n    match: {entitis: [US_SSN]}\n    action: block\n")
    config = auth_config(tmp_path, tenant_policies={"globex": broken}, audit_enabled=False)
    with pytest.raises(PolicyError) as error:
        create_app(config, engine=shared_engine(tmp_path))
    assert "globex.yaml" in str(error.value) and "entitis" in str(error.value)
