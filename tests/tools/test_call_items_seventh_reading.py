"""Promises a manager's reading of seven calls found missed or misdated (2026-12-07): a promise whose date
is asked, a promise restated with a pronoun that says when and to whom, a date said before a promise, a
speech frame ("I'll say") that promises nothing."""

from __future__ import annotations

from datetime import date

from copilot.tools.account_risks import named_risk
from copilot.tools.call_decisions import decisions
from copilot.tools.call_items import action_items
from copilot.tools.call_risk_items import risks
from copilot.tools.call_types import Utterance
from copilot.tools.person_swap import Voices
from copilot.tools.reported_speech import report_sentence

CALL_DAY = date(2026, 12, 3)  # a Thursday


def _items(*turns: tuple[str, str, bool]) -> list[tuple[str | None, str | None, str | None, str]]:
    utterances = [Utterance(i + 1, who, text, customer) for i, (who, text, customer) in enumerate(turns)]
    found = action_items(utterances, CALL_DAY)
    return [(i.owner, i.extra.get("owed_to"), i.due.on.isoformat() if i.due else None, i.text) for i in found]


def test_a_promise_whose_date_is_asked_is_still_a_promise() -> None:
    items = _items(
        ("Kimberly Okonkwo", "We need a quote for 80 seats.", True),
        (
            "Dana Okafor",
            "I'll send a revised quote. I need to talk to my manager, so, maybe by the 15th?",
            False,
        ),
    )
    assert [(owner, due) for owner, _, due, _ in items] == [("Dana Okafor", "2026-12-15")]


def test_a_pronoun_promise_dates_the_one_before_it_and_names_whom_it_is_owed() -> None:
    items = _items(
        ("Leah Reyes", "Ryan owns the budget once I am gone.", True),
        ("Liam Garrity", "I take over the rollout.", True),
        (
            "Chen Wei",
            "I'll put together a short value summary for Ryan. I can have that to Liam by the 11th.",
            False,
        ),
    )
    assert [(owner, owed, due) for owner, owed, due, _ in items] == [
        ("Chen Wei", "Liam Garrity", "2026-12-11")
    ]


def test_a_date_said_before_a_promise_is_not_its_date() -> None:
    items = _items(
        ("Brian Huang", "By when do we get the root-cause write-up?", True),
        (
            "Bob Kowalski",
            "This Friday, the 4th. And I'll get our support lead to set up an alert for failed syncs.",
            False,
        ),
    )
    assert [(owner, due) for owner, _, due, _ in items] == [("Bob Kowalski", None)]


def test_i_will_say_promises_nothing() -> None:
    items = _items(("Natalie Nakamura", "Which, I'll say, I'm not thrilled about.", True))
    assert items == []


def test_a_plan_moved_or_paused_is_a_decision_and_its_confirmation_no_item() -> None:
    turns = [
        ("Liam Garrity", "I want to keep it going, but probably push the launch to February.", True),
        ("Chen Wei", "Makes sense. So we move the embedded launch to February.", False),
        ("Liam Garrity", "Yeah, let's say February.", True),
        ("Natalie Nakamura", "And the segmentation pilot, we have to pause that. No budget.", True),
    ]
    utterances = [Utterance(i + 1, who, text, customer) for i, (who, text, customer) in enumerate(turns)]
    assert [d.text for d in decisions(utterances)] == [
        "So we move the embedded launch to February.",
        "And the segmentation pilot, we have to pause that.",
    ]
    assert action_items(utterances, CALL_DAY) == []


