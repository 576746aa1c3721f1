"""A small CRM export written as real files (CSV tables, an mbox, a WebVTT call) with one internal note.

Shared by the audience, reply and leakage tests: everything goes through the real connectors and
ingest pipeline, as a user's export would.
"""

from __future__ import annotations

import mailbox
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select

from copilot.container import Services
from copilot.db.models import Account, Interaction
from copilot.ingest.service import ingest_location
from copilot.sample.writers import ACTIVITY_HEADER, COMPANY_HEADER, CONTACT_HEADER, write_csv

OURS = "northwind-analytics.com"  # the suite's "our domain" (tests/conftest.py)
INTERNAL_NOTE = (
    "Internal only: we can go to a 32% discount on the renewal before 2026-12-15 if they push back."
)
REP_LINE = "The main topic today is the renewal, but I also want to hear how the rollout is going."
CUSTOMER_LINE = "We need the Salesforce connector live by March before we can sign the renewal."
QUESTION_ID = "<q-100@acme.test>"


@dataclass(frozen=True)
class SmallCrm:
    """Where the files are and the stored ids a test needs."""

    root: Path
    account_id: int
    ids: dict[str, int]


def _mail(sender: str, to: str, subject: str, body: str, message_id: str, day: int) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Date"] = f"Tue, {day:02d} Nov 2026 10:00:00 +0000"
    msg["Message-ID"] = message_id
    msg.set_content(body)
    return msg


def _write_mbox(path: Path, messages: list[EmailMessage]) -> None:
    box = mailbox.mbox(str(path))
    for msg in messages:
        box.add(msg)
    box.flush()
    box.close()


def write_files(root: Path) -> None:
    """The export: one account, one contact, an internal note, three mails, one call."""
    crm = root / "crm"
    write_csv(
        crm / "companies.csv",
        COMPANY_HEADER,
        [["C-100", "Acme Logistics", "acme.test", "dana", "east", "Logistics", "2027-01-31", "en", "neutral",
          "email", "false"]],
    )  # fmt: skip
    write_csv(
        crm / "contacts.csv",
        CONTACT_HEADER,
        [["P-100", "Greta", "Brandt", "greta@acme.test", "Head of Data", "C-100", "en", "false"]],
    )
    write_csv(
        crm / "activities.csv",
        ACTIVITY_HEADER,
        [["A-1", "NOTE", "2026-11-20", "C-100", "P-100", "Renewal strategy", INTERNAL_NOTE]],
    )
    _write_mbox(root / "mail.mbox", [
        _mail(
            f"Dana Kim <dana@{OURS}>",
            "Greta Brandt <greta@acme.test>",
            "Your renewal quote",
            "Hello Greta,\n\nThe renewal quote is $36,500 per year for the Analytics plan.\n\nBest, Dana",
            "<out-1@northwind-analytics.com>",
            10,
        ),
        _mail(
            "Greta Brandt <greta@acme.test>",
            f"Dana Kim <dana@{OURS}>",
            "Renewal questions",
            "Hello Dana,\n\nCould you confirm the price of the renewal quote for next year?\n"
            "Also, when will the Salesforce connector be available?\n\nThanks, Greta",
            QUESTION_ID,
            21,
        ),
    ])  # fmt: skip
    # Mail among ourselves names no customer, so ingest places it only with --account (see load_small_crm).
    _write_mbox(root / "internal.mbox", [
        _mail(
            f"Dana Kim <dana@{OURS}>",
            f"Lee Park <lee@{OURS}>",
            "Acme pricing floor",
            "Lee, the floor for Acme is $30,000 per year; do not go below it.",
            "<int-1@northwind-analytics.com>",
            22,
        ),
    ])  # fmt: skip
    calls = root / "calls"
    calls.mkdir(parents=True, exist_ok=True)
    (calls / "2026-11-15-acme-renewal.vtt").write_text(
        "WEBVTT\n\nNOTE account: C-100\n\n"
        f"1\n00:00:00.000 --> 00:00:05.000\n<v Dana Kim>{REP_LINE}</v>\n\n"
        f"2\n00:00:05.000 --> 00:00:10.000\n<v Greta Brandt>{CUSTOMER_LINE}</v>\n",
        encoding="utf-8",
    )


def load_small_crm(services: Services, root: Path) -> SmallCrm:
    """Write the export and ingest it in dependency order; returns the account and interaction ids."""
    write_files(root)
    for kind, relative in (
        ("csv", "crm/companies.csv"),
        ("csv", "crm/contacts.csv"),
        ("csv", "crm/activities.csv"),
        ("email", "mail.mbox"),
        ("transcript", "calls"),
    ):
        report = ingest_location(services, kind, root / relative)
        assert not report.failed, report.failed
    with services.sessions() as session:
        account_id = session.scalars(select(Account.id).where(Account.crm_id == "C-100")).one()
    assert not ingest_location(services, "email", root / "internal.mbox", account_id=account_id).failed
    with services.sessions() as session:
        rows = session.execute(select(Interaction.id, Interaction.source_id, Interaction.kind)).all()
    ids = {
        "note": next(i for i, _, kind in rows if kind == "note"),
        "call": next(i for i, _, kind in rows if kind == "call"),
        "question": next(i for i, sid, _ in rows if sid == QUESTION_ID),
        "outbound": next(i for i, sid, _ in rows if sid == "<out-1@northwind-analytics.com>"),
        "internal_mail": next(i for i, sid, _ in rows if sid == "<int-1@northwind-analytics.com>"),
    }
    return SmallCrm(root, account_id, ids)
