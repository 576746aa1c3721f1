"""Engine and session factory, built once per process from settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from copilot.config import Settings
from copilot.errors import ConfigError


def _configure_sqlite(dbapi_connection: object, _record: object) -> None:
    # pysqlite's own transaction handling commits on SAVEPOINT release, which breaks nested
    # transactions; hand BEGIN to SQLAlchemy instead (its documented recipe).
    dbapi_connection.isolation_level = None  # type: ignore[attr-defined]
    # SQLite ignores ON DELETE CASCADE unless asked per connection; erasure depends on it.
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


# An UPDATE that matches nothing: it takes SQLite's write lock without changing a row.
_SQLITE_WRITE_LOCK = "UPDATE alembic_version SET version_num = version_num WHERE 0"


def _begin_sqlite(connection: Connection) -> None:
    # Deferred, so readers never wait on each other; write paths call write_lock_first.
    connection.exec_driver_sql("BEGIN")


def write_lock_first(session: Session) -> None:
    """On SQLite, take the write lock at the start of a transaction that reads before it writes.

    A deferred SQLite transaction that read and then writes fails at once ("database is locked")
    when another writer committed in between; an UPDATE that matches nothing takes the lock up
    front, so concurrent writers queue on the busy timeout instead. A no-op on other databases.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text(_SQLITE_WRITE_LOCK))


def build_engine(settings: Settings) -> Engine:
    """Create the SQLAlchemy engine for the configured database.

    `hide_parameters`: a database error's message (logged, and in tracebacks) would otherwise carry
    the bound values: interaction text, names, email addresses.
    """
    url = settings.sqlalchemy_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 10}, hide_parameters=True
        )
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=True)


def check_database(engine: Engine) -> None:
    """Fail with a ConfigError naming the setting when the database cannot be reached."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise ConfigError("COPILOT_DATABASE_URL", f"cannot connect ({reason})") from exc


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
        connection.exec_driver_sql(_SQLITE_WRITE_LOCK)


def build_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (handlers return them)."""
    return sessionmaker(bind=engine, expire_on_commit=False, class_=CopilotSession)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


def migrations_dir() -> Path:
    """Where the Alembic scripts ship inside the package."""
    return Path(__file__).parent / "migrations"
