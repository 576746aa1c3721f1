"""Every interaction gets an audience at ingest; our call lines are marked; a reviewer's choice stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from connectors.base import Participant
from copilot.container import Services
from copilot.db.models import Interaction
from copilot.ingest.audience import classify_audience, invites_outsiders, marked_internal, speaker_sides
from copilot.ingest.service import ingest_location
from copilot.tools.customer_facts import customer_lines, our_factual_lines
from copilot.tools.speaker_roles import role_book
from tests.support.crm_files import CUSTOMER_LINE, INTERNAL_NOTE, REP_LINE, load_small_crm


@pytest.mark.parametrize(
    ("kind", "direction", "subject", "text", "has_contact", "expected"),
    [
        ("note", "unknown", "Call notes", "They liked the demo.", True, "internal"),
        ("email", "internal", "Pricing", "Floor is 30k.", False, "internal"),
        ("ticket", "unknown", "Export bug", "Exports time out.", False, "internal"),
        ("ticket", "unknown", "Export bug", "Exports time out.", True, "customer"),
        ("email", "outbound", "[Internal] pricing", "Hello", True, "internal"),
        ("email", "inbound", "Renewal", "Could you send the quote?", True, "customer"),
        ("call", "unknown", "QBR", "Greta: the rollout went well.", True, "customer"),
    ],
)
def test_audience_rules(
    kind: str, direction: str, subject: str, text: str, has_contact: bool, expected: str
) -> None:
    got = classify_audience(
        kind=kind, direction=direction, subject=subject, text=text, has_contact=has_contact
    )
    assert got == expected


@pytest.mark.parametrize(
    ("invited", "text", "expected"),
    [
        (True, "Agenda: 1. Usage since the last review", "customer"),
        (False, "A filter excluded refunds; corrected the metric definition with the customer.", "internal"),
        (True, "Agenda: internal use only, do not forward.", "internal"),
    ],
)
def test_a_meeting_is_the_customers_only_when_it_was_an_invite_to_them(
    invited: bool, text: str, expected: str
) -> None:
    got = classify_audience(
        kind="meeting", direction="outbound", subject="QBR", text=text, has_contact=True, invited=invited
    )
    assert got == expected


def test_invites_outsiders_reads_attendees_outside_our_domains() -> None:
    ours = ["ourco.example"]
    rep = Participant(role="attendee", email="rep@ourco.example", name="Rep")
    guest = Participant(role="attendee", email="mei@client.example", name="Mei")
    owner = Participant(role="owner", name="Rep")
    assert invites_outsiders([rep, guest], ours)
    assert not invites_outsiders([rep, Participant(role="organizer", email="x@client.example")], ours)
    assert not invites_outsiders([owner], ours)


def test_a_disclaimer_or_the_word_internal_alone_does_not_make_mail_internal() -> None:
    assert not marked_internal("Re: renewal", "This e-mail is confidential. Our internal team will call you.")
    assert marked_internal(None, "Nur intern: Rabatt bis 20 %.")


def test_speaker_sides_use_our_domains_our_people_and_the_accounts_contacts() -> None:
    book = role_book(
        contacts=[("Greta Brandt", None)],
        account_domain="cust.test",
        our_people=["Dana Kim"],
        our_domains=["ours.test"],
    )
    said = ["Dana Kim", "Greta Brandt", "lee@ours.test", "x@cust.test", "Priya"]
    sides = speaker_sides([(label, "Thanks.") for label in said], book)
    assert sides == {
        "Dana Kim": "us",
        "Greta Brandt": "customer",
        "lee@ours.test": "us",
        "x@cust.test": "customer",
        "Priya": "unknown",
    }


def test_ingest_places_sides_by_the_call_summarys_rule() -> None:
    # A contact-centre export: generic labels, and a colleague the agent brings in by first name.
    turns = [
        ("Agent", "I've asked Priya from our solutions team to join us for the connector questions."),
        ("Customer", "Great. Our invoices still show the old VAT number."),
        ("Priya", "I can fix the VAT field in the billing profile today."),
        ("Marco", "I'm from their finance team, I look after the invoices."),
    ]
    sides = speaker_sides(turns, role_book(contacts=[], account_domain=None, our_people=[], our_domains=[]))
    assert sides == {"Agent": "us", "Customer": "customer", "Priya": "us", "Marco": "unknown"}


def test_customer_lines_drop_ours_and_unknown_voices_beside_a_known_customer() -> None:
    text = "[call unknown 2026-11-15]\nDana Kim: Our plan.\nGreta Brandt: Their need.\nPriya: Some aside."
    kept = customer_lines(text, {"Dana Kim": "us", "Greta Brandt": "customer", "Priya": "unknown"})
    assert kept == "[call unknown 2026-11-15]\nGreta Brandt: Their need."
    # With no known customer voice, only our own lines go.
    assert customer_lines("Dana Kim: A.\nPriya: B.", {"Dana Kim": "us", "Priya": "unknown"}) == "Priya: B."


def test_ingest_stores_audiences_and_speaker_sides(services: Services, tmp_path: Path) -> None:
    crm = load_small_crm(services, tmp_path)
    with services.sessions() as session:
        rows = {i: session.get_one(Interaction, i) for i in crm.ids.values()}
    assert rows[crm.ids["note"]].audience == "internal" and rows[crm.ids["note"]].text == INTERNAL_NOTE
    assert rows[crm.ids["internal_mail"]].audience == "internal"
    assert rows[crm.ids["question"]].audience == "customer"
    assert rows[crm.ids["outbound"]].audience == "customer"
    call = rows[crm.ids["call"]]
    assert call.audience == "customer"
    assert call.extra["speaker_sides"] == {"Dana Kim": "us", "Greta Brandt": "customer"}
    by_text = {u["text"]: u["side"] for u in call.extra["utterances"]}
    assert by_text == {REP_LINE: "us", CUSTOMER_LINE: "customer"}


def test_a_reviewers_audience_survives_re_ingest_of_changed_content(
    services: Services, tmp_path: Path
) -> None:
    crm = load_small_crm(services, tmp_path)
    with services.sessions() as session, session.begin():
        row = session.get_one(Interaction, crm.ids["outbound"])
        row.audience, row.audience_source = "internal", "reviewer"
    # The same export again, and the note edited: ingest must not undo the reviewer.
    activities = tmp_path / "crm" / "activities.csv"
    activities.write_text(activities.read_text(encoding="utf-8").replace("push back", "push hard"), "utf-8")
    ingest_location(services, "csv", activities)
    ingest_location(services, "email", tmp_path / "mail.mbox")
    with services.sessions() as session:
        outbound = session.get_one(Interaction, crm.ids["outbound"])
        note = session.scalars(select(Interaction).where(Interaction.kind == "note")).one()
    assert (outbound.audience, outbound.audience_source) == ("internal", "reviewer")
    assert note.audience == "internal" and "push hard" in note.text


def test_our_value_carrying_lines_are_kept_apart_to_be_attributed_and_our_chatter_dropped() -> None:
    text = (
        "Dana Kim: The main topic today is the renewal.\n"
        "Dana Kim: We will ship the connector by March 3.\n"
        "Greta Brandt: Great."
    )
    sides = {"Dana Kim": "us", "Greta Brandt": "customer"}
    assert our_factual_lines(text, sides) == "Dana Kim: We will ship the connector by March 3."
