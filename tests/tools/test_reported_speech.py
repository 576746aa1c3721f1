"""Reported speech a manager reads: pronouns swapped and verbs agreeing with the third person."""

from __future__ import annotations

import pytest

from copilot.tools.call_items import action_sentence
from copilot.tools.reported_speech import Voices, report_sentence, third_person

VOICES = Voices("the customer", "the agent")


@pytest.mark.parametrize(
    ("said", "reported"),
    [
        ("I need a refund for the broken laptop.", "The customer needs a refund for the broken laptop."),
        ("I just want the option to tip.", "The customer just wants the option to tip."),
        ("I ask you to fix this.", "The customer asks the agent to fix this."),
        ("I'll send you the quote by Friday.", "The customer will send the agent the quote by Friday."),
        ("I tried that twice.", "The customer tried that twice."),
        ("I can send the numbers.", "The customer can send the numbers."),
        ("What do you need from me?", "The customer asks what the agent needs from the customer."),
        ("How long do I need to wait?", "The customer asks how long the customer needs to wait."),
        ("Do you have the invoice?", "The customer asks whether the agent has the invoice."),
        ("Are you coming to the review?", "The customer asks whether the agent is coming to the review."),
        (
            "Did you make it back from the conference okay?",
            "The customer asks whether the agent did make it back from the conference okay.",
        ),
    ],
)
def test_verbs_agree_with_the_reported_speaker(said: str, reported: str) -> None:
    assert report_sentence(said, VOICES) == reported


def test_third_person_forms() -> None:
    assert [
        third_person(v) for v in ("ask", "fix", "try", "go", "need", "am", "asked", "can", "running")
    ] == [
        "asks",
        "fixes",
        "tries",
        "goes",
        "needs",
        "is",
        "asked",
        "can",
        "running",
    ]


def test_an_action_is_read_from_its_promise_clause() -> None:
    turn = "Great question. I'll take that one, I will correct the seat count by November 28, 2025."
    assert action_sentence(turn) == "I will correct the seat count by November 28, 2025."
    assert action_sentence("Sorry about that. Can you send me the numbers?") == "Can you send me the numbers?"