def test_an_agreement_said_as_agreed_is_a_decision_and_the_call_starting_is_no_item() -> None:
    turns = [
        ("Victor Abernathy", "Let's just get into it.", True),
        (
            "Michael Morrison",
            "Okay. So we're agreed the base is a two-year term and price is still open.",
            True,
        ),
        ("Alice Turner", "Agreed, so the nightly sync stays paused until Priya confirms the fix.", False),
        ("Omar Abernathy", "Let's park that until the freeze lifts.", True),
        ("Erin Ellison", "And I need to get Trevor to sign off on the budget for the extra seats.", True),
    ]
    utterances = [Utterance(i + 1, who, text, customer) for i, (who, text, customer) in enumerate(turns)]
    assert [d.utterances for d in decisions(utterances)] == [[2], [3], [4]]
    assert all(item.utterances != [1] for item in action_items(utterances, CALL_DAY))


def test_friday_next_week_the_11th_is_the_11th() -> None:
    items = _items(
        ("Owen Bishop", "We need the QA workspace before the training.", True),
        ("Priya Nair", "I'll set up the QA workspace by Friday next week, the 11th.", False),
    )
    assert [(owner, due) for owner, _, due, _ in items] == [("Priya Nair", "2026-12-11")]


def test_parking_a_matter_is_no_item_and_a_new_procurement_contact_no_delay() -> None:
    items = _items(
        ("Omar Abernathy", "Let's park the expansion until the freeze lifts.", True),
        ("Dana Okafor", "Understood, we'll park it.", False),
    )
    assert items == []
    said = "I'll introduce you to whoever the new procurement contact is, once I know who it is."
    assert named_risk(said) is None
    assert named_risk("Our new procurement lead will want to see the contract.") is not None


def test_a_risk_word_in_the_small_talk_is_no_risk_of_the_call() -> None:
    turns = [
        ("Chen Wei", "Hey Liam. Did you make it up to the mountains last weekend?", False),
        ("Liam Garrity", "I did, first ski day of the season. Legs are still complaining.", True),
        (
            "Chen Wei",
            "Ha, worth it though. Okay, so I've got a short deck on usage and support tickets.",
            False,
        ),
        ("Liam Garrity", "Usage looks good, but the PDF export cuts off columns, which isn't great.", True),
        ("Chen Wei", "Usage is up forty percent; I will log the PDF export bug today.", False),
    ]
    utterances = [Utterance(i + 1, who, text, customer) for i, (who, text, customer) in enumerate(turns)]
    assert all(r.utterances != [2] for r in risks(utterances))


def test_a_dropped_i_before_a_past_act_is_told_back() -> None:
    voices = Voices("Leah Underwood", "Michael Morrison")
    told = report_sentence("Just told Bob about the budget cut.", voices)
    assert told == "Leah Underwood just told Bob about the budget cut."


def test_a_summing_up_the_other_side_says_yes_to_is_a_decision() -> None:
    turns = [
        ("Chen Wei", "So we go to sixty seats at the September renewal.", False),
        ("Jason Stein", "Yes. And I'll tell you which twenty users to remove by mid-March.", True),
        ("Chen Wei", "Agreed, let's hold the renewal discussion until we have a fix date.", False),
        ("Élodie Fontaine", "Good. So we agree, I send the logs and the file, you open the ticket.", True),
    ]
    utterances = [Utterance(i + 1, who, text, customer) for i, (who, text, customer) in enumerate(turns)]
    assert [(d.utterances, d.text[:30]) for d in decisions(utterances)] == [
        ([1, 2], "So we go to sixty seats at the"),
        ([3], "Agreed, let's hold the renewal"),
        ([4], "So we agree, I send the logs a"),
    ]


def test_you_after_a_verb_of_saying_is_a_subject() -> None:
    voices = Voices("Dana Okafor", "Natalie Nakamura")
    told = report_sentence("Natalie, your email said you wanted to talk about adding people?", voices)
    assert (
        told
        == "Dana Okafor asks whether Natalie Nakamura's email said they wanted to talk about adding people."
    )


def test_you_both_is_them_both() -> None:
    voices = Voices("Dana Okafor", "Natalie Nakamura")
    told = report_sentence("I'll send the seat-usage report to you both early next week.", voices)
    assert told == "Dana Okafor will send the seat-usage report to them both early next week."
