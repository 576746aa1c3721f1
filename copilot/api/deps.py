"""Typed dependencies handed to route handlers, named by role."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from copilot.api.limits import RateLimiter
from copilot.auth.cache import KeyCache, authenticate_cached
from copilot.container import Services
from copilot.db.models import User
from copilot.jobs import WorkerPool


# Dependencies without I/O are `async def`: FastAPI then calls them on the event loop instead of
# handing each to a worker thread, a hop that costs more than the function itself.
async def get_services(request: Request) -> Services:
    """The process's services, built in the lifespan."""
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_session(services: ServicesDep) -> Iterator[Session]:
    """A database session for one request (rolled back unless the handler commits)."""
    with services.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


async def get_pool(request: Request) -> WorkerPool:
    """The generation worker pool of this process."""
    pool: WorkerPool = request.app.state.pool
    return pool


PoolDep = Annotated[WorkerPool, Depends(get_pool)]


# Declared as security dependencies so the OpenAPI schema names both ways to send a key; neither fails
# on its own (auto_error=False): `authenticate` answers every missing or bad key with the one 401 shape.
BEARER = HTTPBearer(auto_error=False, description="`Authorization: Bearer <key>`")
API_KEY_HEADER = APIKeyHeader(name="X-API-Key", auto_error=False, description="The key alone")


async def presented_key(
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(BEARER)],
    api_key: Annotated[str | None, Security(API_KEY_HEADER)],
) -> str | None:
    """The API key from `Authorization: Bearer <key>` or `X-API-Key`."""
    if bearer is not None and bearer.credentials.strip():
        return bearer.credentials.strip()
    return api_key or None


async def get_current_user(
    request: Request, services: ServicesDep, key: Annotated[str | None, Depends(presented_key)]
) -> User:
    """The caller, after the per-key rate limit (checked first, so guessing keys is limited too).

    A key verified in the last COPILOT_AUTH_CACHE_SECONDS is answered from memory on the event loop;
    otherwise it is looked up in a worker thread, in its own short session: a handler that calls a
    service opening its own sessions must not hold a second pooled connection meanwhile (50 such
    requests at once would drain the pool).
    """
    limiter: RateLimiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    bucket = hashlib.sha256(key.encode()).hexdigest()[:24] if key else f"anonymous:{client}"
    limiter.check(bucket)
    cache: KeyCache = request.app.state.key_cache
    user = cache.get(key) if key else None
    if user is None:
        user = await run_in_threadpool(authenticate_cached, services.sessions, key, cache)
    request.state.user_id = user.id
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
