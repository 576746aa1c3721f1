"""One JSON error shape for every failure: {"error": {"code": ..., "message": ...}}."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from copilot.errors import CopilotError


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    """The error envelope."""
    return {"error": {"code": code, "message": message}}


def install_error_handlers(app: FastAPI) -> None:
    """Map the domain error hierarchy to HTTP statuses in one place."""

    @app.exception_handler(CopilotError)
    async def _domain_error(_request: Request, exc: CopilotError) -> JSONResponse:
        return JSONResponse(status_code=exc.http_status, content=error_body(exc.code, str(exc)))
