"""structured draft content and cached account summaries

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 02:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add drafts.structured and the account_summaries cache table."""
    with op.batch_alter_table("drafts") as batch:
        # Existing rows get an empty object so the column can be NOT NULL like the model says.
        batch.add_column(sa.Column("structured", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    op.create_table(
        "account_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("prompt_version", sa.String(length=32), nullable=True),
        sa.Column("watermark_count", sa.Integer(), nullable=False),
        sa.Column("watermark_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id"),
    )


def downgrade() -> None:
    """Drop the summaries cache and drafts.structured."""
    op.drop_table("account_summaries")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("structured")
