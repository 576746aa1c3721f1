"""The schema behaves the same on SQLite and PostgreSQL: migrations, constraints, cascades, time zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic import command
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError, StatementError

from copilot.container import Services
from copilot.db.migrate import alembic_config, database_revisions, script_heads
from copilot.db.models import (
    Account,
    AuditEvent,
    Chunk,
    Contact,
    Draft,
    DraftKind,
    DraftStatus,
    Interaction,
    Role,
    User,
)

EXPECTED_TABLES = {
    "users",
    "accounts",
    "contacts",
    "interactions",
    "chunks",
    "drafts",
    "revisions",
    "decisions",
    "audit_events",
}


def _interaction(account_id: int, source_id: str, **overrides: object) -> Interaction:
    values: dict[str, object] = {
        "account_id": account_id,
        "kind": "email",
        "direction": "inbound",
        "occurred_at": datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        "source": "email",
        "source_id": source_id,
        "content_hash": "h" * 64,
        "text": "We need the renewal quote by Friday.",
    }
    values.update(overrides)
    return Interaction(**values)


def test_migrations_create_every_table_and_run_twice(db_services: Services) -> None:
    db_services.migrate()
    assert set(inspect(db_services.engine).get_table_names()) >= EXPECTED_TABLES


def test_downgrade_then_upgrade_round_trips(db_services: Services) -> None:
    config = alembic_config(db_services.engine)
    command.downgrade(config, "base")
    assert not EXPECTED_TABLES & set(inspect(db_services.engine).get_table_names())
    command.upgrade(config, "head")
    assert set(inspect(db_services.engine).get_table_names()) >= EXPECTED_TABLES


def test_source_identity_is_unique(db_services: Services) -> None:
    with db_services.sessions() as session:
        account = Account(name="Acme Logistics", crm_id="C-1")
        session.add(account)
        session.flush()
        session.add(_interaction(account.id, "<m1@acme.example>"))
        session.commit()
        session.add(_interaction(account.id, "<m1@acme.example>"))
        with pytest.raises(IntegrityError):
            session.commit()


def test_datetimes_come_back_aware_utc(db_services: Services) -> None:
    berlin = timezone(timedelta(hours=1))
    with db_services.sessions() as session:
        account = Account(name="Brandt GmbH")
        session.add(account)
        session.flush()
        session.add(_interaction(account.id, "x", occurred_at=datetime(2026, 1, 5, 10, 0, tzinfo=berlin)))
        session.commit()
    with db_services.sessions() as session:
        stored = session.scalars(select(Interaction)).one()
        assert stored.occurred_at == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
        assert stored.occurred_at.tzinfo is not None


def test_naive_datetime_is_refused(db_services: Services) -> None:
    with db_services.sessions() as session:
        account = Account(name="Naive Inc")
        session.add(account)
        session.flush()
        session.add(_interaction(account.id, "n", occurred_at=datetime(2026, 1, 5, 10, 0)))
        with pytest.raises(StatementError, match="naive datetime"):
            session.commit()


def test_deleting_an_account_cascades_but_keeps_the_audit_trail(db_services: Services) -> None:
    with db_services.sessions() as session:
        account = Account(name="Gone Ltd")
        session.add(account)
        session.flush()
        contact = Contact(account_id=account.id, name="Ann Lee", email="ann@gone.example")
        row = _interaction(account.id, "g1")
        session.add_all([contact, row])
        session.flush()
        session.add(
            Chunk(
                id=f"{row.id}-0",
                interaction_id=row.id,
                account_id=account.id,
                ordinal=0,
                text="t",
                token_count=1,
            )
        )
        session.add(
            Draft(kind=DraftKind.EMAIL, status=DraftStatus.PENDING_REVIEW, account_id=account.id, purpose="p")
        )
        session.add(AuditEvent(event="draft.requested", account_id=account.id))
        session.commit()
        session.delete(account)
        session.commit()
        for model in (Contact, Interaction, Chunk, Draft):
            assert session.scalars(select(model)).all() == []
        assert len(session.scalars(select(AuditEvent)).all()) == 1


def test_status_column_rejects_unknown_values(db_services: Services) -> None:
    with db_services.sessions() as session:
        account = Account(name="Strict Co")
        session.add(account)
        session.flush()
        draft = Draft(kind=DraftKind.EMAIL, status=DraftStatus.GENERATING, account_id=account.id, purpose="p")
        session.add(draft)
        session.commit()
        assert session.get(Draft, draft.id).status is DraftStatus.GENERATING  # type: ignore[union-attr]


def test_heads_read_from_the_scripts_match_alembic_and_a_migrated_database(db_services: Services) -> None:
    """The fast no-op check (no Alembic import when at head) sees the same heads Alembic does."""
    from alembic.script import ScriptDirectory

    alembic_heads = ScriptDirectory.from_config(alembic_config(db_services.engine)).get_heads()
    assert script_heads() == frozenset(alembic_heads)
    assert database_revisions(db_services.engine) == script_heads()
    command.downgrade(alembic_config(db_services.engine), "-1")
    assert database_revisions(db_services.engine) != script_heads()
    db_services.migrate()  # behind head: Alembic upgrades
    assert database_revisions(db_services.engine) == script_heads()


def test_owner_identity_columns_are_unique(db_services: Services) -> None:
    with db_services.sessions() as session:
        session.add_all([User(name="a", role=Role.REP, email="x@example.com"), User(name="b", role=Role.REP)])
        session.commit()
        session.add(User(name="c", role=Role.REP, email="x@example.com"))
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        session.add_all([User(name="d", role=Role.REP, crm_owner_id="005A"), User(name="e", role=Role.REP)])
        session.commit()
        session.add(User(name="f", role=Role.REP, crm_owner_id="005A"))
        with pytest.raises(IntegrityError):
            session.commit()
