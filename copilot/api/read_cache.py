"""A per-worker cache of the hot reads' JSON answers, checked against the database on every request.

Every request first reads the read revision (migration 0006: database triggers move it in every
transaction that writes what these reads show). An answer stored under the revision read now is
served as stored: a write committed by any process, in any worker, has moved the revision, so the
next read anywhere builds afresh. An answer is stored under a revision read before its data was, so
it is never newer than the data it holds.

Entries are keyed by the caller (id, name, role and team: everything visibility and permissions
depend on) and the read's validated parameters, so one caller's answer never reaches another;
permission checks that need no database stay in the handler and run on every request.

The revision is first read on the event loop by a probe (copilot.api.revision_probes), so a cached
answer costs no trip to a worker thread; when the probe cannot answer, the request reads it in a
worker thread, in the session that builds the answer if it has to.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Hashable
from typing import Any

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from copilot.api.revision_probes import READ_REVISION, RevisionProbe
from copilot.db.models import User

Build = Callable[[Session], Any]


def viewer_key(user: User) -> tuple[int, str, str, str | None]:
    """Who is asking, down to every attribute an answer's visibility or content depends on."""
    return (user.id, user.name, user.role.value, user.team)


def read_revision(session: Session) -> int | None:
    """The database's read revision; None when the counter row is missing (nothing is cached then)."""
    value = session.connection().exec_driver_sql(READ_REVISION).scalar()
    return None if value is None else int(value)


def encode(content: Any) -> bytes:
    """JSON exactly as FastAPI's JSONResponse renders it."""
    return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


class ReadCache:
    """Encoded answers of one revision, keyed by caller and parameters; a new revision empties it."""

    # A bound on memory, not a tuning knob: callers paging through offsets must not grow it unbounded.
    MAX_BYTES = 32 * 1024 * 1024

    def __init__(self, probe: RevisionProbe | None = None) -> None:
        self.probe = probe
        self._revision: int | None = None
        self._entries: dict[Hashable, bytes] = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, revision: int | None, key: Hashable) -> bytes | None:
        """The answer stored under `revision`, if any; a newer revision drops every older answer.

        Dropping at once, not at the next store, means an erased account's drafts leave this
        worker's memory on its first read after the erasure.
        """
        with self._lock:
            if revision is None:
                return None
            if revision != self._revision and self._entries:
                self._entries.clear()
                self._bytes = 0
            return self._entries.get(key) if revision == self._revision else None

    def answer(self, session: Session, key: Hashable, build: Build) -> bytes:
        """The answer stored under the current revision, else `build(session)` encoded and stored.

        The revision is read before the data: on SQLite the data then comes from the same snapshot;
        on PostgreSQL (a snapshot per statement) it may be newer than the revision it is stored
        under, which costs a rebuild on the next request, never a stale answer.
        """
        revision = read_revision(session)
        cached = self.get(revision, key)
        if cached is not None:
            return cached
        body = encode(build(session))
        if revision is not None:
            self._keep(revision, key, body)
        return body

    async def close(self) -> None:
        """Release the probe's connection (the app is shutting down)."""
        if self.probe is not None:
            await self.probe.close()

    def _keep(self, revision: int, key: Hashable, body: bytes) -> None:
        with self._lock:
            if revision != self._revision or self._bytes + len(body) > self.MAX_BYTES:
                self._entries.clear()
                self._bytes = 0
                self._revision = revision
            previous = self._entries.get(key)
            self._bytes += len(body) - (len(previous) if previous is not None else 0)
            self._entries[key] = body


async def cached_json(request: Request, key: Hashable, build: Build) -> Response:
    """Answer from the app's read cache: on the event loop when the probe allows, else in a worker
    thread with a session of its own (reading the revision again there, then building if needed)."""
    cache: ReadCache = request.app.state.read_cache
    if cache.probe is not None:
        cached = cache.get(await cache.probe(), key)
        if cached is not None:
            return Response(cached, media_type="application/json")
    sessions: Callable[[], Session] = request.app.state.services.sessions

    def answer() -> bytes:
        with sessions() as session:
            return cache.answer(session, key, build)

    return Response(await run_in_threadpool(answer), media_type="application/json")
