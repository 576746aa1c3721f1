"""CRM imports write only what the export carries: a missing column keeps the stored value; an explicitly
empty cell clears an optional field (preferences fall back to their defaults) but never an opt-out or a
do-not-contact flag, which only an explicit "false" turns off."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from copilot.container import Services
from copilot.db.models import Account, Contact
from copilot.ingest.grant import IngestGrant
from copilot.ingest.service import ingest_location

FULL_ACCOUNTS = (
    "Record ID,Company name,Company Domain Name,Company owner,Team,Industry,Renewal date,"
    "Preferred language,Formality,Do not contact\n"
    "C-1001,Acme Logistics,acme.example,alice,east,Logistics,2027-03-31,de,formal,true\n"
)
FULL_CONTACTS = (
    "Record ID,Associated Company IDs,First Name,Last Name,Email,Job Title,Unsubscribed from all email\n"
    "P-1,C-1001,Anna,Schmidt,anna@acme.example,Buyer,true\n"
)


def _ingest(services: Services, tmp_path: Path, name: str, text: str, grant: IngestGrant | None = None):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ingest_location(services, "csv", path, grant=grant)


def _account(services: Services) -> Account:
    with services.sessions() as session:
        return session.scalars(select(Account).where(Account.crm_id == "C-1001")).one()


def _contact(services: Services) -> Contact:
    with services.sessions() as session:
        return session.scalars(select(Contact).where(Contact.crm_id == "P-1")).one()


def _seed(services: Services, tmp_path: Path) -> None:
    assert _ingest(services, tmp_path, "companies.csv", FULL_ACCOUNTS).new == 1
    assert _ingest(services, tmp_path, "contacts.csv", FULL_CONTACTS).new == 1


def test_missing_columns_keep_every_stored_value(services: Services, tmp_path: Path) -> None:
    _seed(services, tmp_path)
    report = _ingest(
        services,
        tmp_path,
        "short.csv",
        "Record ID,Company name,Company owner,Team\nC-1001,Acme Logistics,bob,west\n",
    )
    assert (report.updated, report.failed) == (1, [])
    account = _account(services)
    assert (account.owner, account.team) == ("bob", "west")
    assert (account.domain, account.industry, account.renewal_date) == (
        "acme.example",
        "Logistics",
        date(2027, 3, 31),
    )
    assert (account.language, account.formality, account.do_not_contact) == ("de", "formal", True)

    contacts = "Record ID,Email\nP-1,anna.schmidt@acme.example\n"
    assert _ingest(services, tmp_path, "emails.csv", contacts).updated == 1
    contact = _contact(services)
    assert contact.email == "anna.schmidt@acme.example"
    # No name, title, account or opt-out column: all kept (the name is not replaced by the address).
    assert (contact.name, contact.title, contact.opted_out) == ("Anna Schmidt", "Buyer", True)
    assert contact.account_id == account.id


def test_an_empty_cell_clears_optional_fields_but_never_an_opt_out(
    services: Services, tmp_path: Path
) -> None:
    _seed(services, tmp_path)
    blank = (
        "Record ID,Company name,Company Domain Name,Industry,Renewal date,Preferred language,Do not contact\n"
        "C-1001,Acme Logistics,,,,,\n"
    )
    assert _ingest(services, tmp_path, "blank.csv", blank).updated == 1
    account = _account(services)
    assert (account.domain, account.industry, account.renewal_date) == (None, None, None)
    assert account.language == "en"  # a preference falls back to its default
    assert account.do_not_contact is True  # blank is not "no"

    blank_contact = (
        "Record ID,First Name,Last Name,Associated Company IDs,Email,Job Title,Unsubscribed from all email\n"
        "P-1,Anna,Schmidt,,,,\n"
    )
    assert _ingest(services, tmp_path, "blank-contacts.csv", blank_contact).updated == 1
    contact = _contact(services)
    assert (contact.email, contact.title, contact.opted_out) == (None, None, True)
    assert contact.account_id == account.id  # a contact's account is required: a blank cell keeps it


def test_only_an_explicit_false_turns_a_flag_off(services: Services, tmp_path: Path) -> None:
    _seed(services, tmp_path)
    _ingest(
        services, tmp_path, "dnc.csv", "Record ID,Company name,Do not contact\nC-1001,Acme Logistics,no\n"
    )
    _ingest(services, tmp_path, "optout.csv", "Record ID,HasOptedOutOfEmail\nP-1,false\n")
    assert _account(services).do_not_contact is False
    assert _contact(services).opted_out is False


def test_a_new_contact_without_an_account_is_refused_and_nothing_changes(
    services: Services, tmp_path: Path
) -> None:
    _seed(services, tmp_path)
    report = _ingest(
        services, tmp_path, "orphan.csv", "Record ID,Email,Associated Company IDs\nP-9,x@acme.example,\n"
    )
    assert report.new == 0 and "names no account" in report.failed[0]["error"]
    unnamed = _ingest(
        services, tmp_path, "optouts.csv", "Record ID,AccountId,HasOptedOutOfEmail\nP-8,C-1001,true\n"
    )
    assert "new contact P-8 has no name" in unnamed.failed[0]["error"]
    moved = _ingest(
        services,
        tmp_path,
        "moved.csv",
        "Record ID,Email,Associated Company IDs\nP-1,anna@acme.example,C-404\n",
    )
    assert "unknown account 'C-404'" in moved.failed[0]["error"]
    assert _contact(services).account_id == _account(services).id


def test_a_grant_without_crm_rows_reports_every_row_and_writes_none(
    services: Services, tmp_path: Path
) -> None:
    _seed(services, tmp_path)
    rep = IngestGrant.interactions_of([_account(services).id])
    takeover = (
        "Record ID,Company name,Company owner,Team\n"
        "C-1001,Mine Now,mallory,west\nC-2002,New Co,mallory,west\n"
    )
    report = _ingest(services, tmp_path, "takeover.csv", takeover, grant=rep)
    assert (report.new, report.updated) == (0, 0)
    assert [f["error"].split(":")[0] for f in report.failed] == ["account C-1001", "account C-2002"]
    assert all("only by an admin's CRM import" in f["error"] for f in report.failed)
    contacts = _ingest(services, tmp_path, "c.csv", "Record ID,HasOptedOutOfEmail\nP-1,false\n", grant=rep)
    assert contacts.failed[0]["error"].startswith("contact P-1:")
    account, contact = _account(services), _contact(services)
    assert (account.name, account.owner, account.team) == ("Acme Logistics", "alice", "east")
    assert contact.opted_out is True
    with services.sessions() as session:
        assert session.scalars(select(Account.crm_id)).all() == ["C-1001"]
