"""body citations: which records each span of a draft's text rests on, per draft and per revision

The delivered text is a letter without citation markers; the evidence travels beside it as
`[{"start", "end", "n": [...]}]` over the body, stored with the draft and with every revision.

Revision ID: 0010
Revises: 0009 (0006 before i14a was merged; the coordinator re-chains)
Create Date: 2026-12-03 09:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("drafts", "revisions")


def upgrade() -> None:
    """Add body_citations to drafts and revisions; existing rows get an empty list."""
    # A plain ADD COLUMN: SQLite does it in place, so the read-revision triggers of 0006 stay.
    for table in TABLES:
        op.add_column(
            table, sa.Column("body_citations", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    """Drop the columns (SQLite 3.35+ drops a column in place, keeping the triggers)."""
    for table in TABLES:
        op.drop_column(table, "body_citations")
