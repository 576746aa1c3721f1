"""/v1/jobs: the generation queue's depth (queued requests are never dropped; this shows how many wait)."""

from __future__ import annotations

from fastapi import APIRouter

from copilot.api.deps import CurrentUser, PoolDep
from copilot.api.schemas import AUTHENTICATED, error_responses
from copilot.jobs.pool import QueueStats

router = APIRouter(prefix="/v1/jobs", tags=["jobs"], responses=error_responses(*AUTHENTICATED))


@router.get("/queue")
def queue(_user: CurrentUser, pool: PoolDep) -> QueueStats:
    """Queued and running generations, the oldest wait, and this process's workers."""
    return pool.queue_stats()
