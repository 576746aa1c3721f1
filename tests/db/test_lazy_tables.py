"""Core tables are built when first named, with the tables their foreign keys point at; `metadata` has all.

Cold processes (a fresh interpreter) show what one name builds; in this process other tests may already
have built every table, so the checks here are on the whole schema.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from sqlalchemy import inspect

from copilot.container import Services
from copilot.db import tables
from tests.support.shared_data import REPO_ROOT


def test_metadata_describes_every_table_the_migrations_create(db_services: Services) -> None:
    migrated = set(inspect(db_services.engine).get_table_names()) - {"alembic_version"}
    assert set(tables.metadata.tables) == migrated


def test_every_foreign_key_in_metadata_resolves() -> None:
    for table in tables.metadata.tables.values():
        for key in table.foreign_keys:
            assert key.column.table.name in tables.metadata.tables  # `.column` raises when unresolved


# Prints the tables built in the process so far (the module's private MetaData, filled as they are built).
REPORT = "import json, sys; print(json.dumps(sorted(sys.modules['copilot.db.tables']._metadata.tables)))"


def _built_after(statement: str) -> list[str]:
    probe = f"{statement}\n{REPORT}"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, cwd=REPO_ROOT, check=True
    )
    return list(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    ("statement", "built"),
    [
        ("import copilot.db.tables", []),
        ("from copilot.db.tables import users, Role", ["users"]),
        ("from copilot.db.tables import contacts", ["accounts", "contacts"]),
        ("from copilot.db.tables import drafts", ["accounts", "contacts", "drafts", "users"]),
        ("from copilot.db import tables; tables.metadata", sorted(tables.metadata.tables)),
    ],
)
def test_naming_a_table_builds_it_and_the_tables_it_points_at(statement: str, built: list[str]) -> None:
    assert _built_after(statement) == built


def test_a_name_that_is_no_table_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_table"):
        _ = tables.no_such_table  # type: ignore[attr-defined]
