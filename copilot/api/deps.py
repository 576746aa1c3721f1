"""Typed dependencies handed to route handlers, named by role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from copilot.container import Services


def get_services(request: Request) -> Services:
    """The process's services, built in the lifespan."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    """A database session for one request."""
    with services.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
