"""Drafts, from a customer's and a reviewer's reading of ten letters (2026-12-07): "Send the updated quote
we discussed" opened "I am writing to send the updated quote we discussed.", restated the June price the
customer had since asked us to rework, and then promised the quote for Wednesday."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from connectors.base import ContactRecord
from copilot.container import Services
from copilot.db.models import Interaction
from copilot.ingest.store import upsert_contact
from copilot.tools.draft_email import EmailRequest, generate_email, request_email
from copilot.tools.purpose import opening_without_sending
from copilot.tools.purpose_requests import OpenRequest, without_the_reworked_price
from copilot.tools.rephrase import Rephrased
from tests.support.records import Note, seed_account
from tests.support.worlds import script, scripted_model

QUOTED = "Commercials: renewal proposed at $140,000 per year for 70 seats."
ASK = "Thanks, that helps. Could you send an updated quote that reflects our current number of seats?"


def test_a_letter_promising_the_quote_opens_on_the_quote_not_on_sending_it(services: Services) -> None:
    account, _, _ = seed_account(
        services,
        "C-STELLAR",
        "Stellar Payroll",
        [
            Note(f"Hi all, sending the invite for our session.\n\nAgenda:\n1. Seat count\n\n{QUOTED}",
                 datetime(2026, 9, 1, tzinfo=UTC), direction="outbound", subject="Renewal session",
                 kind="meeting"),
            Note(ASK, datetime(2026, 10, 9, tzinfo=UTC), subject="Re: Your renewal"),
        ],
        contact=("Sarah Tanaka", "sarah@stellar.example"),
    )  # fmt: skip
    script(scripted_model(services), '{"subject": "Updated quote", "opening": "", "next_step": ""}')
    opened = request_email(services, EmailRequest(account, "Send the updated quote we discussed"))
    draft = generate_email(services, opened.id)
    body = draft.body or ""
    assert draft.subject == "Updated quote we discussed"

    assert "I am writing about the updated quote we discussed." in body
    assert "I will send you an updated quote by" in body


def test_the_price_they_asked_us_to_rework_is_not_restated() -> None:
    price = Rephrased(3, "To recap, renewal proposed at $140,000 per year for 70 seats.", QUOTED)
    other = Rephrased(4, "To recap, the order form is with your procurement team.", "")
    asked = OpenRequest(7, date(2026, 10, 9), ASK, "I will send you an updated quote by Wednesday.")
    assert without_the_reworked_price([price, other], asked) == [other]
    documents = replace(asked, request="Could you send the security certificate?")
    assert without_the_reworked_price([price, other], documents) == [price, other]


def test_only_a_send_purpose_in_english_gets_the_opening_about_the_thing() -> None:
    assert (
        opening_without_sending("Send Fiona the updated quote", "en")
        == "I am writing about the updated quote."
    )
    assert opening_without_sending("Follow up on the renewal", "en") is None
    assert opening_without_sending("Send the updated quote", "de") is None


def test_a_letter_taking_up_a_request_goes_to_whoever_asked(services: Services) -> None:
    # "Hey Sarah, … as Leah Mendez asked on 9 October": the letter answered Leah and was sent to Sarah.
    account, sarah, (asked,) = seed_account(
        services,
        "C-STELLAR",
        "Stellar Payroll",
        [Note(ASK, datetime(2026, 10, 9, tzinfo=UTC), subject="Re: Your renewal")],
        contact=("Sarah Tanaka", "sarah@stellar.example"),
    )
    with services.sessions() as session, session.begin():
        record = ContactRecord(
            crm_id="C-STELLAR-L", crm_account_id="C-STELLAR", name="Leah Mendez", email="leah@stellar.example"
        )
        leah = upsert_contact(session, record)[0].id
        session.get_one(Interaction, asked).contact_id = leah
    opened = request_email(services, EmailRequest(account, "Send the updated quote we discussed"))
    assert opened.contact_id == leah != sarah
    # A letter on another topic keeps the account's first contact.
    other = request_email(services, EmailRequest(account, "Check in on onboarding"))
    assert other.contact_id == sarah
