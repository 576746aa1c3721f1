"""An in-process pool of worker threads that generate queued drafts; several processes may share one queue."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from typing import Any

from pydantic import Field
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from copilot.container import Services
from copilot.db.models import Draft, DraftKind, DraftStatus
from copilot.errors import CopilotError
from copilot.jobs import store
from copilot.jobs.signals import DraftSignals
from copilot.shapes import Shape
from copilot.tools.registry import draft_generators

log = logging.getLogger(__name__)

Generator = Callable[[Services, int], object]
# Which tool fills a draft of each kind (copilot/tools/registry.py); a kind without a generator fails its
# drafts with a clear reason.
GENERATORS: dict[DraftKind, Generator] = draft_generators()


class QueueStats(Shape):
    """The generation queue's depth (all processes) and this process's workers and counters."""

    queued: int
    running: int
    oldest_queued_seconds: float = Field(description="how long the oldest queued request has waited")
    workers: int = Field(description="worker threads in this process")
    busy_here: int
    done_here: int = Field(description="generations finished by this process since it started")
    failed_here: int


# An idle worker polls less and less often, up to this: a claim is a database transaction (~10 ms of
# CPU), and at a steady 0.5 s two API processes of two workers each burnt ~20% of a core doing nothing,
# on a 2-core machine. Work submitted in this process wakes a worker at once (`wake`); only a job queued
# by another process waits for the poll, at most this long.
MAX_IDLE_POLL_SECONDS = 5.0


def next_idle_wait(current: float) -> float:
    """The wait after another empty poll: doubled, up to MAX_IDLE_POLL_SECONDS."""
    return min(current * 2, MAX_IDLE_POLL_SECONDS)


class WorkerPool:
    """Threads that claim queued jobs, run the draft's tool, and never leave a draft stuck."""

    def __init__(
        self,
        services: Services,
        *,
        size: int | None = None,
        generators: dict[DraftKind, Generator] | None = None,
        poll_seconds: float = 0.5,
    ) -> None:
        self.services = services
        self.size = services.settings.worker_pool_size if size is None else size
        self.generators = dict(GENERATORS if generators is None else generators)
        self.poll_seconds = poll_seconds
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.counts = {"done": 0, "failed": 0}
        # Event streams of this process wait on these instead of polling the database.
        self.finished = DraftSignals()
        self._running: set[int] = set()
        self._lock = threading.Lock()
        self._signal = threading.Condition()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def started(self) -> bool:
        """True while worker threads run."""
        return bool(self._threads)

    def start(self) -> None:
        """Recover what a previous process left, then start the workers and the heartbeat thread."""
        self.recover()
        if self.size == 0 or self._threads:
            return
        self._stop.clear()
        for n in range(self.size):
            self._spawn(self._work_loop, f"copilot-worker-{n}")
        self._spawn(self._maintenance_loop, "copilot-worker-heartbeat")

    def _spawn(self, target: Callable[[], None], name: str) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        """Let running jobs finish (up to `timeout`); unfinished ones are recovered by the next start."""
        self._stop.set()
        self.wake(all_workers=True)
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    def wake(self, *, all_workers: bool = False) -> None:
        """Tell idle workers there is work (they also poll, so a missed wake only delays)."""
        with self._signal:
            if all_workers:
                self._signal.notify_all()
            else:
                self._signal.notify()

    def submit(self, draft_id: int, version: int) -> int:
        """Queue a draft version in its own transaction and wake a worker; returns the job id."""
        with self.services.sessions() as session, session.begin():
            job_id = store.enqueue(session, draft_id=draft_id, version=version).id
        self.wake()
        return job_id

    @staticmethod
    def enqueue_with(session: Session, draft: Draft) -> None:
        """Queue a new draft in the transaction that creates it (request_email's `on_open`); then wake()."""
        store.enqueue(session, draft_id=draft.id, version=draft.version)

    def recover(self) -> store.RecoveryReport:
        """One recovery sweep (also run periodically by the heartbeat thread)."""
        settings = self.services.settings
        with self.services.sessions() as session, session.begin():
            report = store.recover(
                session,
                stale_after=settings.job_stale_seconds,
                orphan_after=max(settings.job_stale_seconds, 2 * settings.llm_timeout_seconds),
                max_attempts=settings.job_max_attempts,
            )
        if report.requeued or report.failed or report.resumed:
            log.warning("generation recovery: %s", report)
            self.wake(all_workers=True)
        return report

    def stats(self) -> dict[str, Any]:
        """Queue depth from the database plus this process's workers and counters."""
        with self.services.sessions() as session:
            depth = store.queue_depth(session)
        with self._lock:
            busy = len(self._running)
        return {
            **depth,
            "workers": self.size,
            "busy_here": busy,
            **{f"{k}_here": v for k, v in self.counts.items()},
        }

    def queue_stats(self) -> QueueStats:
        """`stats()` in its documented shape."""
        return QueueStats.model_validate(self.stats())

    def _work_loop(self) -> None:
        wait = self.poll_seconds
        while not self._stop.is_set():
            try:
                claimed = self._claim()
                if claimed is not None:
                    self._run(*claimed)
                    wait = self.poll_seconds
                    continue
            except Exception:  # a busy or lost database must not kill the worker; back off and retry
                log.exception("generation worker: database error; retrying")
            with self._signal:
                woken = self._signal.wait(wait)
            wait = self.poll_seconds if woken else next_idle_wait(wait)

    def _claim(self) -> tuple[int, int, int, int] | None:
        with self.services.sessions() as session, session.begin():
            job = store.claim_next(session, worker=self.worker)
            return (job.id, job.draft_id, job.version, job.attempts) if job is not None else None

    def _maintenance_loop(self) -> None:
        interval = max(0.2, self.services.settings.job_stale_seconds / 4)
        while not self._stop.wait(interval):
            with self._lock:
                running = list(self._running)
            try:
                with self.services.sessions() as session, session.begin():
                    store.heartbeat(session, worker=self.worker, job_ids=running)
                self.recover()
            except Exception:  # a database hiccup must not kill the heartbeat; the next tick retries
                log.exception("generation heartbeat failed")

    def _run(self, job_id: int, draft_id: int, version: int, attempts: int) -> None:
        with self._lock:
            self._running.add(job_id)
        outcome, error = store.DONE, None
        try:
            self._generate(draft_id, version)
        except OperationalError as exc:  # a busy (SQLite) or lost database: try the job again later
            outcome, error = store.QUEUED, f"database busy: {exc.orig}"
            if attempts >= self.services.settings.job_max_attempts:
                outcome = store.FAILED
                self._fail_draft(draft_id, version, error)
        except Exception as exc:  # any other failure, expected or not, must end as a failed draft
            outcome, error = store.FAILED, f"{type(exc).__name__}: {exc}"
            if not isinstance(exc, CopilotError | LookupError):
                log.exception("generation of draft %s v%s crashed", draft_id, version)
            self._fail_draft(draft_id, version, error)
        finally:
            with self._lock:
                self._running.discard(job_id)
                if outcome != store.QUEUED:
                    self.counts["done" if outcome == store.DONE else "failed"] += 1
        # The draft's own state is committed by now (stored, or failed above); the job row can follow.
        self.finished.notify(draft_id)
        with self.services.sessions() as session, session.begin():
            if outcome == store.QUEUED:
                store.requeue(session, job_id=job_id, error=error or "")
            else:
                store.finish(session, job_id=job_id, state=outcome, error=error)

    def _generate(self, draft_id: int, version: int) -> None:
        with self.services.sessions() as session:
            draft = session.get(Draft, draft_id)
            if draft is None or draft.status is not DraftStatus.GENERATING or draft.version != version:
                return  # erased, or already finished or superseded by a newer version: nothing to do
            kind = draft.kind
        generator = self.generators.get(kind)
        if generator is None:
            raise LookupError(f"no generator for {kind.value} drafts in this version")
        generator(self.services, draft_id)

    def _fail_draft(self, draft_id: int, version: int, reason: str) -> None:
        try:
            with self.services.sessions() as session, session.begin():
                store.fail_draft_if_generating(session, draft_id=draft_id, version=version, reason=reason)
        except Exception:  # the recovery sweep fails it later if this write cannot be made now
            log.exception("could not mark draft %s failed", draft_id)


__all__ = ["GENERATORS", "WorkerPool"]
