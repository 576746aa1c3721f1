"""Compact mode picks the facts a purpose is about, not whatever retrieval ranked first."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from copilot.retrieval.context import CitedRecord
from copilot.retrieval.questions import purpose_intent
from copilot.retrieval.sentence_table import DATE, MONEY
from copilot.tools.customer_facts import without_our_ticket_lines
from copilot.tools.facts import candidate_sentences, select_facts


def _record(n: int, text: str, kind: str = "email", direction: str = "inbound") -> CitedRecord:
    when = datetime(2026, 10, n, tzinfo=UTC)
    return CitedRecord(n, f"c{n}", 100 + n, 1, when, kind, direction, "Mei Chen", "Re: account", text)


RECORDS = [
    # Ranked first by retrieval, but about a commitment, not the renewal.
    _record(1, "I will send the signed security questionnaire by October 20, 2026.", direction="outbound"),
    _record(2, "Our subscription renews on March 11, 2027, so we need the paperwork well before then."),
    _record(3, "For the renewal we can offer the Enterprise plan at $36,500 per year.", direction="outbound"),
    _record(
        4, "We are delivering the Snowflake connector to your workspace in May 2027.", direction="outbound"
    ),
    _record(5, "Our team is unhappy that CSV exports drop the leading zeros from product codes."),
]


@pytest.mark.parametrize(
    ("purpose", "kinds", "fields"),
    [
        ("follow up on the renewal", ("renewal", "price"), DATE | MONEY),
        ("confirm the timeline of the feature we promised", ("feature",), DATE),
        ("respond to their complaint", ("complaint",), 0),
        ("recap the open commitments on both sides", ("commitment",), DATE),
        ("propose next steps on the renewal price", ("price", "renewal"), MONEY | DATE),
    ],
)
def test_a_purpose_names_its_topic_not_its_action(purpose: str, kinds: tuple[str, ...], fields: int) -> None:
    intent = purpose_intent(purpose)
    assert intent.kinds == kinds
    assert intent.fields == fields
    assert "follow" not in intent.topic


@pytest.mark.parametrize(
    ("purpose", "first"),
    [
        ("follow up on the renewal", {2, 3}),
        ("confirm the timeline of the feature we promised", {4}),
        ("respond to their complaint", {5}),
        ("recap the open commitments on both sides", {1}),
    ],
)
def test_facts_follow_the_purpose(purpose: str, first: set[int]) -> None:
    chosen = select_facts(RECORDS, purpose, limit=len(first))
    assert {f.n for f in chosen} == first


def test_a_sentence_unrelated_to_the_purpose_is_no_fact() -> None:
    chosen = select_facts(RECORDS, "respond to their complaint", limit=5)
    assert 2 not in {f.n for f in chosen}


def test_a_tickets_handling_lines_are_not_the_customers() -> None:
    ticket = _record(
        6,
        "Priority: P2\nStatus: Resolved\n\nThe monthly totals in one report do not match the source system."
        "\n\nResolution: A filter excluded refunds; corrected the metric definition with the customer.",
        kind="ticket",
    )
    kept = without_our_ticket_lines(ticket).text
    assert "monthly totals" in kept
    assert "corrected the metric definition" not in kept
    email = _record(7, "Resolution: we will refund the overcharge by May 3, 2027.")
    assert without_our_ticket_lines(email).text == email.text


def test_an_absence_notice_is_no_fact() -> None:
    away = _record(8, "I am out of the office on Tuesday but will check email in the evening.")
    assert select_facts([away], "reply to their latest email", limit=3) == []


def test_thanks_in_any_letter_language_is_no_fact() -> None:
    """ "grazie per la demo di martedì" was restated to an Italian customer as something they told us."""
    for thanks in (
        "grazie per la demo di martedì e per il tempo dedicato.",
        "Vielen Dank für die Demo am Dienstag und Ihre Zeit.",
        "Bedankt voor de demo van dinsdag en voor uw tijd.",
    ):
        assert candidate_sentences(_record(9, thanks)) == [], thanks
    renewal = "Il nostro rinnovo scade il 31 marzo 2027 e il budget è già approvato."
    assert candidate_sentences(_record(9, renewal)) == [renewal]


def test_an_italian_or_dutch_renewal_date_is_the_renewal_letters_fact() -> None:
    """An Italian renewal letter stated nothing: the renewal's words were known in four languages only."""
    for text in (
        "Il nostro rinnovo scade il 31 marzo 2027 e il budget è già approvato.",
        "Onze verlenging loopt af op 30 april 2027 en het budget is goedgekeurd.",
    ):
        chosen = select_facts(
            [_record(1, text), _record(2, "Le esportazioni sono lente da due settimane.")],
            "follow up on the renewal",
        )
        assert [f.text for f in chosen] == [text]


def test_an_answer_led_reply_or_a_closing_offer_is_no_fact() -> None:
    # "You told us that Yes, that one is still open as far as you know" (a customer's reading, 2026-12-06).
    text = (
        "Ryan: Yes, that one is still open as far as I know, the missing rows came back.\n"
        "Bob: Please don't hesitate to reach out if anything else comes up this quarter.\n"
        "Ryan: The finance team exports 40 reports every Monday morning."
    )
    record = CitedRecord(
        1, "c1", 101, 1, datetime(2026, 3, 11, tzinfo=UTC), "call", "unknown", "Ryan", "QBR", text
    )
    assert candidate_sentences(record) == ["The finance team exports 40 reports every Monday morning."]


def test_a_line_handing_over_an_attachment_is_no_fact() -> None:
    text = "As agreed on our last call, here is the invite for the next meeting. Your plan covers 120 users."
    assert candidate_sentences(_record(2, text, direction="outbound")) == ["Your plan covers 120 users."]
