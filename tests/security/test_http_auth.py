"""The authenticated service: 401 with the resource metadata, identity from the credential, roles."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dlp.audit.trail import open_audit_store
from tests.cli.support import tool_result
from tests.security.conftest import Service

EMAIL = "ada.lovelace@example.org"
MESSAGE = tool_result(f"Contact {EMAIL} today.")

#: Every protected endpoint: (method, path, JSON body or None).
ENDPOINTS: list[tuple[str, str, Any]] = [
    ("POST", "/v1/inspect", {"message": MESSAGE}),
    ("POST", "/v1/redact", {"message": MESSAGE}),
    ("GET", "/v1/audit/events", None),
    ("GET", "/metrics", None),
    ("POST", "/v1/reidentify", {"tokens": ["x"], "reason": "ticket SUP-1"}),
    ("GET", "/v1/admin/killswitch", None),
    ("POST", "/v1/admin/killswitch", {"engaged": False}),
]


def call(service: Service, method: str, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    return service.client.request(method, path, json=body, headers=headers or {})


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer mdlp_0000000000000000_nope"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"X-API-Key": "not-a-key"},
        {"Authorization": "Bearer eyJhbGciOiJub25lIn0.e30."},
    ],
    ids=["none", "unknown-key", "basic", "x-api-key-garbage", "jwt-without-issuer"],
)
def test_protected_endpoints_answer_401_with_the_metadata_url(
    service: Service, method: str, path: str, body: Any, headers: dict[str, str]
) -> None:
    response = call(service, method, path, body, headers)
    assert response.status_code == 401
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith(
        'Bearer resource_metadata="http://testserver/.well-known/oauth-protected-resource"'
    )
    assert ('error="invalid_token"' in challenge) is bool(headers)
    assert response.json()["code"] == "unauthenticated"


def test_mcp_paths_point_at_the_mcp_resource_metadata(service: Service) -> None:
    response = service.client.post("/mcp/files", json={})
    assert response.status_code == 401
    metadata_url = "http://testserver/.well-known/oauth-protected-resource/mcp"
    assert f'resource_metadata="{metadata_url}"' in response.headers["www-authenticate"]
    document = service.client.get(metadata_url).json()
    assert document["resource"] == "http://testserver/mcp"
    assert document["bearer_methods_supported"] == ["header"]


@pytest.mark.parametrize("path", ["/healthz", "/openapi.json", "/.well-known/oauth-protected-resource"])
def test_open_paths_need_no_credential(service: Service, path: str) -> None:
    assert service.client.get(path).status_code == 200


@pytest.mark.parametrize("header", ["Authorization", "X-API-Key"])
def test_a_key_in_either_header_is_accepted(service: Service, header: str) -> None:
    key = service.keys["acme_analyst"]
    value = f"Bearer {key}" if header == "Authorization" else key
    response = service.client.post("/v1/inspect", json={"message": MESSAGE}, headers={header: value})
    assert response.status_code == 200
    assert any(f["entity"] == "EMAIL_ADDRESS" for f in response.json()["findings"])


def test_the_credential_names_the_caller_in_audit_events(service: Service) -> None:
    body = {
        "message": tool_result("audit-me"),
        "context": {"user": "mallory", "roles": ["admin"], "tool": "t-id"},
    }
    assert (
        service.client.post("/v1/redact", json=body, headers=service.headers("acme_analyst")).status_code
        == 200
    )
    events = service.client.get(
        "/v1/audit/events", params={"tool": "t-id"}, headers=service.headers("acme_auditor")
    )
    [event] = events.json()["events"]
    assert event["tenant"] == "acme"
    assert event["actor"]["user"] == "apikey:acme_analyst"
    assert "mallory" not in events.text


@pytest.mark.parametrize(
    ("caller", "path", "status"),
    [
        ("acme_analyst", "/metrics", 403),
        ("acme_auditor", "/metrics", 403),
        ("acme_metrics", "/metrics", 200),
        ("acme_admin", "/metrics", 200),
        ("acme_analyst", "/v1/audit/events", 403),
        ("acme_metrics", "/v1/audit/events", 403),
        ("acme_auditor", "/v1/audit/events", 200),
        ("acme_admin", "/v1/audit/events", 200),
        ("acme_analyst", "/v1/admin/killswitch", 403),
        ("acme_auditor", "/v1/admin/killswitch", 403),
        ("acme_admin", "/v1/admin/killswitch", 200),
    ],
)
def test_roles_gate_endpoints(service: Service, caller: str, path: str, status: int) -> None:
    assert service.client.get(path, headers=service.headers(caller)).status_code == status


def test_revoked_key_is_refused_on_its_next_request(service: Service) -> None:
    from dlp.auth.apikeys import ApiKeyStore  # noqa: PLC0415

    store = ApiKeyStore(service.config.resolved_database_url)
    key, info = store.create("acme", ("analyst",), name="short-lived")
    headers = {"Authorization": f"Bearer {key}"}
    assert service.client.post("/v1/inspect", json={"message": MESSAGE}, headers=headers).status_code == 200
    store.revoke(info.key_id)
    store.close()
    assert service.client.post("/v1/inspect", json={"message": MESSAGE}, headers=headers).status_code == 401


def test_no_key_appears_in_responses_or_logs(service: Service, caplog: pytest.LogCaptureFixture) -> None:
    key = service.keys["acme_admin"]
    secret = key.split("_", 2)[2]
    with caplog.at_level("DEBUG"):
        responses = [
            service.client.post(
                "/v1/inspect", json={"message": MESSAGE}, headers=service.headers("acme_admin")
            ),
            service.client.post(
                "/v1/inspect", json={"message": MESSAGE}, headers={"Authorization": f"Bearer {key}x"}
            ),
            service.client.get("/v1/audit/events", headers=service.headers("acme_admin")),
        ]
    assert all(secret not in r.text for r in responses)
    assert secret not in caplog.text


def test_refused_callers_are_audited_without_their_credential(service: Service) -> None:
    forged = "mdlp_forged-credential-canary-7f3a"
    assert (
        service.client.post("/v1/inspect", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    )
    assert service.client.get("/v1/audit/events/x/y", headers={"User-Agent": "probe"}).status_code == 401
    assert service.client.get("/metrics", headers=service.headers("acme_analyst")).status_code == 403
    store = open_audit_store(service.config)
    try:
        stored = [e.body for e in store.iter_stored()]
    finally:
        store.close()
    alerts = [e for e in stored if e["kind"] == "alert" and e["detail"]["alert"] != "resource_out_of_scope"]
    by_route = {(a["target"]["method"], a["detail"]["alert"], a["detail"]["reason"]) for a in alerts}
    assert ("http/v1/inspect", "authentication_failed", "invalid credential") in by_route
    assert ("http/v1/audit", "authentication_failed", "no credential") in by_route
    assert ("http/metrics", "forbidden", "role") in by_route
    forbidden = next(a for a in alerts if a["detail"]["alert"] == "forbidden")
    assert forbidden["tenant"] == "acme" and forbidden["actor"]["user"] == "apikey:acme_analyst"
    assert forged not in json.dumps(stored) and "forged" not in json.dumps(stored)
