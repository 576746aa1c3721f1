"""The worker pool: queued requests are never dropped, crashes are recovered, no draft stays generating."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select, update

from copilot.container import Services
from copilot.db.models import Draft, DraftKind, DraftStatus, GenerationJob
from copilot.db.types import utcnow
from copilot.jobs import WorkerPool, enqueue, queue_depth
from copilot.jobs.store import claim_next
from copilot.workflow import complete_generation, lock_draft, open_draft
from tests.support.worlds import World


def _open(world: World, n: int = 1) -> list[int]:
    ids = []
    with world.services.sessions() as session, session.begin():
        for _ in range(n):
            draft = open_draft(
                session,
                kind=DraftKind.EMAIL,
                account_id=world.accounts["east"],
                contact_id=None,
                purpose="check in",
                instructions=None,
                requested_by_id=world.users["rep_east"].id,
            )
            ids.append(draft.id)
    return ids


def _write(services: Services, draft_id: int) -> None:
    """A generator that writes fixed text through the real workflow (the model is not under test here)."""
    time.sleep(0.01)
    with services.sessions() as session, session.begin():
        draft = lock_draft(session, draft_id=draft_id)  # write lock first: other workers write concurrently
        complete_generation(session, draft, subject="Hi", body=f"text of {draft_id}")


def _statuses(services: Services, ids: list[int]) -> list[DraftStatus]:
    with services.sessions() as session:
        return [session.get_one(Draft, i).status for i in ids]


def _wait(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_fifty_requests_at_once_are_queued_and_all_generated(world: World) -> None:
    services = world.services
    ids = _open(world, 50)
    pool = WorkerPool(services, size=2, generators={DraftKind.EMAIL: _write}, poll_seconds=0.05)
    for draft_id in ids:
        pool.submit(draft_id, 1)
    assert pool.stats()["queued"] == 50
    pool.start()
    try:
        _wait(lambda: pool.stats()["queued"] == 0 and pool.stats()["running"] == 0)
    finally:
        pool.stop()
    assert _statuses(services, ids) == [DraftStatus.PENDING_REVIEW] * 50
    assert pool.counts == {"done": 50, "failed": 0}


def test_a_job_whose_worker_died_is_queued_again_and_finished(world: World) -> None:
    services = world.services
    (draft_id,) = _open(world)
    with services.sessions() as session, session.begin():
        enqueue(session, draft_id=draft_id, version=1)
        claim_next(session, worker="dead-host:1")
        session.execute(update(GenerationJob).values(heartbeat_at=utcnow() - timedelta(seconds=5)))
    pool = WorkerPool(services, size=1, generators={DraftKind.EMAIL: _write}, poll_seconds=0.05)
    report = pool.recover()
    assert report.requeued == 1
    pool.start()
    try:
        _wait(lambda: _statuses(services, [draft_id]) == [DraftStatus.PENDING_REVIEW])
    finally:
        pool.stop()
    with services.sessions() as session:
        job = session.scalars(select(GenerationJob)).one()
    assert (job.state, job.attempts) == ("done", 2)


def test_a_job_interrupted_too_often_fails_its_draft_with_a_reason(world: World) -> None:
    services = world.services
    (draft_id,) = _open(world)
    with services.sessions() as session, session.begin():
        job = enqueue(session, draft_id=draft_id, version=1)
        job.state, job.attempts, job.heartbeat_at = "running", 3, utcnow() - timedelta(seconds=5)
    report = WorkerPool(services, size=0).recover()
    assert report.failed == 1
    with services.sessions() as session:
        draft = session.get_one(Draft, draft_id)
    assert draft.status is DraftStatus.FAILED and "interrupted 3 times" in (draft.failure_reason or "")


def test_a_generating_draft_without_any_job_is_resumed(world: World) -> None:
    services = world.services
    (draft_id,) = _open(world)
    with services.sessions() as session, session.begin():
        session.execute(update(Draft).values(updated_at=utcnow() - timedelta(seconds=5)))
    pool = WorkerPool(services, size=1, generators={DraftKind.EMAIL: _write}, poll_seconds=0.05)
    pool.start()  # start() runs recovery first
    try:
        _wait(lambda: _statuses(services, [draft_id]) == [DraftStatus.PENDING_REVIEW])
    finally:
        pool.stop()


def test_a_crashing_generator_fails_the_draft_and_the_pool_goes_on(world: World) -> None:
    services = world.services
    broken, fine = _open(world, 2)

    def flaky(services: Services, draft_id: int) -> None:
        if draft_id == broken:
            raise RuntimeError("vector store exploded")
        _write(services, draft_id)

    pool = WorkerPool(services, size=1, generators={DraftKind.EMAIL: flaky}, poll_seconds=0.05)
    pool.submit(broken, 1)
    pool.submit(fine, 1)
    pool.start()
    try:
        _wait(lambda: DraftStatus.GENERATING not in _statuses(services, [broken, fine]))
    finally:
        pool.stop()
    assert _statuses(services, [broken, fine]) == [DraftStatus.FAILED, DraftStatus.PENDING_REVIEW]
    with services.sessions() as session:
        assert "vector store exploded" in (session.get_one(Draft, broken).failure_reason or "")
        assert session.scalars(select(GenerationJob.state).order_by(GenerationJob.id)).all() == [
            "failed",
            "done",
        ]


def test_two_workers_never_take_the_same_job(world: World) -> None:
    services = world.services
    ids = _open(world, 20)
    with services.sessions() as session, session.begin():
        for draft_id in ids:
            enqueue(session, draft_id=draft_id, version=1)
    taken: list[int] = []
    lock = threading.Lock()

    def grab(worker: str) -> None:
        while True:
            with services.sessions() as session, session.begin():
                job = claim_next(session, worker=worker)
                if job is None:
                    return
                with lock:
                    taken.append(job.id)

    threads = [threading.Thread(target=grab, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == sorted(set(taken)) and len(taken) == 20
    with services.sessions() as session:
        assert queue_depth(session)["running"] == 20


def test_a_pool_without_workers_still_reports_the_queue(world: World) -> None:
    (draft_id,) = _open(world)
    pool = WorkerPool(world.services, size=0)
    pool.submit(draft_id, 1)
    pool.start()
    stats = pool.stats()
    pool.stop()
    assert (stats["queued"], stats["workers"]) == (1, 0) and stats["oldest_queued_seconds"] >= 0
