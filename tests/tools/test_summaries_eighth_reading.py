"""Issue 15, from a manager's eighth reading: a quarterly review with named speakers on both sides.

The customer's pleasantries ("Thanks for having us", "Great, talk soon") never make a call positive when
their business turns report a problem and name risks; a budget cut with what it forces ("so we'll need
to reduce seats") is a risk, not a promise; "I should tell you that X" is retold as "says X"; our rep's
"our" stays ours; the paragraph names the customer's risk, not only the agenda line; a promise is owed to
the contact who spoke last before it. The call is written here, with made-up people.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from copilot.config import load_settings
from copilot.container import Services
from copilot.llm.fakes import FakeChatModel
from copilot.tools.call_record import CallRecord
from copilot.tools.call_render import build_structured
from copilot.tools.call_types import Utterance
from copilot.tools.reported_speech import Voices, report_sentence
from copilot.tools.speaker_roles import assign_roles, role_book

OURS = "Dana Price"
CHAMPION, BUYER = "Omar Haddad", "Lena Brandt"
REVIEW = [
    (OURS, "Hi Omar, hi Lena, thanks for making the time. How was the trip?"),
    (CHAMPION, "Tiring, but good. Thanks for having us."),
    (OURS, "Great. I wanted to cover the renewal and the ledger import."),
    (
        BUYER,
        "To be honest, the ledger import is still skipping invoices. It has been broken since the update.",
    ),
    (CHAMPION, "And I have to tell you that I'm leaving the company in March, so Lena will own the renewal."),
    (BUYER, "Procurement also cut our software budget by a third, so we'll need to drop some licences."),
    (OURS, "Understood. I'll send you a revised proposal with fewer licences by Friday."),
    (OURS, "And I'm escalating the import issue to our support lead today."),
    (BUYER, "Thanks. I'll share the list of skipped invoices by Wednesday."),
    (CHAMPION, "Great, talk soon."),
]


def _review(services: Services, turns: list[tuple[str, str]] = REVIEW) -> dict[str, Any]:
    contacts = [(CHAMPION, None), (BUYER, None)]
    book = role_book(contacts=contacts, account_domain=None, our_people=[OURS], our_domains=[])
    roles = assign_roles([speaker for speaker, _ in turns], book)
    utterances = [
        Utterance(n, speaker, text, speaker != OURS) for n, (speaker, text) in enumerate(turns, start=1)
    ]
    when = datetime(2026, 12, 1, 15, tzinfo=UTC)
    call = CallRecord(1, 1, "quarterly review", when, utterances, roles)
    structured, _ = build_structured(call, "", services.sentence_model)
    return structured


# --- 1. pleasantries do not make a call with a reported problem and risks positive ------------------------


def test_pleasantries_do_not_outweigh_a_reported_problem_and_risks(services: Services) -> None:
    mood = _review(services)["customer_sentiment"]
    assert mood["label"] in {"negative", "mixed"}
    assert 4 in mood["utterances"]  # the import "broken since the update" is cited
    assert not {2, 10} & set(mood["utterances"])  # "Thanks for having us", "Great, talk soon" are not


def test_pleasantries_alone_are_no_evidence(services: Services) -> None:
    # Small talk of the customer is read as nothing: thanks and goodbyes make no call positive.
    turns = [REVIEW[0], REVIEW[1], REVIEW[2], (BUYER, "Thanks, that sounds great."), REVIEW[9]]
    mood = _review(services, turns)["customer_sentiment"]
    assert mood["label"] == "neutral" and mood["utterances"] == []


@pytest.fixture(scope="module")
def read_for_real() -> Services:
    """Services with the product's real sentence model: the pleased head reads MiniLM vectors, so hashed
    ones would make its reading noise."""
    return Services(load_settings(injection_classifier=False), chat_model=FakeChatModel())


def test_praise_of_substance_with_a_risk_reads_mixed(read_for_real: Services) -> None:
    turns = [
        REVIEW[2],
        (BUYER, "The new approval flow is great, the team loves it."),
        # Plain praise: "works well now, thanks" sits at the pleased head's threshold, where a vector's batch
        # neighbours move its reading (copilot/index/onnx_embeddings.py), so it is no fixed case.
        (CHAMPION, "The audit export works perfectly now, our auditors were delighted."),
        REVIEW[5],
    ]
    mood = _review(read_for_real, turns)["customer_sentiment"]
    assert mood["label"] == "mixed"
    assert {2, 3, 4} <= set(mood["utterances"])  # the praise and the budget cut, both cited


# --- 2. a budget cut is a risk, not an item the customer owes ----------------------------------------------


def test_a_budget_cut_with_what_it_forces_is_a_risk_not_an_action_item(services: Services) -> None:
    structured = _review(services)
    assert [r["utterances"] for r in structured["risks"] if r["kind"] == "budget_cut"] == [[6]]
    assert all(6 not in item["utterances"] for item in structured["action_items"])


def test_a_customers_promise_stays_an_action_item(services: Services) -> None:
    items = _review(services)["action_items"]
    assert [(i["owner"], i["utterances"]) for i in items if i["owner"] == BUYER] == [(BUYER, [9])]


# --- 3. "I should tell you that X" is retold as "says X" ---------------------------------------------------


@pytest.mark.parametrize(
    ("said", "reported"),
    [
        (
            "And I have to tell you that I'm leaving the company in March, so Lena will own the renewal.",
            "Omar Haddad says they are leaving the company in March, so Lena will own the renewal.",
        ),
        (
            "I should tell you that our CFO signed the order form.",
            "Omar Haddad says their CFO signed the order form.",
        ),
        (
            "I wanted to let you know that we are moving the rollout to May.",
            "Omar Haddad says they are moving the rollout to May.",
        ),
    ],
)
def test_news_announced_by_a_telling_frame_is_what_the_speaker_says(said: str, reported: str) -> None:
    assert report_sentence(said, Voices(CHAMPION, OURS)) == reported


def test_the_champion_risk_reads_as_news(services: Services) -> None:
    (risk,) = [r for r in _review(services)["risks"] if r["kind"] == "champion_leaving"]
    assert risk["said"] == ("Omar Haddad is leaving the company in March, so Lena will own the renewal.")


# --- 4. our rep's "our" is ours, the customer's is theirs --------------------------------------------------


def test_our_reps_our_stays_ours(services: Services) -> None:
    (decision,) = _review(services)["decisions"]
    assert decision["said"] == "Dana Price is escalating the import issue to our support lead today."


def test_the_customers_our_is_theirs(services: Services) -> None:
    (risk,) = [r for r in _review(services)["risks"] if r["kind"] == "budget_cut"]
    assert "cut their software budget" in risk["said"]


# --- 5. the paragraph names the customer's risk ------------------------------------------------------------


def test_the_paragraph_names_the_customers_risk(services: Services) -> None:
    summary = _review(services)["summary"]
    risky = {r["utterances"][0] for r in _review(services)["risks"]}
    assert risky & set(summary["utterances"])


# --- 6. a promise is owed to the contact who spoke last before it ------------------------------------------


def test_a_promise_is_owed_to_the_contact_who_spoke_last_before_it(services: Services) -> None:
    (proposal,) = [i for i in _review(services)["action_items"] if i["utterances"] == [7]]
    assert proposal["owner"] == OURS and proposal["owed_to"] == BUYER
    assert proposal["said"].startswith("Dana Price will send Lena Brandt a revised proposal")


def test_a_name_the_call_uses_keeps_its_capital_in_an_item(services: Services) -> None:
    # "Sarah" opens the item's sentence; the call named her mid-sentence before, so she is a name.
    turns = [
        (OURS, "I'd like a weekly check-in with you and Sarah from finance."),
        (BUYER, "Fine, but keep it short. Sarah will send you her availability by Tuesday."),
    ]
    items = _review(services, turns)["action_items"]
    said = "Lena Brandt says Sarah will send Dana Price her availability by Tuesday."
    assert [i["said"] for i in items] == [said]
    assert items[0]["owner"] == "Sarah" and items[0]["owed_to"] == OURS
