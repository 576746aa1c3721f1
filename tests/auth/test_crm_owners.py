"""Reps own accounts the way real CRM exports name owners: by user name, owner email or CRM owner id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from copilot.auth.policy import can_see_account
from copilot.auth.scoped import get_visible_draft, list_visible_accounts
from copilot.auth.users import create_user, owner_sign_off
from copilot.cli.app import app
from copilot.container import Services
from copilot.db.models import Account, Draft, DraftKind, DraftStatus, Role, User
from copilot.errors import ConflictError, InvalidInputError, NotFoundError
from copilot.ingest.service import ingest_location
from tests.support.shared_data import VENDORED

# forcedotcom/dataloader's sample Account export (BSD-3-Clause, tests/data/README.md): 423 rows,
# every one owned by this Salesforce user id.
SALESFORCE_EXPORT = VENDORED / "salesforce-dataloader" / "accountData.csv"
SALESFORCE_OWNER = "005x0000000fNSiAAM"
HUBSPOT_EXPORT = """Record ID,Company name,Company Domain Name,Company owner,HubSpot Owner ID
H-1,Owned By Email Ltd,email-owned.example,Erin.Rep@Example.COM,
H-2,Owned By Id Ltd,id-owned.example,,71234
H-3,Owned By Name Ltd,name-owned.example,frank,
H-4,Nobody's Ltd,nobody.example,someone.else@example.com,
"""


def _add_rep(services: Services, name: str, **identity: str) -> User:
    with services.sessions() as session, session.begin():
        user, _ = create_user(session, name=name, role=Role.REP, **identity)
        session.expunge(user)
    return user


def _visible_crm_ids(services: Services, user: User) -> set[str | None]:
    with services.sessions() as session:
        return {a.crm_id for a in list_visible_accounts(session=session, user=user, limit=10_000)}


def _import(services: Services, path: Path) -> None:
    report = ingest_location(services, "csv", path)
    assert not report.failed, report.failed


@pytest.fixture
def book(db_services: Services, tmp_path: Path) -> Services:
    """The real Salesforce export plus a small HubSpot-style export naming owners three ways."""
    _import(db_services, SALESFORCE_EXPORT)
    hubspot = tmp_path / "companies.csv"
    hubspot.write_text(HUBSPOT_EXPORT, encoding="utf-8")
    _import(db_services, hubspot)
    return db_services


def test_a_rep_sees_exactly_the_salesforce_accounts_of_their_owner_id(book: Services) -> None:
    with book.sessions() as session:
        exported = set(session.scalars(select(Account.crm_id).where(Account.crm_id.like("001%"))))
    assert len(exported) == 423
    dana = _add_rep(book, "dana", crm_owner_id=SALESFORCE_OWNER)
    assert _visible_crm_ids(book, dana) == exported
    # Before owner identities, a rep matched only by name, and after a real import saw nothing.
    assert _visible_crm_ids(book, _add_rep(book, "005x0000000fNSi")) == set()


def test_hubspot_owners_match_by_email_in_any_case_by_id_and_by_name(book: Services) -> None:
    erin = _add_rep(book, "erin", email="erin.rep@example.com")
    ivan = _add_rep(book, "ivan", crm_owner_id="71234")
    frank = _add_rep(book, "frank", email="frank@example.com")
    assert _visible_crm_ids(book, erin) == {"H-1"}
    assert _visible_crm_ids(book, ivan) == {"H-2"}
    assert _visible_crm_ids(book, frank) == {"H-3"}


def test_the_single_account_check_agrees_with_the_query_and_drafts_follow(book: Services) -> None:
    erin = _add_rep(book, "erin", email="ERIN.REP@example.com")
    with book.sessions() as session, session.begin():
        accounts = list(session.scalars(select(Account)))
        assert {a.crm_id for a in accounts if can_see_account(erin, a)} == {"H-1"}
        by_crm = {a.crm_id: a.id for a in accounts}
        drafts = {}
        for crm_id in ("H-1", "H-4"):
            draft = Draft(
                kind=DraftKind.EMAIL,
                status=DraftStatus.PENDING_REVIEW,
                account_id=by_crm[crm_id],
                purpose="p",
            )
            session.add(draft)
            session.flush()
            drafts[crm_id] = draft.id
    with book.sessions() as session:
        assert get_visible_draft(session=session, user=erin, draft_id=drafts["H-1"]).id == drafts["H-1"]
        with pytest.raises(NotFoundError):
            get_visible_draft(session=session, user=erin, draft_id=drafts["H-4"])


def test_owner_identities_are_validated_and_unique(services: Services) -> None:
    _add_rep(services, "erin", email="erin@example.com", crm_owner_id="005A")
    with services.sessions() as session:
        with pytest.raises(InvalidInputError, match="email: 'not-an-address'"):
            create_user(session, name="x", role=Role.REP, email="not-an-address")
        with pytest.raises(InvalidInputError, match="crm_owner_id"):
            create_user(session, name="x", role=Role.REP, crm_owner_id="has space")
        with pytest.raises(ConflictError, match=r"email: 'erin@example\.com' already belongs"):
            create_user(session, name="x", role=Role.REP, email="Erin@Example.com")
        with pytest.raises(ConflictError, match="crm_owner_id: '005A' already belongs"):
            create_user(session, name="x", role=Role.REP, crm_owner_id="005A")


def test_users_add_takes_owner_identities_and_names_a_bad_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COPILOT_DATA_DIR", str(tmp_path / "data"))
    args = ["users", "add", "dana", "--role", "rep", "--email", "Dana@Example.com"]
    added = CliRunner().invoke(app, [*args, "--crm-owner-id", SALESFORCE_OWNER, "--json"])
    assert added.exit_code == 0, added.output
    shown = json.loads(added.output)
    assert (shown["email"], shown["crm_owner_id"]) == ("dana@example.com", SALESFORCE_OWNER)
    bad = CliRunner().invoke(app, ["users", "add", "eve", "--role", "rep", "--email", "eve at example"])
    # `app` raises the domain error; `copilot` (main) prints it as one line and exits 1.
    assert isinstance(bad.exception, InvalidInputError)
    assert str(bad.exception).startswith("email: 'eve at example' is not an email address")
    listed = json.loads(CliRunner().invoke(app, ["users", "list", "--json"]).output)
    assert [u["name"] for u in listed] == ["dana"]


def test_a_letter_is_signed_with_the_owning_user_never_a_crm_id(services: Services) -> None:
    _add_rep(services, "dana", email="dana@example.com", crm_owner_id=SALESFORCE_OWNER)
    with services.sessions() as session:
        assert owner_sign_off(session, SALESFORCE_OWNER) == "Dana"
        assert owner_sign_off(session, "DANA@example.com") == "Dana"
        assert owner_sign_off(session, "005x0000000UNKNOWN") == "Your Account Team"
        assert owner_sign_off(session, "someone@example.com") == "Your Account Team"
        assert owner_sign_off(session, "alice") == "Alice"
        assert owner_sign_off(session, None) == "Your Account Team"


def test_a_user_without_email_or_owner_id_owns_no_unowned_account(db_services: Services) -> None:
    """A blank email or owner id never matches an account whose owner is empty (NULL or "")."""
    with db_services.sessions() as session, session.begin():
        session.add_all(
            [Account(name="Orphan Ltd", crm_id="O-1"), Account(name="Mine Ltd", crm_id="M-1", owner="gail")]
        )
    gail = _add_rep(db_services, "gail")
    assert _visible_crm_ids(db_services, gail) == {"M-1"}
    with db_services.sessions() as session:
        orphan = session.scalar(select(Account).where(Account.crm_id == "O-1"))
        assert orphan is not None and not can_see_account(gail, orphan)
