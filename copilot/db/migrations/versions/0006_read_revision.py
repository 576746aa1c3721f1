"""read revision: a counter every write to what API reads show moves, in the writing transaction

The API workers cache their answers to the review queue and draft reads; each request compares the
cached answer's revision with this counter, so a write committed by any process (another uvicorn
worker, the CLI, a migration) is seen by the next read. Triggers move it, not application code, so no
write path can be missed: ORM flushes, Core and raw SQL statements, and foreign-key cascades alike.

On PostgreSQL the triggers are deferred to commit and bump the counter once per transaction: the row
lock on the counter is then held only while committing, after every other lock the transaction
takes, so concurrent writers queue briefly on it but can never deadlock through it.

A later migration that rebuilds a watched table on SQLite (batch mode copies it) drops its triggers
with the old table and must create them again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table whose rows the cached reads show or filter by, or that changes alongside them.
WATCHED_TABLES = ("accounts", "contacts", "users", "drafts", "revisions", "decisions", "deliveries")
OPERATIONS = ("INSERT", "UPDATE", "DELETE")

BUMP = "UPDATE read_revision SET revision = revision + 1 WHERE id = 1"

# Once per transaction: the transaction-local setting says this one has bumped already (it is rolled
# back with a savepoint, together with the bump it marks).
PG_FUNCTION = f"""
CREATE FUNCTION bump_read_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('copilot.read_revision_bumped', true), '') <> 'on' THEN
        {BUMP};
        PERFORM set_config('copilot.read_revision_bumped', 'on', true);
    END IF;
    RETURN NULL;
END $$
"""


def upgrade() -> None:
    op.create_table(
        "read_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO read_revision (id, revision) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        _create_postgresql_triggers()
    else:
        _create_sqlite_triggers()


def _create_sqlite_triggers() -> None:
    # SQLite has one writer at a time, so a row trigger per change costs a write but never contends.
    for table in WATCHED_TABLES:
        for operation in OPERATIONS:
            op.execute(
                f"CREATE TRIGGER bump_read_revision_{table}_{operation.lower()} AFTER {operation} "
                f"ON {table} BEGIN {BUMP}; END"
            )


def _create_postgresql_triggers() -> None:
    op.execute(PG_FUNCTION)
    for table in WATCHED_TABLES:
        op.execute(
            f"CREATE CONSTRAINT TRIGGER bump_read_revision AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_read_revision()"
        )
        op.execute(
            f"CREATE TRIGGER bump_read_revision_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION bump_read_revision()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED_TABLES:
            op.execute(f"DROP TRIGGER bump_read_revision ON {table}")
            op.execute(f"DROP TRIGGER bump_read_revision_truncate ON {table}")
        op.execute("DROP FUNCTION bump_read_revision()")
    else:
        for table in WATCHED_TABLES:
            for operation in OPERATIONS:
                op.execute(f"DROP TRIGGER bump_read_revision_{table}_{operation.lower()}")
    op.drop_table("read_revision")
