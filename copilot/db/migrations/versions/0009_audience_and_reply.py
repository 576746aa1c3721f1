"""interaction audience, reply drafts, and the rep's sign-off

Every interaction carries its audience: "customer" (exchanged with the customer) or "internal" (CRM
notes, tickets no customer raised, mail among our own domains, anything marked internal), set at
ingest and changeable by a reviewer (`audience_source` then says "reviewer", and re-ingest keeps
it). A draft may answer one inbound interaction (`reply_to_interaction_id`). Users carry the display
name and optional signature their drafts are signed with.

Plain ADD COLUMN, never a batch rebuild: users and drafts carry the read-revision triggers of 0006,
which a SQLite table copy would drop.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-03 09:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The ingest rules of copilot.ingest.audience, for the rows stored before this migration.
BACKFILL = (
    "UPDATE interactions SET audience = 'internal' "
    "WHERE kind = 'note' OR direction = 'internal' OR (kind = 'ticket' AND contact_id IS NULL)"
)


def upgrade() -> None:
    """Add the audience columns (backfilled), drafts.reply_to_interaction_id and the users' sign-off."""
    op.add_column(
        "interactions",
        sa.Column("audience", sa.String(length=16), nullable=False, server_default="customer"),
    )
    op.add_column(
        "interactions",
        sa.Column("audience_source", sa.String(length=16), nullable=False, server_default="ingest"),
    )
    op.execute(BACKFILL)
    op.add_column("drafts", sa.Column("reply_to_interaction_id", sa.Integer(), nullable=True))
    op.add_column("users", sa.Column("display_name", sa.String(length=200), nullable=True))
    op.add_column("users", sa.Column("signature", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop the columns again (SQLite drops a column in place, so the 0006 triggers stay)."""
    op.drop_column("users", "signature")
    op.drop_column("users", "display_name")
    op.drop_column("drafts", "reply_to_interaction_id")
    op.drop_column("interactions", "audience_source")
    op.drop_column("interactions", "audience")
