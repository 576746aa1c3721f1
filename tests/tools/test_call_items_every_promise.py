"""From a manager's reading of eight calls (2026-12-06): every promise of a turn is its own item, a promise
made for a colleague or a team is owed by them, a non-native speaker's dated "I send you the file until
tomorrow" and "Let me escalate …" are promises, "this week" is due on its Friday; a farewell, a wait,
"I'll pass that on" and an agenda ("Let's start with …") are none. Rules only: no model is loaded."""

from __future__ import annotations

from datetime import date

from copilot.tools.call_items import action_items, action_sentence, promised_by
from copilot.tools.call_types import Utterance

SUNDAY = date(2026, 12, 6)


def _items(*turns: tuple[str, str, bool | int]) -> list[tuple[list[int], str | None, str, str | None]]:
    utterances = [Utterance(n, who, text, bool(customer)) for n, (who, text, customer) in enumerate(turns, 1)]
    return [
        (i.utterances, i.owner, action_sentence(i.text), i.due.on.isoformat() if i.due else None)
        for i in action_items(utterances, SUNDAY)
    ]


def test_a_promise_for_a_colleague_is_owed_by_the_colleague_to_the_customer() -> None:
    turns = [
        ("Tom", "We have twelve new analysts starting.", True),
        ("Alice", "No problem. Priya from our team will run the training next Thursday, December 10.", False),
        ("Tom", "Can it be recorded?", True),
        ("Alice", "Yes. Marcus, our solutions engineer, will set up a call with Patrick next week.", False),
    ]
    items = _items(*turns)
    assert [(n, owner, due) for n, owner, _, due in items] == [
        ([2], "Priya", "2026-12-10"),
        ([4], "Marcus", "2026-12-11"),
    ]
    found = action_items([Utterance(n, w, t, c) for n, (w, t, c) in enumerate(turns, 1)], SUNDAY)
    assert all(i.extra["owed_to"] == "Tom" and i.extra["promised_by"] == "Alice" for i in found)


def test_two_promises_in_one_turn_are_two_items() -> None:
    items = _items(
        ("Customer", "The exports failed again.", True),
        ("Agent", "I'll send you the logs by Monday. And our team will check the import job this week.", 0),
    )
    owed = [(owner, due) for _, owner, _, due in items]
    assert owed == [("Agent", "2026-12-07"), ("our team", "2026-12-11")]


def test_a_non_native_dated_promise_and_let_me_are_promises() -> None:
    items = _items(
        ("Emil", "Can you send me an example?", False),
        ("Carmen", "Yes, I send you the file until tomorrow, with the numbers from November.", True),
        ("Emil", "Thanks. Let me escalate both issues to our engineering lead today.", False),
        ("Carmen", "Is possible. I check with my boss and write you Monday.", True),
    )
    assert [(owner, said, due) for _, owner, said, due in items] == [
        ("Carmen", "I will send you the file by tomorrow, with the numbers from November.", "2026-12-07"),
        ("Emil", "I will escalate both issues to our engineering lead today.", "2026-12-06"),
        ("Carmen", "I will check with my boss and write you Monday.", "2026-12-07"),
    ]


def test_farewells_waits_thanks_and_agendas_are_no_items() -> None:
    items = _items(
        ("Grace", "I'm leaving Redwood at the end of December.", True),
        ("Chen", "Oh wow, congratulations, and also, we'll miss you.", False),
        ("Grace", "I'm frustrated, but I'll wait for the report.", True),
        ("Agent", "Thank you, I'll pass that on. Talk in two weeks then.", False),
        ("Erin", "Let's start with the rollout, we want Dayton live by January 31.", True),
    )
    assert items == []


def test_a_day_or_a_pronoun_is_no_colleague() -> None:
    assert promised_by("Monday will be busy for us.") is None
    assert promised_by("That will help a lot.") is None
    assert promised_by("Our team will check the import job.") == "our team"


def test_of_two_dates_the_one_a_deadline_word_leads_is_owed() -> None:
    items = _items(
        ("Customer", "I want a credit for the downtime.", True),
        ("Agent", "I can't approve that, but I'll submit the request today and tell you by Friday.", 0),
        ("Jason", "We'll validate the December 29 export against the ledger and sign off by January 6.", 1),
    )
    assert [(said, due) for _, _, said, due in items] == [
        ("I'll submit the request today and tell you by Friday.", "2026-12-11"),
        ("We'll validate the December 29 export against the ledger and sign off by January 6.", "2027-01-06"),
    ]
