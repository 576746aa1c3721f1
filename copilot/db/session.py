"""ORM sessions: the session factory and SQLite's write lock for transactions that will write.

The engine they bind to is built in copilot/db/engine.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from copilot.db.engine import SQLITE_WRITE_LOCK


def write_lock_first(session: Session) -> None:
    """On SQLite, take the write lock at the start of a transaction that reads before it writes.

    A deferred SQLite transaction that read and then writes fails at once ("database is locked")
    when another writer committed in between; an UPDATE that matches nothing takes the lock up
    front, so concurrent writers queue on the busy timeout instead. A no-op on other databases.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text(SQLITE_WRITE_LOCK))


class CopilotSession(Session):
    """A Session whose explicit `begin()` declares a write transaction (see write_lock_first)."""

    def begin(self, nested: bool = False) -> SessionTransaction:
        """Begin; an outer explicit transaction takes SQLite's write lock as its first statement."""
        if not nested and not self.in_transaction():
            self.info["write_intent"] = True
        return super().begin(nested=nested)


@event.listens_for(CopilotSession, "after_begin")
def _lock_declared_writes(session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
    # Reads stay deferred (readers never wait); `with session.begin():` blocks are writes and queue
    # on the busy timeout instead of failing when another writer committed in between.
    if session.info.pop("write_intent", False) and connection.dialect.name == "sqlite":
        connection.exec_driver_sql(SQLITE_WRITE_LOCK)


def build_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (handlers return them)."""
    return sessionmaker(bind=engine, expire_on_commit=False, class_=CopilotSession)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session
