"""An idle worker pool polls the database less and less often, and work submitted here still starts at
once: a steady 0.5 s poll by every worker kept an idle API server at ~20% of a core."""

from __future__ import annotations

import time

from copilot.db.models import DraftKind, DraftStatus
from copilot.jobs import WorkerPool
from copilot.jobs.pool import MAX_IDLE_POLL_SECONDS, next_idle_wait
from tests.jobs.test_pool import _open, _statuses, _wait, _write
from tests.support.worlds import World


class _CountingPool(WorkerPool):
    """The real pool, counting its claims (each one a database transaction)."""

    claims = 0

    def _claim(self) -> tuple[int, int, int, int] | None:
        type(self).claims += 1
        return super()._claim()


def test_the_idle_wait_doubles_up_to_its_cap() -> None:
    waits = [0.5]
    for _ in range(6):
        waits.append(next_idle_wait(waits[-1]))
    assert waits == [0.5, 1.0, 2.0, 4.0, MAX_IDLE_POLL_SECONDS, MAX_IDLE_POLL_SECONDS, MAX_IDLE_POLL_SECONDS]


def test_an_idle_worker_backs_off_and_a_submitted_draft_still_starts_at_once(world: World) -> None:
    pool = _CountingPool(world.services, size=1, generators={DraftKind.EMAIL: _write}, poll_seconds=0.05)
    pool.start()
    try:
        time.sleep(3.0)
        # A steady 0.05 s poll would have claimed ~60 times; doubling waits claim ~7 times.
        assert _CountingPool.claims < 15
        (draft_id,) = _open(world)
        pool.submit(draft_id, 1)
        # The worker now waits up to MAX_IDLE_POLL_SECONDS between polls; the submit wakes it instead.
        _wait(lambda: _statuses(world.services, [draft_id]) == [DraftStatus.PENDING_REVIEW], timeout=2.0)
    finally:
        pool.stop()
