"""Typed dependencies handed to route handlers, named by role."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from copilot.api.limits import RateLimiter
from copilot.auth import authenticate
from copilot.container import Services
from copilot.db.models import User
from copilot.jobs import WorkerPool


def get_services(request: Request) -> Services:
    """The process's services, built in the lifespan."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    """A database session for one request (rolled back unless the handler commits)."""
    with services.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_pool(request: Request) -> WorkerPool:
    """The generation worker pool of this process."""
    pool: WorkerPool = request.app.state.pool
    return pool


PoolDep = Annotated[WorkerPool, Depends(get_pool)]


def presented_key(request: Request) -> str | None:
    """The API key from `Authorization: Bearer <key>` or `X-API-Key`."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("x-api-key") or None


def get_current_user(request: Request, services: ServicesDep) -> User:
    """The caller, after the per-key rate limit (checked first, so guessing keys is limited too).

    Looked up in its own short session: a handler that calls a service opening its own sessions must
    not hold a second pooled connection meanwhile (50 such requests at once would drain the pool).
    """
    key = presented_key(request)
    limiter: RateLimiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    bucket = hashlib.sha256(key.encode()).hexdigest()[:24] if key else f"anonymous:{client}"
    limiter.check(bucket)
    with services.sessions() as session:
        user = authenticate(session, key)
    request.state.user_id = user.id
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
