"""Migration 0007 (source identity per account) carries existing rows, chunks and triggers on SQLite and
PostgreSQL, and its downgrade refuses rather than lose an account's copy of an item."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.migrate import alembic_config
from copilot.db.models import Account, Chunk, Interaction

TRIGGERS = {
    "sqlite": "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'bump_read_revision%'",
    "postgresql": "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'bump_read_revision%'",
}


def _interaction(account_id: int, source_id: str) -> Interaction:
    return Interaction(
        account_id=account_id,
        kind="email",
        direction="inbound",
        occurred_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        source="email",
        source_id=source_id,
        content_hash="h" * 64,
        text=f"text of {source_id}",
        origin="upload:email:q.eml",
        index_state="indexed",
    )


# The columns interactions had at 0006: later migrations add more, which the ORM model would insert.
_INSERT_AT_0006 = text(
    "INSERT INTO interactions (account_id, kind, direction, occurred_at, source, source_id, content_hash,"
    " text, raw_ref, origin, participants, extra, index_state, tone_flags, created_at, updated_at)"
    " VALUES (:account_id, 'email', 'inbound', :at, 'email', :source_id, :hash, :text, '',"
    " 'upload:email:q.eml', '[]', '{}', 'indexed', '[]', :at, :at)"
)


def _seed(services: Services) -> dict[str, int]:
    with services.sessions() as session:
        east, west = Account(name="East", crm_id="E-1"), Account(name="West", crm_id="W-1")
        session.add_all([east, west])
        session.flush()
        at = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
        for account_id, source_id in ((east.id, "<a@x>"), (east.id, "<b@x>"), (west.id, "<c@x>")):
            values = {"account_id": account_id, "source_id": source_id, "text": f"text of {source_id}"}
            session.execute(_INSERT_AT_0006, {**values, "at": at, "hash": "h" * 64})
        rows = session.execute(
            select(Interaction.id, Interaction.account_id, Interaction.text).order_by(Interaction.id)
        ).all()
        for row in rows:
            session.add(
                Chunk(
                    id=f"{row.id}-0",
                    interaction_id=row.id,
                    account_id=row.account_id,
                    ordinal=0,
                    text=row.text,
                    token_count=3,
                )
            )
        session.commit()
        return {"east": east.id, "west": west.id}


def _state(services: Services) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]], int]:
    with services.sessions() as session:
        interactions = [
            tuple(r)
            for r in session.execute(
                select(
                    Interaction.id, Interaction.account_id, Interaction.source_id, Interaction.text
                ).order_by(Interaction.id)
            )
        ]
        chunks = [
            tuple(r)
            for r in session.execute(select(Chunk.id, Chunk.interaction_id, Chunk.text).order_by(Chunk.id))
        ]
        triggers = session.scalar(text(TRIGGERS[services.engine.dialect.name])) or 0
    return interactions, chunks, triggers


def _origins(services: Services) -> set[tuple[int, str]]:
    with services.sessions() as session:
        return {(a, o) for a, o in session.execute(select(Interaction.account_id, Interaction.origin))}


@pytest.fixture
def at_0006(database_url: str, tmp_path: Path) -> Services:
    services = Services(load_settings(data_dir=tmp_path / "data", database_url=database_url))
    command.upgrade(alembic_config(services.engine), "0006")
    return services


def test_upgrade_keeps_rows_chunks_and_triggers_and_scopes_identity_to_the_account(at_0006: Services) -> None:
    accounts = _seed(at_0006)
    before = _state(at_0006)
    assert before[2] > 0 and len(before[1]) == 3
    command.upgrade(alembic_config(at_0006.engine), "head")
    assert _state(at_0006) == before
    # An earlier upload's sync origin becomes its account's, as a re-upload there now names it.
    assert _origins(at_0006) == {
        (accounts["east"], f"upload:email:account-{accounts['east']}:q.eml"),
        (accounts["west"], f"upload:email:account-{accounts['west']}:q.eml"),
    }
    with at_0006.sessions() as session:
        session.add(_interaction(accounts["west"], "<a@x>"))  # east's identity, west's own item
        session.commit()
        session.add(_interaction(accounts["west"], "<a@x>"))
        with pytest.raises(IntegrityError):
            session.commit()
    at_0006.engine.dispose()


def test_downgrade_refuses_while_two_accounts_share_an_identity(at_0006: Services) -> None:
    accounts = _seed(at_0006)
    config = alembic_config(at_0006.engine)
    command.upgrade(config, "head")
    with at_0006.sessions() as session:
        session.add(_interaction(accounts["west"], "<a@x>"))
        session.commit()
    with pytest.raises(RuntimeError, match="stored under several accounts"):
        command.downgrade(config, "0006")
    with at_0006.sessions() as session:
        session.execute(
            text("DELETE FROM interactions WHERE account_id = :w AND source_id = '<a@x>'"),
            {"w": accounts["west"]},
        )
        session.commit()
    before = _state(at_0006)
    command.downgrade(config, "0006")
    assert _state(at_0006) == before
    assert {origin for _, origin in _origins(at_0006)} == {"upload:email:q.eml"}
    with at_0006.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Chunk)) == 3
    at_0006.engine.dispose()
