"""A proposal one side makes and the other takes up on the call is a decision (a manager's reading,
2026-12-07: six calls said "Decisions: none recorded" beside "What if we drop to 210 seats?" - "Yes, let's
do that."); the taking up owes nothing as an action item; a bare "Yes." decides nothing. Also from that
reading: "Okay, let's get started." ends the small talk, and "I'm not going to a competitor" threatens
nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from copilot.container import Services
from copilot.tools.call_decisions import decisions, turns_down_a_proposal
from copilot.tools.call_record import CallRecord
from copilot.tools.call_render import build_structured
from copilot.tools.call_risks import risk_kind
from copilot.tools.call_types import Utterance
from copilot.tools.small_talk import is_small_talk_sentence, small_talk_turns
from copilot.tools.speaker_roles import assign_roles, role_book

OURS, BUYER = "Alice Turner", "Fiona Patel"


def _utterances(turns: list[tuple[str, str]]) -> list[Utterance]:
    return [Utterance(n, who, text, who != OURS) for n, (who, text) in enumerate(turns, start=1)]


def _structured(services: Services, turns: list[tuple[str, str]]) -> dict[str, Any]:
    book = role_book(contacts=[(BUYER, None)], account_domain=None, our_people=[OURS], our_domains=[])
    roles = assign_roles([who for who, _ in turns], book)
    call = CallRecord(1, 1, "renewal", datetime(2026, 12, 7, 15, tzinfo=UTC), _utterances(turns), roles)
    structured, _ = build_structured(call, "", services.sentence_model)
    return structured


def test_a_proposal_taken_up_is_a_decision_told_with_who_agreed(services: Services) -> None:
    turns = [
        (OURS, "Fair. What if we drop to 210 seats?"),
        (BUYER, "Yes, let's do that. 210 seats."),
    ]
    found = _structured(services, turns)["decisions"]
    told = "Alice Turner suggests they drop to 210 seats, and Fiona Patel agrees."
    assert [d["said"] for d in found] == [told]
    assert found[0]["utterances"] == [1, 2]


def test_the_taking_up_is_no_action_item_but_a_promise_beside_it_is(services: Services) -> None:
    turns = [
        (OURS, "I can add those 40 seats at your current per-seat price."),
        (BUYER, "Let's do it. We'll add 40 seats for the spa division."),
        (OURS, "We will also credit 10 percent of this month's fee for the outage."),
        (BUYER, "I'll accept the credit."),
        (BUYER, "I'd like to run a 30-day pilot starting January 5."),
        (OURS, "That works. I'll send the pilot plan by December 18."),
    ]
    structured = _structured(services, turns)
    decided = [d["utterances"] for d in structured["decisions"]]
    assert decided == [[1, 2], [3, 4], [5, 6]]
    items = " | ".join(item["text"] for item in structured["action_items"])
    assert "add 40 seats" not in items and "accept the credit" not in items
    assert "send the pilot plan by December 18" in items


def test_a_bare_yes_or_a_question_back_decides_nothing() -> None:
    assert decisions(_utterances([(OURS, "What if we drop to 210 seats?"), (BUYER, "Yes.")])) == []
    assert decisions(_utterances([(OURS, "I can hold the price."), (BUYER, "For how long?")])) == []


def test_saying_the_call_starts_ends_the_small_talk() -> None:
    turns = [
        (OURS, "Good morning everyone, can you all hear me?"),
        (BUYER, "Loud and clear. Derek just got back from Lisbon, so he's still a bit jet-lagged."),
        (OURS, "I'm jealous. Did you check the minibar prices at your own hotels while you were there?"),
        (BUYER, "Ha, I never touch the minibar."),
        (OURS, "Okay, let's get started. Weekly active users went from 222 to 261 this quarter."),
        (BUYER, "The revenue team loves the forecast dashboard, and weekly users keep growing."),
        (OURS, "Great. The forecast dashboard gets a new weekly view in January."),
    ]
    assert small_talk_turns(_utterances(turns)) >= {0, 1, 2, 3}
    assert 4 not in small_talk_turns(_utterances(turns))


def test_a_denied_competitor_is_no_threat() -> None:
    assert risk_kind("Don't worry, I'm not going to a competitor.") is None
    assert risk_kind("We are not going to the other vendor either.") is None
    assert risk_kind("We are looking at a competitor.") == ("churn_threat", "competitor")


def test_a_polite_no_to_an_offer_is_no_complaint() -> None:
    turns = [
        (OURS, "I could also offer an on-site training day for the new business unit."),
        (BUYER, "Not this year, thanks. We don't have the time for it."),
        (OURS, "I can get our engineers on a call tomorrow."),
        (BUYER, "I don't need more calls, I need it fixed."),
    ]
    utterances = _utterances(turns)
    assert turns_down_a_proposal(utterances, 1)
    assert not turns_down_a_proposal(utterances, 3)  # a blunt no keeps its frustration


def test_we_are_out_is_a_threat_to_leave() -> None:
    assert risk_kind("If this happens again before the renewal, we are out.") == (
        "churn_threat",
        "we are out",
    )
    assert risk_kind("We are out of stock this week.") is None


@pytest.mark.parametrize(
    ("said", "small_talk"),
    [
        ("Ihnen auch, auf Wiederhören.", True),
        ("Moment, ich schalte die Kamera aus.", True),
        ("Vielen Dank, Frau Becker.", True),
        ("Danke, das Problem ist aber nicht gelöst.", False),
        ("Our camera feeds are down.", False),
        ("Happy holidays to you both, and good luck with the dollhouse, Olivia.", True),
        ("Let me start with the bad news.", True),
        ("The holidays were busy for our stores.", False),
    ],
)
def test_the_goodbye_and_the_camera_in_german_are_small_talk(said: str, small_talk: bool) -> None:
    # A manager's reading (2026-12-07): a German call's summary was three raw lines, two of them these.
    assert is_small_talk_sentence(said) is small_talk


GERMAN_OPENING = [
    ("Emil Larsen", "Guten Morgen Frau Becker. Können Sie mich hören?"),
    ("Sabine Becker", "Guten Morgen Herr Larsen. Ja, aber die Verbindung ist etwas schlecht."),
    ("Anna Schmidt", "Bei mir auch. Moment, ich schalte die Kamera aus."),
    ("Emil Larsen", "Kein Problem. Haben Sie das Spiel am Samstag gesehen?"),
    ("Sabine Becker", "Bitte nicht. Als Bayern-Fan war das ein schlechtes Wochenende."),
    ("Emil Larsen", "Okay, let's mix. First topic, invoice INV-24479."),
    ("Sabine Becker", "Ja, genau. Die Rechnung ist immer noch falsch, 180 Nutzer statt 150 Nutzer."),
    ("Emil Larsen", "I know, our billing team —"),
    ("Sabine Becker", "Das ist jetzt das dritte Mal, dass wir über die Rechnung und die Nutzer sprechen."),
    ("Emil Larsen", "I will send the corrected invoice for the 150 Nutzer by Friday."),
]


def test_a_mixed_german_calls_chat_before_the_first_topic_is_small_talk() -> None:
    # German function words ("die", "ich", "auch") are no topic the chat shares with the business.
    utterances = [
        Utterance(n, who, text, who != "Emil Larsen") for n, (who, text) in enumerate(GERMAN_OPENING, 1)
    ]
    assert small_talk_turns(utterances) >= {0, 1, 2, 3, 4}
    assert 6 not in small_talk_turns(utterances)


def test_accepting_in_so_many_words_is_a_decision_and_no_item(services: Services) -> None:
    turns = [
        (OURS, "With 100 seats and the 12 percent discount on a two-year term, you'd be at $46,900 a year."),
        (BUYER, "That works. We accept the 12 percent discount, 100 seats, two years."),
        (OURS, "We will also credit 10 percent of this month's fee."),
        (BUYER, "Okay. That's a start. I'll accept the credit."),
    ]
    structured = _structured(services, turns)
    assert [d["utterances"] for d in structured["decisions"]] == [[2], [4]]
    assert not any("accept" in item["text"] for item in structured["action_items"])


def test_the_last_day_before_a_break_is_no_champion_leaving() -> None:
    assert (
        risk_kind("We'll sign on December 22, that's the last day before our finance team goes on break.")
        is None
    )
    assert risk_kind("My last day is January 29.") == ("champion_leaving", "My last day")


def test_a_champion_who_says_they_leave_is_named_as_the_one_leaving(services: Services) -> None:
    turns = [(OURS, "Any news?"), (BUYER, "The second piece of news is that I'm leaving the company.")]
    (risk,) = [r for r in _structured(services, turns)["risks"] if r["kind"] == "champion_leaving"]
    assert "Fiona Patel is leaving" in risk["said"]
