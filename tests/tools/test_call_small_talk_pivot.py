"""The chat before a named call's business is small talk, found by where the call turns to business and by
what it shares with the rest of the call; and the risk words a manager's reader found missing."""

from __future__ import annotations

import pytest

from copilot.tools.account_risks import named_risk
from copilot.tools.call_types import Utterance
from copilot.tools.small_talk import small_talk_turns


def _call(*turns: tuple[str, str]) -> list[Utterance]:
    return [Utterance(i, speaker, text, False) for i, (speaker, text) in enumerate(turns)]


BUDGET_CALL = _call(
    ("Dana Okafor", "Hi Kimberly, hi Natalie. How are you both?"),
    ("Natalie Nakamura", "Hey Dana. Hanging in there."),
    ("Dana Okafor", "Natalie, did the launch party for the podcast happen?"),
    ("Natalie Nakamura", "It did! Somebody spilled an entire tray of nachos on the sound board."),
    ("Dana Okafor", "Oh no. Ha. Okay, Kimberly, you asked for this one, so go ahead."),
    ("Kimberly Okonkwo", "Our 2027 budget came back and every software line got cut thirty percent."),
    ("Dana Okafor", "Understood. What does that mean for your seats and the premium support tier?"),
    ("Kimberly Okonkwo", "We would go from 120 seats down to about 80 seats, and drop premium support."),
    ("Dana Okafor", "I will send a revised quote for 80 seats by the 15th."),
)


def test_the_chat_before_the_turn_to_business_is_small_talk() -> None:
    assert small_talk_turns(BUDGET_CALL) == {0, 1, 2, 3}


def test_business_said_before_the_turn_stays() -> None:
    # The customer's ask shares the call's topic words (seats, quote): it is business, said early.
    call = _call(
        ("Dana Okafor", "Hi Kimberly, good to see you."),
        ("Kimberly Okonkwo", "We need a revised quote for fewer seats before the board pack closes."),
        ("Dana Okafor", "Okay, so let's look at the seats first."),
        ("Kimberly Okonkwo", "The seats we use are about 80 now, so the quote should say 80 seats."),
        ("Dana Okafor", "I will send the revised quote for 80 seats by Friday."),
    )
    assert 1 not in small_talk_turns(call)


def test_a_support_chat_has_no_pivot() -> None:
    # A chat by role labels states its problem first; "So," later is the agent's answer, not a new topic.
    chat = _call(
        ("Customer", "My parcel never arrived and I want my money back."),
        ("Agent", "Sorry to hear that. So, can you send me the order number?"),
        ("Customer", "It is 1234."),
    )
    assert small_talk_turns(chat) == set()


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("If this isn't stable by then, I'm not going to recommend we renew.", "churn_threat"),
        ("We've had Sigma in for a demo.", "churn_threat"),
        ("Our 2027 budget came back and every software line got cut thirty percent.", "budget_cut"),
        ("The budget was approved and nothing was cut.", None),
        ("The Christmas market is opened since last week, so it is okay.", None),
    ],
)
def test_risk_words(sentence: str, kind: str | None) -> None:
    found = named_risk(sentence)
    assert (found.kind if found else None) == kind


def test_news_before_a_turn_that_opens_on_so_is_business() -> None:
    # "So the forty-seat expansion…" opens its turn: the business began before it, with the news.
    call = _call(
        ("Dana Okafor", "Hi Omar, thanks for grabbing a few minutes. Sounds like you're in a car?"),
        (
            "Omar Abernathy",
            "Parked, don't worry. I wanted to tell you before you read it. We've been acquired.",
        ),
        ("Dana Okafor", "Oh wow. By whom?"),
        ("Omar Abernathy", "Halvorsen Group. There's a freeze on new vendor contracts until Q2."),
        ("Dana Okafor", "So the forty-seat expansion we were scoping is on hold?"),
        ("Omar Abernathy", "Yes, until the freeze lifts."),
    )
    assert small_talk_turns(call) == set()


def test_a_risk_word_in_the_chat_keeps_no_turn() -> None:
    call = _call(
        ("Chen Wei", "Hey Leah, hey Liam. Liam, did you make it up to the mountains last weekend?"),
        ("Liam Garrity", "I did, first ski day of the season. Legs are still complaining."),
        ("Chen Wei", "Ha, worth it though. Okay, so I've got a short deck on usage and support tickets."),
        ("Leah Reyes", "The usage numbers look good, and support tickets were closed fast."),
        ("Chen Wei", "Usage is up forty percent, and all three support tickets were closed within a day."),
    )
    assert {0, 1} <= small_talk_turns(call)


def test_a_reply_to_a_social_question_is_short_without_its_chatter() -> None:
    call = _call(
        ("Alice Turner", "Hi Victor, thanks for making time. Did you have a good Thanksgiving at all?"),
        (
            "Victor Abernathy",
            "Honestly, Alice, no. I spent Friday and Saturday on this. Let's just get into it.",
        ),
        ("Victor Abernathy", "Your nightly sync on the 28th wiped out the broker commission history."),
    )
    assert small_talk_turns(call) == {0, 1}


def test_an_outage_and_being_left_uninformed_are_complaints() -> None:
    assert named_risk("Last Wednesday your platform was down for six hours.").kind == "complaint"
    assert named_risk("And nobody told us.").kind == "complaint"
    assert named_risk("The server went down for maintenance last night and came back fine.") is None


def test_going_out_to_tender_is_a_threat_to_leave() -> None:
    said = "If this happens again before our renewal in June, we are going out to tender."
    assert named_risk(said).kind == "churn_threat"
    assert named_risk("The tender for the new building went out.") is None
