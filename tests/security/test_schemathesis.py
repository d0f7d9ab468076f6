"""Schemathesis against the service's own OpenAPI schema: no request makes it answer 500."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from dlp.http.app import create_app
from tests.cli.support import shared_engine
from tests.security.conftest import auth_config, make_keys

#: Headers the authenticated run sends (an admin key: every route reachable).
HEADERS: dict[str, dict[str, str]] = {}


def _app(folder: Path, authenticated: bool) -> Any:
    if authenticated:
        config = auth_config(folder, audit_enabled=True)
        HEADERS["auth"] = {"Authorization": f"Bearer {make_keys(config)['acme_admin']}"}
    else:
        config = auth_config(folder, auth_enabled=False, http_reidentify_enabled=True)
    return create_app(config, engine=shared_engine(folder))


@pytest.fixture(scope="module")
def open_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", _app(tmp_path_factory.mktemp("st-open"), False))


@pytest.fixture(scope="module")
def auth_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", _app(tmp_path_factory.mktemp("st-auth"), True))


BOUNDED = settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)


class _Crashes(logging.Handler):
    """Collects the exception type the service logs for a 500 (it logs no message content)."""

    def __init__(self) -> None:
        super().__init__()
        self.types: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.types.append(str(getattr(record, "error", record.getMessage())))


def _fuzz(schema: Any, headers: dict[str, str]) -> list[str]:
    """Run every operation with generated cases; the operations that answered 500."""
    failures: list[str] = []
    crashes = _Crashes()
    crashes.setLevel(logging.ERROR)
    logging.getLogger("dlp.http").addHandler(crashes)
    operations = [result.ok() for result in schema.get_all_operations()]
    # The kill switch last: once a generated body turns it on, forwarding routes only answer 503.
    operations.sort(key=lambda op: (op.method == "post" and op.path.endswith("killswitch"), op.path))
    assert len(operations) >= 5
    for operation in operations:

        @BOUNDED
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            # A kill switch engaged by a generated body answers 503: refused, not broken.
            if case.call(headers=headers).status_code == 500:
                failures.append(
                    f"{case.method} {case.path} {case.query} {str(case.body)[:200]} {crashes.types[-1:]}"
                )

        try:
            run()
        finally:
            logging.getLogger("dlp.http").removeHandler(crashes)
            logging.getLogger("dlp.http").addHandler(crashes)
    logging.getLogger("dlp.http").removeHandler(crashes)
    return failures


def test_unauthenticated_service_never_answers_500(open_schema: Any) -> None:
    assert _fuzz(open_schema, {}) == []


def test_authenticated_service_never_answers_500(auth_schema: Any) -> None:
    assert _fuzz(auth_schema, HEADERS["auth"]) == []
