"""Asynchronous generation: a queue persisted in the database and an in-process worker pool."""

from copilot.jobs.pool import GENERATORS, WorkerPool
from copilot.jobs.store import RecoveryReport, enqueue, queue_depth, recover

__all__ = ["GENERATORS", "RecoveryReport", "WorkerPool", "enqueue", "queue_depth", "recover"]
