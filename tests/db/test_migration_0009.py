"""Migration 0009 on SQLite and PostgreSQL: audiences backfilled, new columns, triggers of 0006 kept."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlalchemy import inspect, text

from copilot.api.read_cache import read_revision
from copilot.container import Services
from copilot.db.migrate import alembic_config

ROWS = [
    # (source_id, kind, direction, contact?, expected audience)
    ("n1", "note", "unknown", True, "internal"),
    ("m1", "email", "internal", False, "internal"),
    ("t1", "ticket", "unknown", False, "internal"),
    ("t2", "ticket", "unknown", True, "customer"),
    ("e1", "email", "inbound", True, "customer"),
]


def _columns(services: Services, table: str) -> set[str]:
    return {c["name"] for c in inspect(services.engine).get_columns(table)}


def test_upgrade_backfills_audiences_and_downgrade_removes_the_columns(db_services: Services) -> None:
    config = alembic_config(db_services.engine)
    command.downgrade(config, "0006")
    assert "audience" not in _columns(db_services, "interactions")
    with db_services.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO accounts (id, name, language, formality, channel, do_not_contact, extra,"
                " created_at, updated_at) VALUES (1, 'Acme', 'en', 'neutral', 'email', false, '{}', :t, :t)"
            ),
            {"t": datetime(2026, 1, 1, tzinfo=UTC)},
        )
        conn.execute(
            text(
                "INSERT INTO contacts (id, account_id, name, opted_out, created_at, updated_at)"
                " VALUES (1, 1, 'Greta', false, :t, :t)"
            ),
            {"t": datetime(2026, 1, 1, tzinfo=UTC)},
        )
        for source_id, kind, direction, has_contact, _ in ROWS:
            conn.execute(
                text(
                    "INSERT INTO interactions (account_id, contact_id, kind, direction, occurred_at, source,"
                    " source_id, content_hash, text, raw_ref, origin, participants, extra, index_state,"
                    " tone_flags, created_at, updated_at) VALUES (1, :contact, :kind, :direction, :t, 'test',"
                    " :sid, 'h', 'x', '', '', '[]', '{}', 'indexed', '[]', :t, :t)"
                ),
                {
                    "contact": 1 if has_contact else None,
                    "kind": kind,
                    "direction": direction,
                    "sid": source_id,
                    "t": datetime(2026, 1, 1, tzinfo=UTC),
                },
            )
    command.upgrade(config, "head")

    with db_services.engine.connect() as conn:
        got = dict(conn.execute(text("SELECT source_id, audience FROM interactions")).tuples().all())
        sources = set(conn.execute(text("SELECT DISTINCT audience_source FROM interactions")).scalars())
    assert got == {sid: expected for sid, *_, expected in ROWS}
    assert sources == {"ingest"}
    assert {"display_name", "signature"} <= _columns(db_services, "users")
    assert "reply_to_interaction_id" in _columns(db_services, "drafts")

    # The read-revision triggers on users and drafts survive the new columns.
    with db_services.sessions() as session:
        before = read_revision(session)
    with db_services.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (name, role, display_name, active, created_at)"
                " VALUES ('dana', 'rep', 'Dana Kim', true, :t)"
            ),
            {"t": datetime(2026, 1, 1, tzinfo=UTC)},
        )
    with db_services.sessions() as session:
        after_users = read_revision(session)
    assert before is not None and after_users is not None and after_users > before

    command.downgrade(config, "0006")
    assert "audience" not in _columns(db_services, "interactions")
    assert "display_name" not in _columns(db_services, "users")
    command.upgrade(config, "head")
