"""index for the per-account interaction watermark

Retrieval checks an account's watermark (interaction count, latest updated_at) on every grounded-
context build; this index answers it from the index alone, whatever the account's size.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 04:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_interactions_account_updated", "interactions", ["account_id", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_interactions_account_updated", table_name="interactions")
