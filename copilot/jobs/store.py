"""The generation queue's rows: enqueue, claim, heartbeat, finish, recover; small keyword-only functions.

The queue lives in the database, so a request is never lost with a process: after a restart, jobs
whose worker stopped heart-beating are queued again (or failed after too many attempts), and
drafts left in `generating` without any job are resumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, exists, func, select, update
from sqlalchemy.orm import Session

from copilot.db.models import Draft, DraftStatus, GenerationJob
from copilot.db.session import write_lock_first
from copilot.db.types import utcnow
from copilot.errors import NotFoundError
from copilot.workflow import fail_generation, lock_draft

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
ACTIVE = (QUEUED, RUNNING)


@dataclass
class RecoveryReport:
    """What a recovery sweep did."""

    requeued: int = 0
    failed: int = 0
    resumed: int = 0


def enqueue(session: Session, *, draft_id: int, version: int) -> GenerationJob:
    """Queue the generation of one draft version (in the caller's transaction)."""
    job = GenerationJob(draft_id=draft_id, version=version, state=QUEUED, attempts=0)
    session.add(job)
    session.flush()
    return job


def claim_next(session: Session, *, worker: str) -> GenerationJob | None:
    """Take the oldest queued job for this worker; a conditional UPDATE makes a job go to one worker only."""
    write_lock_first(session)
    for _ in range(5):
        query = (
            select(GenerationJob)
            .where(GenerationJob.state == QUEUED)
            .order_by(GenerationJob.enqueued_at, GenerationJob.id)
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        job = session.scalar(query)
        if job is None:
            return None
        now = utcnow()
        result = cast(
            CursorResult[Any],
            session.execute(
                update(GenerationJob)
                .where(GenerationJob.id == job.id, GenerationJob.state == QUEUED)
                .values(
                    state=RUNNING, worker=worker, started_at=now, heartbeat_at=now, attempts=job.attempts + 1
                )
                .execution_options(synchronize_session=False)
            ),
        )
        if result.rowcount == 1:
            session.refresh(job)
            return job
    return None


def heartbeat(session: Session, *, worker: str, job_ids: list[int]) -> None:
    """Tell recovery these jobs are still being worked on."""
    if job_ids:
        session.execute(
            update(GenerationJob)
            .where(
                GenerationJob.id.in_(job_ids), GenerationJob.worker == worker, GenerationJob.state == RUNNING
            )
            .values(heartbeat_at=utcnow())
        )


def finish(session: Session, *, job_id: int, state: str, error: str | None = None) -> None:
    """Close a job as done or failed."""
    session.execute(
        update(GenerationJob)
        .where(GenerationJob.id == job_id)
        .values(state=state, error=error, finished_at=utcnow())
    )


def requeue(session: Session, *, job_id: int, error: str) -> None:
    """Put a job back in the queue after a transient failure (a busy database)."""
    session.execute(
        update(GenerationJob).where(GenerationJob.id == job_id).values(state=QUEUED, worker=None, error=error)
    )


def queue_depth(session: Session) -> dict[str, Any]:
    """Queued and running jobs, and how long the oldest queued one has waited (seconds)."""
    rows = session.execute(
        select(GenerationJob.state, func.count())
        .where(GenerationJob.state.in_(ACTIVE))
        .group_by(GenerationJob.state)
    )
    counts = {QUEUED: 0, RUNNING: 0, **dict(rows.tuples().all())}
    oldest = session.scalar(select(func.min(GenerationJob.enqueued_at)).where(GenerationJob.state == QUEUED))
    age = (utcnow() - _aware(oldest)).total_seconds() if oldest is not None else 0.0
    return {"queued": counts[QUEUED], "running": counts[RUNNING], "oldest_queued_seconds": round(age, 3)}


def _aware(value: datetime) -> datetime:
    # Aggregates bypass the column type, so SQLite hands back a naive (UTC) value or a string.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=utcnow().tzinfo)


def fail_draft_if_generating(session: Session, *, draft_id: int, version: int, reason: str) -> bool:
    """Mark the draft failed if it is still generating this version (never leave it stuck)."""
    try:
        draft = lock_draft(session, draft_id=draft_id)
    except NotFoundError:
        return False
    if draft.status is not DraftStatus.GENERATING or draft.version != version:
        return False
    fail_generation(session, draft, reason)
    return True


def _requeue_stale(
    session: Session, stale_before: datetime, max_attempts: int, report: RecoveryReport
) -> None:
    stale = session.scalars(
        select(GenerationJob).where(GenerationJob.state == RUNNING, GenerationJob.heartbeat_at < stale_before)
    ).all()
    for job in stale:
        if job.attempts < max_attempts:
            job.state, job.worker, job.error = QUEUED, None, "worker stopped; queued again"
            report.requeued += 1
            continue
        job.state, job.finished_at = FAILED, utcnow()
        job.error = f"interrupted {job.attempts} times; giving up"
        fail_draft_if_generating(session, draft_id=job.draft_id, version=job.version, reason=job.error)
        report.failed += 1


def _resume_orphans(session: Session, orphan_before: datetime, report: RecoveryReport) -> None:
    has_job = exists().where(
        and_(
            GenerationJob.draft_id == Draft.id,
            GenerationJob.version == Draft.version,
            GenerationJob.state.in_(ACTIVE),
        )
    )
    orphans = session.execute(
        select(Draft.id, Draft.version).where(
            Draft.status == DraftStatus.GENERATING, Draft.updated_at < orphan_before, ~has_job
        )
    ).tuples()
    for draft_id, version in list(orphans):
        enqueue(session, draft_id=draft_id, version=version)
        report.resumed += 1


def recover(
    session: Session, *, stale_after: float, orphan_after: float, max_attempts: int
) -> RecoveryReport:
    """Requeue (or fail) jobs whose worker went silent, and resume generating drafts that have no job."""
    write_lock_first(session)
    now = utcnow()
    report = RecoveryReport()
    _requeue_stale(session, now - timedelta(seconds=stale_after), max_attempts, report)
    _resume_orphans(session, now - timedelta(seconds=orphan_after), report)
    return report
