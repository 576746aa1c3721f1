"""source identity per account: (account_id, source, source_id) unique instead of (source, source_id)

Message-IDs, calendar UIDs and CRM activity ids are chosen by whoever wrote the file, so an identity
unique across the whole store let one account's upload match, move or (with sync) delete another
account's item. Existing rows are unique on (source, source_id), so they are unique on the new key as
they stand. Uploads are now staged, and synced, per account: the sync origin of an earlier upload
("upload:<kind>:<name>") becomes its account's ("upload:<kind>:account-<id>:<name>"), so a re-upload
of that name into the account still replaces what it held.

SQLite cannot drop a table constraint in place: batch mode copies the table and drops the old one. Our
connections turn foreign keys on (and a transaction cannot turn them off), so that drop would cascade
to every chunk; the chunks are copied aside first and put back. `interactions` has none of migration
0006's read-revision triggers, so no trigger needs recreating.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD = ("uq_interactions_source", ["source", "source_id"])
NEW = ("uq_interactions_account_source", ["account_id", "source", "source_id"])


def upgrade() -> None:
    _swap_unique(drop=OLD, create=NEW)
    _rename_upload_origins(_scoped)


def downgrade() -> None:
    duplicated = op.get_bind().execute(
        sa.text(
            "SELECT source, source_id FROM interactions GROUP BY source, source_id HAVING count(*) > 1 LIMIT 1"
        )
    ).first()
    if duplicated is not None:
        raise RuntimeError(
            f"cannot downgrade below 0007: {duplicated[0]} item {duplicated[1]!r} is stored under several "
            "accounts; erase or rename the copies first"
        )
    _swap_unique(drop=NEW, create=OLD)
    _rename_upload_origins(_unscoped)


def _swap_unique(*, drop: tuple[str, list[str]], create: tuple[str, list[str]]) -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(drop[0], "interactions", type_="unique")
        op.create_unique_constraint(create[0], "interactions", create[1])
        return
    op.execute("CREATE TEMP TABLE chunks_kept_0007 AS SELECT * FROM chunks")
    with op.batch_alter_table("interactions", recreate="always") as batch:
        batch.drop_constraint(drop[0], type_="unique")
        batch.create_unique_constraint(create[0], create[1])
    # Only what the table copy's cascade removed (none, when foreign keys were off).
    op.execute("INSERT INTO chunks SELECT * FROM chunks_kept_0007 WHERE id NOT IN (SELECT id FROM chunks)")
    op.execute("DROP TABLE chunks_kept_0007")


def _scoped(origin: str, account_id: int) -> str | None:
    kind_and_name = origin.split(":")
    if len(kind_and_name) != 3:
        return None
    return f"upload:{kind_and_name[1]}:account-{account_id}:{kind_and_name[2]}"


def _unscoped(origin: str, account_id: int) -> str | None:
    parts = origin.split(":")
    return f"upload:{parts[1]}:{parts[3]}" if len(parts) == 4 else None


def _rename_upload_origins(rename: Callable[[str, int], str | None]) -> None:
    bind = op.get_bind()
    groups = bind.execute(
        sa.text("SELECT DISTINCT account_id, origin FROM interactions WHERE origin LIKE 'upload:%'")
    ).all()
    for account_id, origin in groups:
        renamed = rename(origin, account_id)
        if renamed is not None:
            bind.execute(
                sa.text("UPDATE interactions SET origin = :new WHERE account_id = :account AND origin = :old"),
                {"new": renamed, "account": account_id, "old": origin},
            )
