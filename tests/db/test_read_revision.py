"""The read revision moves with every committed write the cached API reads could show, on both databases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.orm import Session

from copilot.api.read_cache import read_revision
from copilot.auth import create_user
from copilot.auth.users import deactivate_user, rotate_key
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account, Contact, Draft, DraftKind, Role
from copilot.privacy import erase_account
from copilot.workflow import approve_draft, complete_generation, edit_draft, open_draft
from tests.support.worlds import fresh_postgres


def _revision(services: Services) -> int:
    with services.sessions() as session:
        revision = read_revision(session)
    assert revision is not None
    return revision


def _moves(services: Services, write: Callable[[Session], object]) -> None:
    before = _revision(services)
    with services.sessions() as session, session.begin():
        write(session)
    assert _revision(services) > before


def _draft(session: Session, account_id: int, requester_id: int) -> Draft:
    draft = open_draft(
        session,
        kind=DraftKind.EMAIL,
        account_id=account_id,
        contact_id=None,
        purpose="check in",
        instructions=None,
        requested_by_id=requester_id,
    )
    complete_generation(session, draft, subject="Hello", body="About the renewal.")
    return draft


def test_every_kind_of_write_moves_the_revision(db_services: Services) -> None:
    services = db_services
    with services.sessions() as session, session.begin():
        rep, _ = create_user(session, name="rep", role=Role.REP, team="east")
        reviewer, _ = create_user(session, name="desk", role=Role.REVIEWER)
        # Four eyes on content: the editor may not approve their own edit, so a second reviewer does.
        approver, _ = create_user(session, name="second-desk", role=Role.REVIEWER)
        account = Account(name="Acme", owner="rep", team="east")
        session.add(account)
    ids: dict[str, int] = {}

    def draft(session: Session) -> None:
        ids["draft"] = _draft(session, account.id, rep.id).id

    def edit(session: Session) -> None:
        edit_draft(session, draft_id=ids["draft"], editor=reviewer, base_version=1, subject=None, body="New")

    _moves(services, draft)
    _moves(services, edit)
    _moves(services, lambda s: approve_draft(s, draft_id=ids["draft"], reviewer=approver, version=2))
    _moves(services, lambda s: s.execute(update(Draft).values(flags=[{"type": "claim"}])))
    _moves(services, lambda s: s.execute(text("UPDATE accounts SET team = 'west'")))
    _moves(services, lambda s: s.add(Contact(account_id=account.id, name="Pat")))
    _moves(services, lambda s: rotate_key(s, user=s.merge(rep)))
    _moves(services, lambda s: deactivate_user(s, user=s.merge(rep)))

    # Erasure deletes the account; its drafts go by the database's cascade, and that moves it as well.
    before = _revision(services)
    erase_account(services, account_id=account.id, actor_id=None)
    assert _revision(services) > before


def test_a_cascade_alone_moves_the_revision(db_services: Services) -> None:
    with db_services.sessions() as session, session.begin():
        rep, _ = create_user(session, name="rep", role=Role.REP)
        account = Account(name="Acme", owner="rep")
        session.add(account)
        session.flush()
        _draft(session, account.id, rep.id)
    # Without the account's own trigger, only the cascaded deletes of its drafts can move it.
    with db_services.sessions() as session, session.begin():
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("DROP TRIGGER bump_read_revision ON accounts"))
        else:
            session.execute(text("DROP TRIGGER bump_read_revision_accounts_delete"))
    _moves(db_services, lambda s: s.execute(delete(Account)))


def test_a_rolled_back_write_leaves_it_and_unrelated_writes_do_not_move_it(db_services: Services) -> None:
    before = _revision(db_services)
    with db_services.sessions() as session:
        session.add(Account(name="Never"))
        session.flush()
        session.rollback()
    with db_services.sessions() as session, session.begin():
        session.execute(text("UPDATE alembic_version SET version_num = version_num"))
    assert _revision(db_services) == before


@pytest.mark.postgres
def test_postgresql_moves_it_once_per_transaction(postgres_url: str, tmp_path: Path) -> None:
    fresh_postgres(postgres_url)
    services = Services(load_settings(data_dir=tmp_path / "data", database_url=postgres_url))
    services.migrate()
    try:
        before = _revision(services)
        with services.sessions() as session, session.begin():
            session.add_all([Account(name=f"Co {n}") for n in range(5)])
            session.flush()
            session.execute(update(Account).values(team="east"))
        assert _revision(services) == before + 1
    finally:
        services.engine.dispose()
        fresh_postgres(postgres_url)
