"""Issue 15, from a manager's eleventh reading of the sample's account pages.

A champion who has already left cannot be met "before they leave": the next best action asks for a new
sponsor (or to meet the named successor) instead; the overview's top risk says what its count counts.
Accounts are written here, with made-up people.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from copilot.tools.account_narrative import narrative, next_best_actions
from copilot.tools.account_sentences import OURS
from copilot.tools.call_digest import DigestSentence
from copilot.tools.call_types import Utterance
from copilot.tools.champion_handover import handover
from copilot.tools.repeated_voices import varied_voices
from tests.tools.summary_reading import account_sections, digest_of, labelled, row

TODAY = date(2026, 12, 6)
NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("said", "gone"),
    [
        ("Our champion left the company last month, so we need a new sponsor.", True),
        ("Priya has left and nobody owns the renewal on their side.", True),
        ("Our sponsor is no longer with the company.", True),
        ("I am leaving the company at the end of January, so Fiona will own the renewal.", False),
        ("Malik will leave in March; he has left a handover note.", False),
        ("Budget cuts were announced internally.", False),
    ],
)
def test_gone_is_read_from_the_words(said: str, gone: bool) -> None:
    assert handover(said).gone is gone


def _actions(text: str) -> list[str]:
    items = [labelled(text, "risk", 1, kind="note", when=NOW, speaker="")]
    sections = account_sections(items, {1: row(1, "note", NOW, text=text)}, today=TODAY)
    return [a["text"] for a in next_best_actions(sections, "Harbour Print", "2027-02-07", TODAY)]


def test_a_champion_who_left_asks_for_a_new_sponsor_not_a_meeting_before_they_leave() -> None:
    actions = _actions("Our champion left the company last month, so we need a new sponsor.")
    assert any(
        a.startswith("Find a new sponsor at Harbour Print now that their champion has left") for a in actions
    )
    assert not any("before" in a and "leaves" in a for a in actions)


def test_a_named_successor_is_met_as_the_one_who_took_over() -> None:
    actions = _actions("Our champion left the company last month; Fiona is taking over the account.")
    assert any(a.startswith("Meet Fiona, who took over from") for a in actions)


def test_a_champion_still_to_leave_is_met_before_they_go() -> None:
    actions = _actions("Our champion is leaving the company at the end of January.")
    assert any("before your contact at Harbour Print leaves (at the end of January)" in a for a in actions)


def test_the_top_risk_says_what_its_count_counts() -> None:
    items = [
        labelled(
            "We are also looking at two other vendors.", "risk", 1, kind="email", when=NOW, speaker="Ana"
        ),
        labelled("Our champion left the company last month.", "risk", 2, kind="note", when=NOW, speaker=""),
    ]
    rows = {1: row(1, "email", NOW), 2: row(2, "note", NOW)}
    sections = account_sections(items, rows, today=TODAY)
    text = narrative({"name": "Harbour Print"}, sections, {"months": []}, 2)["text"]
    assert "one of 2 risks on record" in text


def _overdue_promise_action(renewal: str) -> str:
    promise = labelled(
        "I will send the revised rollout plan by September 26, 2026.",
        "commitment",
        1,
        side=OURS,
        kind="email",
        when=datetime(2026, 9, 20, tzinfo=UTC),
        speaker="Sam Ortiz",
    )
    sections = account_sections([promise], today=TODAY)
    actions = next_best_actions(sections, "Harbour Print", renewal, TODAY)
    return next(a["text"] for a in actions if a["item"]["section"] == "commitments_by_us")


def test_an_overdue_promise_says_when_the_renewal_is_near() -> None:
    assert "(due 2026-09-26, overdue; the renewal is on 2026-12-23, in 17 days)" in _overdue_promise_action(
        "2026-12-23"
    )
    assert "renewal" not in _overdue_promise_action("2027-06-30")


CHAT = (
    "Customer: Our invoice export has failed every night since Monday and nobody answered my two tickets.\n"
    "Agent: Sorry about that. Can you send me the ticket numbers so I can escalate?\n"
    "Customer: 48213 and 48240. If this is not fixed by Friday we will cancel and move to another vendor.\n"
    "Agent: I have escalated both to engineering as P1 and will call you tomorrow at 10 with an update.\n"
)


def test_a_speaker_told_twice_in_a_row_is_not_echoed() -> None:
    text = digest_of(CHAT)
    assert text.count("The customer says") == 1
    assert "The customer adds that if this is not fixed by Friday" in text
    assert "The agent has escalated both" in text  # another speaker keeps their own lead


def test_a_third_retelling_also_says_and_an_answer_keeps_says() -> None:
    turns = [Utterance(n, "Customer", "...", True) for n in range(1, 5)]
    told = [
        DigestSentence("The customer (Malik) says the export failed.", 1),
        DigestSentence("The customer says the tickets went unanswered.", 2),
        DigestSentence("The customer says they will cancel.", 3),
        DigestSentence("The customer says no, but the invoices are fine.", 4),
    ]
    assert [s.text for s in varied_voices(told, turns)] == [
        "The customer (Malik) says the export failed.",
        "The customer adds that the tickets went unanswered.",
        "The customer also says they will cancel.",
        "The customer says no, but the invoices are fine.",
    ]


# --- the customer's unanswered message heads the open issues ---------------------------------------------

ASKED = "Unsere Finanzabteilung bittet um ein aktualisiertes Angebot."
MESSAGE = (
    f"Sehr geehrter Herr Larsen,\n\nvielen Dank für Ihre schnelle Antwort. {ASKED}\n\nMit freundlichen Grüßen"
)
AUGUST = datetime(2026, 8, 27, tzinfo=UTC)


THREAD = "<offer-1@harbour.example>"
# Our call after the message, speaking of the updated offer their finance team asked for.
OFFER_CALL = "Emil Larsen: Das aktualisierte Angebot für Ihre Finanzabteilung schicke ich bis Freitag."


def _page_with_message(answered_after: str | None = None, *, on_topic: bool = True) -> dict:
    items = [
        labelled("vielen Dank für Ihre schnelle Antwort.", "other", 1, when=AUGUST, speaker="Anna Schmidt"),
        labelled(ASKED, "other", 1, when=AUGUST, speaker="Anna Schmidt"),
    ]
    rows = {1: row(1, "email", AUGUST, text=MESSAGE, thread_id=THREAD)}
    if answered_after:
        later = datetime(2026, 9, 2, tzinfo=UTC)
        if answered_after == "email":
            reply = OFFER_CALL.split(": ", 1)[1] if on_topic else "..."
            rows[2] = row(
                2,
                "email",
                later,
                direction="outbound",
                thread_id=THREAD if on_topic else "<other>",
                text=reply,
            )
        else:
            rows[2] = row(2, "call", later, direction="unknown", text=OFFER_CALL if on_topic else "Kick-off.")
    return account_sections(items, rows, today=TODAY)


def test_an_unanswered_request_heads_the_open_issues_whatever_its_class() -> None:
    sections = _page_with_message()
    first = sections["open_issues"][0]
    assert (first["text"], first["awaiting_reply_since"]) == (ASKED, "2026-08-27")
    actions = next_best_actions(sections, "Harbour Print", None, TODAY)
    assert actions[0]["text"].startswith("Answer Anna Schmidt's message of 2026-08-27, still without a reply")
    told = narrative({"name": "Harbour Print"}, sections, {"months": []}, 1)["text"]
    assert "heir message of 2026-08-27 still awaits our reply" in told


def test_a_question_asked_inside_a_sentence_heads_the_open_issues() -> None:
    # questions_in finds "what changes in the new pricing tiers"; the page shows the sentence that asks it.
    asked = "Before we renew, we would like to understand what changes in the new pricing tiers."
    items = [labelled(asked, "other", 1, when=AUGUST, speaker="Fiona Tanaka")]
    rows = {1: row(1, "email", AUGUST, text=f"Hi Bob,\n\n{asked}\n\nThanks,\nFiona")}
    first = account_sections(items, rows, today=TODAY)["open_issues"][0]
    assert (first["text"], first["awaiting_reply_since"]) == (asked, "2026-08-27")


@pytest.mark.parametrize("answer", ["email", "call"])
def test_our_reply_in_its_thread_or_a_call_about_it_is_the_answer(answer: str) -> None:
    assert _page_with_message(answered_after=answer)["open_issues"] == []


@pytest.mark.parametrize("answer", ["email", "call"])
def test_our_mail_in_another_thread_or_a_call_about_something_else_leaves_it_open(answer: str) -> None:
    waiting = _page_with_message(answered_after=answer, on_topic=False)["open_issues"]
    assert [i["text"] for i in waiting] == [ASKED]


def test_our_reply_in_its_thread_about_something_else_leaves_it_open() -> None:
    # A manager's reading (2026-12-07): "Could you send an updated quote?" answered in its thread by an
    # offer of a call to review usage still waits for the quote.
    sections = _page_with_message()
    later = datetime(2026, 9, 2, tzinfo=UTC)
    reply = "Vielen Dank! Hätten Sie nächste Woche Zeit für einen kurzen Termin zur Nutzung?"
    rows = {
        1: row(1, "email", AUGUST, text=MESSAGE, thread_id=THREAD),
        2: row(2, "email", later, direction="outbound", thread_id=THREAD, text=reply),
    }
    items = [labelled(ASKED, "other", 1, when=AUGUST, speaker="Anna Schmidt")]
    assert sections["open_issues"][0]["text"] == ASKED
    assert [i["text"] for i in account_sections(items, rows, today=TODAY)["open_issues"]] == [ASKED]


def test_a_request_that_names_nothing_of_its_own_is_told_with_what_it_points_to() -> None:
    need = "Procurement needs a few documents for the renewal."
    text = f"Hello Bob,\n\n{need} Who on your side can help with that?\n\nThanks,\nBianca"
    items = [
        labelled("Who on your side can help with that?", "other", 1, when=AUGUST, speaker="Bianca Sullivan")
    ]
    first = account_sections(items, {1: row(1, "email", AUGUST, text=text)}, today=TODAY)["open_issues"][0]
    assert first["text"] == f"{need} Who on your side can help with that?"


def test_a_bare_ask_for_an_answer_after_an_answered_thread_waits_for_nothing() -> None:
    text = "Hello Bob,\n\nThanks, that helps. Could you let me know by the end of the week?"
    items = [labelled("Could you let me know by the end of the week?", "other", 1, when=AUGUST)]
    rows = {
        1: row(1, "email", AUGUST, text=text, thread_id=THREAD),
        2: row(2, "email", datetime(2026, 9, 2, tzinfo=UTC), direction="outbound", thread_id=THREAD),
    }
    assert account_sections(items, rows, today=TODAY)["open_issues"] == []


def test_a_tickets_next_step_is_not_a_second_action_beside_its_escalation() -> None:
    # A manager's reading (2026-12-07): the escalation's step and "Emil Larsen to deliver … Root cause
    # analysis requested" were two actions on one ticket.
    text = (
        "Priority: P1\nStatus: Open\nReported by: Jason Reyes <j@fh.example>\n\n"
        "Customer complaint from Jason Reyes: currency conversion still uses last month's rates.\n\n"
        "Next step: Root cause analysis requested; customer expects an answer this week."
    )
    july = datetime(2026, 7, 31, tzinfo=UTC)
    complaint = "Customer complaint from Jason Reyes: currency conversion still uses last month's rates."
    step = "Root cause analysis requested; customer expects an answer this week."
    items = [
        labelled(complaint, "issue", 1, kind="ticket", when=july, ticket_priority="P1", ticket_open=True),
        labelled(
            step, "commitment", 1, side=OURS, kind="ticket", when=july, ticket_priority="P1", ticket_open=True
        ),
    ]
    rows = {1: row(1, "ticket", july, text=text, subject="Complaint escalated by account team")}
    sections = account_sections(items, rows, today=TODAY)
    actions = [a["text"] for a in next_best_actions(sections, "Fenwick & Hale", None, TODAY)]
    assert len([a for a in actions if "currency conversion" in a or "Root cause" in a]) == 1, actions


def test_a_promise_our_later_invite_carries_out_is_no_longer_owed() -> None:
    # A manager's reading (2026-12-07): "circulate an agenda for the next session" was overdue on two pages
    # whose later invite carried "Agenda: 1. Data sources and refresh …".
    june = datetime(2026, 6, 24, tzinfo=UTC)
    promise = "I will circulate an agenda for the next session by July 4, 2026."
    items = [labelled(promise, "commitment", 1, side=OURS, kind="call", when=june, speaker="Sam Ortiz")]
    invite = row(
        2, "meeting", datetime(2026, 7, 10, tzinfo=UTC), direction="outbound", text="Agenda: 1. Data"
    )
    kept = account_sections(items, {2: invite}, today=TODAY)["commitments_by_us"]
    owed = account_sections(items, today=TODAY)["commitments_by_us"]
    assert kept == [] and [c["due_date"] for c in owed] == ["2026-07-04"]


def test_their_unanswered_request_comes_before_our_old_overdue_chore() -> None:
    june = datetime(2026, 6, 12, tzinfo=UTC)
    chore = labelled(
        "I will send the call notes by June 17, 2026.", "commitment", 2, side=OURS, kind="call", when=june
    )
    sections = _page_with_message()
    sections["commitments_by_us"] = account_sections([chore], today=TODAY)["commitments_by_us"]
    texts = [a["text"] for a in next_best_actions(sections, "Harbour Print", None, TODAY)]
    assert texts[0].startswith("Answer Anna Schmidt's message of 2026-08-27")
    assert "send the call notes" in texts[1]
