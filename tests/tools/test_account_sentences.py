"""Attributing an account's sentences to a side: call speakers, email direction, ticket layout."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from copilot.db.models import Interaction
from copilot.tools.account_promise_items import month_due
from copilot.tools.account_sentences import (
    CUSTOMER,
    MAX_SENTENCES_PER_RECORD,
    OURS,
    UNKNOWN,
    mail_body,
    record_sentences,
    split_sentences,
)
from copilot.tools.speaker_roles import role_book

BOOK = role_book(
    contacts=[("Greta Brandt", "greta@acme.example")],
    account_domain="acme.example",
    our_people=["Dana Okafor"],
    our_domains=["northwind-analytics.com"],
)


@pytest.mark.parametrize(
    ("speaker", "side"),
    [
        ("Customer", CUSTOMER),
        ("Client", CUSTOMER),
        ("Caller", CUSTOMER),
        ("Guest", CUSTOMER),
        ("Greta Brandt", CUSTOMER),
        ("Greta", CUSTOMER),
        ("Agent", OURS),
        ("Support", OURS),
        ("Advisor", OURS),
        ("Dana Okafor", OURS),
        ("@AcmeHelp", OURS),
        ("Speaker 3", UNKNOWN),
    ],
)
def test_speaker_roles_from_contacts_owner_and_generic_labels(speaker: str, side: str) -> None:
    # Each speaker alone on a call (no two-party completion), placed by the call tool's own roles.
    row = _row("call", "", extra={"utterances": [{"speaker": speaker, "text": "The report is late again."}]})
    assert [s.side for s in record_sentences(row, BOOK)] == [side]


def test_the_other_party_of_a_two_party_call_takes_the_other_side() -> None:
    turns = [
        {"speaker": "Speaker 3", "text": "Hello there."},
        {"speaker": "Agent", "text": "Hi, which export do you mean?"},
    ]
    found = record_sentences(_row("call", "", extra={"utterances": turns}), BOOK)
    assert [(s.speaker, s.side) for s in found] == [("Speaker 3", CUSTOMER), ("Agent", OURS)]


def _row(kind: str, text: str, direction: str = "inbound", extra: dict | None = None) -> Interaction:
    return Interaction(
        id=7,
        account_id=1,
        kind=kind,
        direction=direction,
        text=text,
        extra=extra or {},
        occurred_at=datetime(2026, 10, 1, tzinfo=UTC),
    )


def test_call_turns_carry_their_speakers_side() -> None:
    turns = [
        {"speaker": "Customer", "text": "The export fails. We may cancel."},
        {"speaker": "Agent", "text": "I will fix it by Friday."},
    ]
    found = record_sentences(_row("call", "", extra={"utterances": turns}), BOOK)
    assert [(s.text, s.side, s.speaker) for s in found] == [
        ("The export fails.", CUSTOMER, "Customer"),
        ("We may cancel.", CUSTOMER, "Customer"),
        ("I will fix it by Friday.", OURS, "Agent"),
    ]
    from_lines = record_sentences(_row("call", "Client: It is broken again.\nRep: Sorry about that."), BOOK)
    assert [(s.side, s.text) for s in from_lines] == [
        (CUSTOMER, "It is broken again."),
        (OURS, "Sorry about that."),
    ]


def test_email_keeps_its_own_words_and_direction() -> None:
    text = "Hi Dana,\nThe sync failed again.\n\nOn Mon, Greta wrote:\n> old quoted text\n-- \nGreta"
    assert "quoted" not in mail_body(text) and "Greta" not in mail_body(text).split("failed")[1]
    found = record_sentences(_row("email", text, "outbound"), BOOK)
    assert [s.side for s in found] == [OURS] and found[0].text == "Hi Dana, The sync failed again."


def test_ticket_report_is_the_customers_and_its_status_is_read() -> None:
    text = (
        "Priority: P1\nStatus: Resolved\nReported by: Greta Brandt <g@acme.example>\n\n"
        "The totals do not match.\n\nResolution: Fixed the filter."
    )
    found = record_sentences(_row("ticket", text), BOOK)
    assert [(s.shown, s.side) for s in found] == [
        ("The totals do not match.", CUSTOMER),
        ("Fixed the filter.", OURS),
    ]
    assert found[0].text.startswith("Priority: P1 Status: Resolved") and found[0].ticket_priority == "P1"
    assert not any(s.ticket_open for s in found)


def test_splitting_is_bounded_on_hostile_input() -> None:
    assert len(split_sentences("Word word. " * 10_000)) == MAX_SENTENCES_PER_RECORD
    assert split_sentences("") == [] and split_sentences("x") == []


def test_a_month_without_a_day_is_due_at_its_end() -> None:
    assert month_due("X ships to your workspace in February 2027.") == date(2027, 2, 28)
    assert month_due("by Smarch 2027") is None and month_due("no date here") is None
