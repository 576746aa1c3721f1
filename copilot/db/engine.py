"""The database engine and its connection check: SQLAlchemy Core only.

Kept apart from the ORM sessions (copilot/db/session.py) so a command that only checks or migrates the
schema, like `copilot init`, does not load SQLAlchemy's ORM and our mapped classes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError

from copilot.errors import ConfigError

if TYPE_CHECKING:
    from copilot.config import Settings

# An UPDATE that matches nothing: it takes SQLite's write lock without changing a row.
SQLITE_WRITE_LOCK = "UPDATE alembic_version SET version_num = version_num WHERE 0"


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


def _begin_sqlite(connection: Connection) -> None:
    # Deferred, so readers never wait on each other; write paths take the lock first
    # (copilot.db.session.write_lock_first).
    connection.exec_driver_sql("BEGIN")


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


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A Core transaction that will write: commits on success, rolls back on any error.

    On SQLite it takes the write lock first, as the ORM's `with session.begin():` does
    (copilot.db.session), so a transaction that reads before it writes queues on the busy timeout
    instead of failing when another writer committed in between.
    """
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(SQLITE_WRITE_LOCK)
        yield connection


def migrations_dir() -> Path:
    """Where the Alembic scripts ship inside the package."""
    return Path(__file__).parent / "migrations"
