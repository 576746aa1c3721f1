"""The sign-off names the requesting rep (display name, signature), else the owner as our records do."""

from __future__ import annotations

from connectors.base import Participant
from copilot.auth import create_user
from copilot.container import Services
from copilot.db.models import Account, Draft, DraftKind, Role
from copilot.tools.signoff import SignOff, sign_off
from copilot.workflow import open_draft
from tests.support.records import Note, seed_account


def _draft(services: Services, account_id: int, requested_by_id: int | None) -> tuple[Draft, Account]:
    with services.sessions() as session, session.begin():
        draft = open_draft(
            session,
            kind=DraftKind.EMAIL,
            account_id=account_id,
            contact_id=None,
            purpose="check in",
            instructions=None,
            requested_by_id=requested_by_id,
        )
        session.expunge(draft)
    with services.sessions() as session:
        account = session.get_one(Account, account_id)
        session.expunge(account)
    return draft, account


def test_the_requesting_rep_signs_with_display_name_and_signature(services: Services) -> None:
    account_id, _, _ = seed_account(services, "C-1", "Acme", [Note("Hello")], owner="dkim")
    with services.sessions() as session, session.begin():
        rep, _ = create_user(
            session, name="lee", role=Role.REP, display_name="Lee Park", signature="Sales\n+1 555"
        )
        create_user(session, name="dkim", role=Role.REP)
    with services.sessions() as session:
        draft, account = _draft(services, account_id, rep.id)
        assert sign_off(session, draft, account, "Zeta") == SignOff("Lee Park", "Sales\n+1 555")
        # No requester: the owner's user record (no display name, so their user name).
        draft, account = _draft(services, account_id, None)
        assert sign_off(session, draft, account, "Zeta") == SignOff("Dkim")


def test_without_user_records_the_owner_is_named_as_our_mail_names_them(services: Services) -> None:
    sent = Note(
        "Here is the quote.",
        direction="outbound",
        participants=(
            Participant("from", "dkim@ours.test", "Dana Kim"),
            Participant("to", "b@acme.test", "B"),
        ),
    )
    account_id, _, _ = seed_account(services, "C-1", "Acme", [sent], owner="dkim")
    other_id, _, _ = seed_account(services, "C-2", "Bolt", [Note("Hi")], owner="nobody")
    with services.sessions() as session:
        draft, account = _draft(services, account_id, None)
        assert sign_off(session, draft, account, "Zeta") == SignOff("Dana Kim")
        draft, account = _draft(services, other_id, None)
        assert sign_off(session, draft, account, "Zeta") == SignOff("Your Zeta team")
        assert sign_off(session, draft, account, "") == SignOff("Your account team")
        # An Italian or Dutch letter closes with our team named in its language, not "Your Zeta team".
        assert sign_off(session, draft, account, "Zeta", "it") == SignOff("Il team di Zeta")
        assert sign_off(session, draft, account, "", "nl") == SignOff("Uw accountteam")
