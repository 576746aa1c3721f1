"""A dated delivery told from the listener's side ("You'll have the incident report by Friday") is the
speaker's promise and an action item; undated notices and questions are not."""

from __future__ import annotations

from datetime import date

from copilot.tools.call_items import action_items, action_sentence, is_promise
from copilot.tools.call_types import Utterance

FRIDAY_AFTER = date(2026, 12, 11)


def test_a_dated_delivery_to_the_listener_is_owed_by_the_speaker() -> None:
    turns = [
        Utterance(1, "Customer", "The export has failed every night this week.", True),
        Utterance(2, "Agent", "I'm sorry about that. You'll have the incident report by Friday.", False),
    ]
    items = action_items(turns, date(2026, 12, 6))
    assert [(i.utterances, i.owner, i.due and i.due.on) for i in items] == [([2], "Agent", FRIDAY_AFTER)]
    assert action_sentence(items[0].text) == "I will get you the incident report by Friday."


def test_an_undated_notice_or_a_question_is_no_promise() -> None:
    assert not is_promise("You'll get an email from us.")
    assert not is_promise("Do you think you'll have the PO by Friday?")
    assert is_promise("OK, you will get the credit note tomorrow.")


def test_setting_the_tone_or_saying_when_to_talk_again_is_no_item() -> None:
    turns = [
        Utterance(1, "Customer", "Let's be direct, Alice. The sync has failed four nights in a row.", True),
        Utterance(2, "Agent", "I'll send you the root-cause analysis by Thursday.", False),
        Utterance(3, "Customer", "We'll talk again next week. Goodbye.", True),
    ]
    assert [i.utterances for i in action_items(turns, date(2026, 12, 6))] == [[2]]
