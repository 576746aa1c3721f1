"""Read the database's read revision on the event loop, without a worker thread or a pooled session.

A probe answers None whenever it cannot answer at once (busy, unreachable, not set up): the request
then reads the revision in a worker thread, where waiting and errors are handled as for any query.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
from pathlib import Path
from typing import Protocol

import psycopg
from sqlalchemy.engine import make_url

READ_REVISION = "SELECT revision FROM read_revision WHERE id = 1"


class RevisionProbe(Protocol):
    """Reads the revision on the event loop, or None."""

    async def __call__(self) -> int | None:
        """The current revision, or None when it cannot be read at once."""
        ...

    async def close(self) -> None:
        """Close the probe's connection (a later call opens a new one)."""
        ...


class SqliteRevisionProbe:
    """A SQLite file's revision: a read in WAL mode takes microseconds and never waits for writers."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._connection: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    async def __call__(self) -> int | None:
        """The current revision, or None when the file is locked or unreadable."""
        with self._lock:
            try:
                if self._connection is None:
                    # mode=rw never creates a file; timeout=0 answers a lock with SQLITE_BUSY at once
                    # instead of stalling the event loop.
                    self._connection = sqlite3.connect(
                        f"{Path(self._path).resolve().as_uri()}?mode=rw",
                        uri=True,
                        timeout=0,
                        isolation_level=None,
                        check_same_thread=False,
                    )
                # fetchall, not fetchone: stepping to the end closes the read, so no snapshot is held.
                rows = self._connection.execute(READ_REVISION).fetchall()
            except sqlite3.Error:
                return None
        return int(rows[0][0]) if rows else None

    async def close(self) -> None:
        """Close the probe's connection."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


class PostgresRevisionProbe:
    """A PostgreSQL database's revision over one asynchronous connection of the probe's own."""

    TIMEOUT_S = 1.0
    # After a failure, requests skip the probe for a while: the session path reports an unreachable
    # database at once (503), where queueing every request on this one connection would not.
    BACKOFF_S = 5.0

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        self._connection: psycopg.AsyncConnection[tuple[int]] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = asyncio.Lock()
        self._resume_at = 0.0

    async def __call__(self) -> int | None:
        """The current revision, or None when the server does not answer within TIMEOUT_S."""
        loop = self._forget_other_loops()
        if loop.time() < self._resume_at:
            return None
        async with self._lock:
            try:
                return await asyncio.wait_for(self._read(), self.TIMEOUT_S)
            except (psycopg.Error, TimeoutError, OSError):
                self._resume_at = loop.time() + self.BACKOFF_S
                await self._drop()  # a timed-out or broken connection is not reused
                return None

    async def _read(self) -> int | None:
        if self._connection is None or self._connection.closed:
            self._connection = await psycopg.AsyncConnection.connect(self._conninfo, autocommit=True)
        cursor = await self._connection.execute(READ_REVISION)
        row = await cursor.fetchone()
        return None if row is None else int(row[0])

    def _forget_other_loops(self) -> asyncio.AbstractEventLoop:
        # A connection and lock belong to the loop that made them; an app served again on a new loop
        # (tests do this) starts over instead of touching the old loop's objects.
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            self._loop, self._connection, self._lock, self._resume_at = loop, None, asyncio.Lock(), 0.0
        return loop

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(psycopg.Error, OSError):  # broken already: nothing to release
                await connection.close()

    async def close(self) -> None:
        """Close the probe's connection."""
        if self._loop is asyncio.get_running_loop():
            await self._drop()


def revision_probe(database_url: str) -> RevisionProbe | None:
    """The probe for the configured database: a SQLite file or PostgreSQL; None for anything else."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "postgresql":
        return PostgresRevisionProbe(url.set(drivername="postgresql").render_as_string(hide_password=False))
    if backend != "sqlite" or url.database in (None, "", ":memory:") or url.query:
        return None
    return SqliteRevisionProbe(url.database)
