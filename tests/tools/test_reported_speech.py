"""Reported speech a manager reads: pronouns swapped and verbs agreeing with the third person."""

from __future__ import annotations

import pytest

from copilot.tools.call_items import action_sentence
from copilot.tools.reported_speech import Voices, report_sentence
from copilot.tools.verb_agreement import third_person

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
        ("How long do I need to wait?", "The customer asks how long they need to wait."),
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


def test_a_past_form_ending_in_eed_takes_no_agreement_but_need_does() -> None:
    voices = Voices("Bob Kowalski", "Rachel Morrison")
    assert report_sentence("I agreed to send the rollout plan.", voices) == (
        "Bob Kowalski agreed to send the rollout plan."
    )
    assert [third_person(v) for v in ("guaranteed", "freed", "need", "proceed")] == [
        "guaranteed",
        "freed",
        "needs",
        "proceeds",
    ]


def test_an_action_is_read_from_its_promise_clause() -> None:
    turn = "Great question. I'll take that one, I will correct the seat count by November 28, 2025."
    assert action_sentence(turn) == "I will correct the seat count by November 28, 2025."
    assert action_sentence("Sorry about that. Can you send me the numbers?") == "Can you send me the numbers?"


def test_a_dated_i_can_is_listed_as_the_promise_it_is_and_an_undated_one_is_not() -> None:
    dated = "Yes, I can circulate an agenda for the next session by December 3, 2025."
    assert action_sentence(dated) == "I will circulate an agenda for the next session by December 3, 2025."
    ship = "We can ship the fix by March 3, 2026."
    assert action_sentence(ship) == "We will ship the fix by March 3, 2026."
    assert action_sentence("I can see the issue on my side.") == "I can see the issue on my side."


def test_the_speakers_second_mention_of_themselves_reads_they_and_their() -> None:
    voices = Voices("Rachel Morrison", "Bob Kowalski")
    said = "What I really need is a heads-up when something breaks, before my users notice."
    assert report_sentence(said, voices) == (
        "Rachel Morrison says what they really need is a heads-up when something breaks, "
        "before their users notice."
    )


def test_the_pronoun_never_guesses_a_gender_and_roles_get_it_too() -> None:
    # "they" for a role as for a name; a request's threat reads "or they cancel", the verb agreeing.
    assert report_sentence("Please fix this by Friday or I cancel.", VOICES) == (
        "The customer asks the agent to fix this by Friday or they cancel."
    )
    assert report_sentence("Please fix this by Friday or I'll cancel.", VOICES) == (
        "The customer asks the agent to fix this by Friday or they will cancel."
    )


@pytest.mark.parametrize(
    ("said", "reported"),
    [
        (
            "I was told I am next and I was promised a call.",
            "The customer was told they are next and they were promised a call.",
        ),
        ("This is the third time I ask.", "The customer says this is the third time they ask."),
        ("I think I have the numbers.", "The customer thinks they have the numbers."),
        ("Am I too late?", "The customer asks whether they are too late."),
    ],
)
def test_they_takes_the_plural_verb(said: str, reported: str) -> None:
    assert report_sentence(said, VOICES) == reported


def test_other_peoples_names_are_untouched_and_break_the_pronoun() -> None:
    # After someone else is mentioned, "they" could mean either, so the speaker is named again;
    # the other person's name and pronouns are left exactly as said.
    voices = Voices("Rachel Morrison", "Bob Kowalski")
    assert report_sentence("Leah Nakamura told me that you have my report.", voices) == (
        "Rachel Morrison says Leah Nakamura told them that Bob Kowalski has Rachel Morrison's report."
    )
    assert report_sentence("She said I can keep my seats.", voices) == (
        "Rachel Morrison says she said Rachel Morrison can keep their seats."
    )
