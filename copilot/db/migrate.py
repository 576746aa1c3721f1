"""Run Alembic migrations programmatically, the same way on SQLite and PostgreSQL.

Every CLI command migrates first; when the database is already at the newest revision (almost always),
that is one small query, and Alembic, which takes a good part of a second to import, is not loaded.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from copilot.db.engine import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

_REVISION = re.compile(r"^revision(?:\s*:[^=]+)?\s*=\s*['\"]([\w-]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([\w-]+)['\"]")


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at the packaged scripts and the given engine."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


@lru_cache(maxsize=1)
def script_heads() -> frozenset[str]:
    """The head revisions of the packaged scripts, read from their text (no Alembic import)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (migrations_dir() / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        if revision is None:
            continue
        revisions.add(revision.group(1))
        down = _DOWN_REVISION.search(source)
        if down is not None:
            parents.update(_QUOTED.findall(down.group(1)))
    return frozenset(revisions - parents)


def database_revisions(engine: Engine) -> frozenset[str]:
    """The revisions the database is stamped with (none for a new database)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return frozenset()
        return frozenset(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent; a no-op query when already there)."""
    heads = script_heads()
    if heads and database_revisions(engine) == heads:
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
