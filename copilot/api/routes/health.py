"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from copilot.api.deps import ServicesDep
from copilot.shapes import Shape

router = APIRouter(tags=["health"])


class Liveness(Shape):
    """The process is up."""

    status: str = Field(description="ok")


class Readiness(Shape):
    """Whether the service can answer: its database."""

    status: str = Field(description="ready, or unavailable")
    database: str = Field(description="ok, or down")


@router.get("/healthz")
def healthz() -> Liveness:
    """The process is up."""
    return Liveness(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "The database does not answer"}},
)
def readyz(services: ServicesDep) -> Readiness | JSONResponse:
    """The database answers; 503 otherwise."""
    try:
        with services.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        down = Readiness(status="unavailable", database="down")
        return JSONResponse(status_code=503, content=down.model_dump())
    return Readiness(status="ready", database="ok")
