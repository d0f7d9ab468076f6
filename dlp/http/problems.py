"""Error responses (RFC 9457 problem+json) and the handlers that never echo a request body.

FastAPI's default validation handler returns the offending input; ours returns the location and
error type only, and unknown keys are not named (a key can be data too).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from dlp.http.models import Problem

log = logging.getLogger("dlp.http")

PROBLEM_JSON = "application/problem+json"
_TITLES = {
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
}


class ProblemError(Exception):
    """Raised inside the service to answer with a problem body."""

    def __init__(
        self, status: int, code: str, detail: str, errors: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors


def problem_response(
    status: int, code: str, detail: str, errors: list[dict[str, Any]] | None = None
) -> JSONResponse:
    """A problem+json response."""
    body = Problem(title=_TITLES.get(status, "Error"), status=status, detail=detail, code=code, errors=errors)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=PROBLEM_JSON)


def safe_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """Pydantic errors reduced to location, type and message: no ``input``, no ``ctx``, no unknown keys."""
    cleaned: list[dict[str, Any]] = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if error.get("type") == "extra_forbidden" and loc:
            loc[-1] = "<unknown key>"
        cleaned.append({"loc": loc, "type": str(error.get("type", "")), "msg": str(error.get("msg", ""))})
    return cleaned


def validation_problem(exc: ValidationError | RequestValidationError) -> JSONResponse:
    """422 for a body that is JSON but not the documented shape."""
    return problem_response(
        422,
        "invalid_request",
        "the request body does not match the schema (see /docs); offending values are not echoed",
        safe_errors(exc.errors()),
    )


def install_handlers(app: FastAPI) -> None:
    """Replace FastAPI's error handlers with value-free problem responses."""

    async def on_problem(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ProblemError)
        return problem_response(exc.status, exc.code, exc.detail, exc.errors)

    async def on_validation(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return validation_problem(exc)

    async def on_http(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        # Framework-generated details (404, 405) describe the route, not the body.
        return problem_response(exc.status_code, "http_error", str(exc.detail))

    async def on_crash(_request: Request, exc: Exception) -> Response:
        log.error("request failed", extra={"error": type(exc).__name__})
        return problem_response(500, "internal_error", "internal error; the request was not processed")

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_crash)
