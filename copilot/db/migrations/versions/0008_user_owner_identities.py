"""users.email and users.crm_owner_id: the identities a CRM export names an account's owner by

Real exports carry the owner's id (Salesforce OwnerId, HubSpot owner id) or email, not our user name,
so a rep owns an account when its owner field equals their name, their email (any case) or their CRM
owner id. Both are optional and unique. Adding columns and indexes never rebuilds the table, so the
read-revision triggers on users (migration 0006) stay in place on SQLite.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 09:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("email", sa.String(254), nullable=True))
    op.add_column("users", sa.Column("crm_owner_id", sa.String(120), nullable=True))
    op.create_index("ix_users_email", "users", ["email"], unique=True)
    op.create_index("ix_users_crm_owner_id", "users", ["crm_owner_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_users_crm_owner_id", table_name="users")
    op.drop_index("ix_users_email", table_name="users")
    op.drop_column("users", "crm_owner_id")
    op.drop_column("users", "email")
