"""One JSON error shape for every failure: {"error": {"code": ..., "message": ...}}."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from copilot.errors import CopilotError

log = logging.getLogger(__name__)
T = TypeVar("T")

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
}


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    """The error envelope."""
    return {"error": {"code": code, "message": message}}


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON error response in the one shape."""
    return JSONResponse(status_code=status, content=error_body(code, message), headers=headers)


def validation_message(exc: RequestValidationError) -> str:
    """Every problem as `location.of.field: what is wrong`, so a 422 names the field."""
    parts = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error.get("loc", ())) or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid value')}")
    return "; ".join(parts)


def retry_when_busy(call: Callable[[], T], attempts: int = 8) -> T:
    """Run a self-contained transaction again when the database reports it busy (SQLite writers collide).

    Only for calls whose failure rolled everything back, so a retry can never apply twice.
    """
    for attempt in range(attempts - 1):
        try:
            return call()
        except OperationalError as exc:
            if "locked" not in str(exc.orig).lower():
                raise
            time.sleep(random.uniform(0, 0.02 * 2**attempt))  # jitter spreads the colliding writers out
    return call()


def database_unavailable(exc: Exception) -> bool:
    """True when a database error means "unreachable or busy" (retry later), not a bug in a statement."""
    if isinstance(exc, PoolTimeoutError | OperationalError | InterfaceError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def allowed_methods(request: Request) -> str:
    """Every method some route serves at the request's path (Starlette's 405 names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        pattern = getattr(route, "path_regex", None)
        if pattern is not None and pattern.match(request.url.path):
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


def install_error_handlers(app: FastAPI) -> None:
    """Map the domain error hierarchy, validation and HTTP errors to statuses in one place."""

    @app.exception_handler(CopilotError)
    async def _domain_error(_request: Request, exc: CopilotError) -> JSONResponse:
        headers = getattr(exc, "headers", None)
        if exc.http_status == 401:
            headers = {"WWW-Authenticate": "Bearer"}
        return error_response(exc.http_status, exc.code, str(exc), headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_input", validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTP_CODES.get(exc.status_code, "http_error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        return error_response(exc.status_code, code, str(exc.detail), headers)

    @app.exception_handler(DBAPIError)
    @app.exception_handler(PoolTimeoutError)
    async def _database(_request: Request, exc: Exception) -> JSONResponse:
        # A locked SQLite file, a dropped or refused PostgreSQL connection, or an exhausted pool: the
        # request's transaction rolled back (nothing half-written), and the client can retry shortly.
        if not database_unavailable(exc):
            log.exception("database error", exc_info=exc)
            return error_response(500, "internal_error", "internal error; the server log has the details")
        statement = getattr(exc, "statement", None) or ""
        log.warning("database unavailable: %s during %s", getattr(exc, "orig", exc), statement[:200])
        return error_response(
            503, "service_unavailable", "the database is busy or unreachable; retry", {"Retry-After": "1"}
        )

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return error_response(500, "internal_error", "internal error; the server log has the details")
