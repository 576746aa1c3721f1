"""Issue 15, as a manager read the sample CRM's summaries: each defect found there, as a transcript or
records in and the summary property out.

Small talk never becomes an issue; a ticket's status line is no risk (its report is, once); our side is
named by a person's name, never a login; a colleague seen on our domain is our side on any call; a
support chat's complaint and churn threat carry those labels; a promise whose object is only "it" says
what "it" is or is left out; risks and their actions come once per record and say what to do.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import numpy as np

from connectors.base import Participant
from copilot.container import Services
from copilot.db.models import Account, Interaction, Role, User
from copilot.tools.account_commitments import promise_line
from copilot.tools.account_items import CitationMap, Labelled, SectionInputs
from copilot.tools.account_narrative import next_best_actions
from copilot.tools.account_sections import build_sections
from copilot.tools.account_sentences import CUSTOMER, OURS, Sentence, record_sentences
from copilot.tools.account_trend import negative_by_risk
from copilot.tools.call_items import action_items
from copilot.tools.call_record import account_role_book, owner_name
from copilot.tools.call_render import _item_line
from copilot.tools.call_risk_items import risks
from copilot.tools.call_types import Utterance
from copilot.tools.sentence_classes import SentenceClass
from copilot.tools.speaker_roles import RoleBook, Side, assign_roles
from tests.support.records import Note, seed_account

WHEN = datetime(2026, 10, 1, tzinfo=UTC)
OUR_DOMAIN = "northwind.example"


def _call(turns: list[tuple[str, str]], n: int = 1) -> Interaction:
    return Interaction(
        id=n,
        account_id=1,
        occurred_at=WHEN,
        kind="call",
        direction="unknown",
        text="",
        extra={"utterances": [{"speaker": s, "text": t} for s, t in turns]},
    )


def test_the_answer_to_how_was_your_week_is_no_sentence_of_the_account() -> None:
    book = RoleBook(contact_names=frozenset({"leah nakamura"}), our_names=frozenset({"bob kowalski"}))
    call = _call(
        [
            ("Bob Kowalski", "Hey Leah, how was your week so far?"),
            ("Leah Nakamura", "Busy, but good. Quarter end is coming up."),
            ("Bob Kowalski", "The main topic today is the renewal."),
            ("Leah Nakamura", "Our exports failed twice this month and finance noticed."),
        ]
    )
    shown = [s.shown for s in record_sentences(call, book)]
    assert "Quarter end is coming up." not in shown and not any("how was your week" in s for s in shown)
    assert "Our exports failed twice this month and finance noticed." in shown


def test_a_ticket_is_one_risk_its_report_not_our_status_line() -> None:
    ticket = Interaction(
        id=7,
        account_id=1,
        occurred_at=WHEN,
        kind="ticket",
        direction="unknown",
        subject="Escalation: customer complaint",
        text=(
            "Priority: P3\nStatus: Open\nReported by: Kimberly Okonkwo <kim@orbital.example>\n\n"
            "Customer complaint from Kimberly Okonkwo: the status page showed all green during an outage.\n\n"
            "Next step: Escalated to the engineering lead; the account owner will update the customer."
        ),
    )
    sentences = record_sentences(ticket, RoleBook())
    report, status = sentences
    assert (report.side, report.speaker) == (CUSTOMER, "Kimberly Okonkwo") and status.side == OURS
    # Whatever the classifier says of each line, only the report may be a risk.
    labelled = [Labelled(s, SentenceClass("risk", 0.9), np.eye(8)[i]) for i, s in enumerate(sentences)]
    inputs = SectionInputs(labelled, {7: ticket}, set(), "bob", date(2026, 10, 20), "Orbital Media")
    found = build_sections(inputs, CitationMap())["risks"]
    assert len(found) == 1 and found[0]["text"].startswith("Customer complaint from Kimberly")
    # A complaint on a ticket our team escalated reads "escalation" (its status line says so).
    assert found[0]["kind_label"] == "escalation" and found[0]["also"] == []
    action = next_best_actions({**_empty(), "risks": found}, "Orbital Media")[0]["text"]
    assert action.startswith("Get an owner and a fix date for “Escalation: customer complaint”")
    assert "tell Kimberly Okonkwo" in action


def _empty() -> dict[str, list[dict[str, Any]]]:
    return {"risks": [], "open_issues": [], "commitments_by_us": [], "commitments_by_them": []}


def _mail_from(name: str, email: str, *, cc: tuple[str, str] | None = None) -> Note:
    people = [Participant(role="from", name=name, email=email)]
    if cc:
        people.append(Participant(role="cc", name=cc[0], email=cc[1]))
    return Note("Notes from our call attached.", direction="outbound", participants=tuple(people))


def test_our_side_is_named_by_a_person_never_a_login(services: Services) -> None:
    mailed, _, _ = seed_account(
        services, "C-1", "Acme", [_mail_from("Bob Kowalski", f"bob@{OUR_DOMAIN}")], owner="bob"
    )
    unknown, _, _ = seed_account(services, "C-2", "Brightwater", [Note("Hello.")], owner="alice")
    with services.sessions() as session, session.begin():
        session.add(User(name="dana", role=Role.REP, display_name="Dana Okafor"))
        users_own, _, _ = seed_account(services, "C-3", "Cobalt", [Note("Hi.")], owner="dana")
    with services.sessions() as session:
        name = {i: owner_name(session, session.get_one(Account, i), [OUR_DOMAIN]) for i in (mailed, unknown)}
        name[users_own] = owner_name(session, session.get_one(Account, users_own), [OUR_DOMAIN])
    # Our mail shows bob@ as Bob Kowalski; dana's user has a display name; nobody says who alice is.
    assert name == {mailed: "Bob Kowalski", users_own: "Dana Okafor", unknown: None}
    promise = Sentence(
        "We will send the quote by 2026-10-09.",
        "We will send the quote by 2026-10-09.",
        OURS,
        1,
        WHEN,
        "email",
    )
    labelled = [Labelled(promise, SentenceClass("commitment", 0.9), np.eye(8)[0])]
    row = Interaction(id=1, account_id=1, occurred_at=WHEN, kind="email", direction="outbound", text="...")
    for owner, expected in (("Bob Kowalski", "Bob Kowalski owes Acme"), ("", "Our team owes Acme")):
        inputs = SectionInputs(labelled, {1: row}, set(), "bob", date(2026, 10, 20), "Acme", owner)
        (promised,) = build_sections(inputs, CitationMap())["commitments_by_us"]
        # The due date is shown beside the line (issue 15, ninth reading), not said again in it.
        assert (promised["text"], promised["due_date"]) == (f"{expected}: send the quote.", "2026-10-09")


def test_a_colleague_on_our_domain_is_our_side_on_another_accounts_call(services: Services) -> None:
    # Priya was cc'd on another account's mail; no user, contact or owner names her on this account.
    seed_account(
        services,
        "C-1",
        "Acme",
        [_mail_from("Bob Kowalski", f"bob@{OUR_DOMAIN}", cc=("Priya Nair", f"priya@{OUR_DOMAIN}"))],
        owner="bob",
    )
    account_id, _, _ = seed_account(
        services,
        "C-2",
        "Granite",
        [Note("Hi.")],
        contact=("Rachel Morrison", "rachel@granite.example"),
        owner="bob",
    )
    with services.sessions() as session:
        book = account_role_book(session, session.get_one(Account, account_id), [OUR_DOMAIN])
    roles = assign_roles(["Bob Kowalski", "Rachel Morrison", "Priya Nair"], book)
    assert roles.side("Priya Nair") is Side.OURS and roles.unknown == []
    assert roles.side("Rachel Morrison") is Side.CUSTOMER


SUPPORT_CHAT = [
    Utterance(
        1,
        "Customer",
        "My order 1234 never arrived and nobody answers my emails. This is the third time I ask.",
        True,
    ),
    Utterance(2, "Agent", "I am sorry about that. Let me check the order status for you right now.", False),
    Utterance(3, "Customer", "Please fix this by Friday or I cancel.", True),
]


def test_a_support_chats_risks_read_complaint_and_churn_threat() -> None:
    found = risks(SUPPORT_CHAT)
    assert [(r.extra["kind"], r.utterances) for r in found] == [("complaint", [1]), ("churn_threat", [3])]
    # The complaint (to us, not raised above us: the account summary's kind) is cited by its main
    # sentence, and labelled as a manager reads it.
    assert found[0].text == "My order 1234 never arrived and nobody answers my emails."
    lines = [_item_line({**r.as_json(), "said": r.text}) for r in found]
    assert "(complaint) [u1]" in lines[0] and "(churn threat) [u3]" in lines[1]
    assert not any("missed deadline" in line for line in lines)
    # Said calmly or not, a threat to leave or a complaint makes that month negative in the trend.
    assert negative_by_risk(
        {1: "Please fix this by Friday or I cancel.", 2: "The course was cancelled."}
    ) == {1}


def test_a_promise_of_it_says_what_it_is_or_is_left_out() -> None:
    turns = [
        Utterance(
            1, "Daniel Kim", "One thing leadership asked: can we see which dashboards nobody opens?", True
        ),
        Utterance(
            2,
            "Bob Kowalski",
            "Yes, the usage report has a stale content view. I'll show you where it is.",
            False,
        ),
        Utterance(3, "Leah Nakamura", "Perfect, we want to clean up first.", True),
        Utterance(4, "Bob Kowalski", "Sure, I'll do it.", False),
    ]
    items = action_items(turns, date(2026, 12, 2))
    assert [i.utterances for i in items] == [[2]]
    assert items[0].extra["resolved"] == "I'll show you where the stale content view is."


def test_two_risks_of_one_record_are_one_risk_and_one_concrete_action() -> None:
    said = (
        "We are reviewing all our software contracts this quarter.",
        "To be transparent, we are also looking at two other vendors, so a competitive offer would help.",
    )
    email = Interaction(id=3, account_id=1, occurred_at=WHEN, kind="email", direction="inbound", text="...")
    labelled = [
        Labelled(
            Sentence(t, t, CUSTOMER, 3, WHEN, "email", "Kimberly Okonkwo"),
            SentenceClass("risk", 0.8),
            np.eye(8)[i],
        )
        for i, t in enumerate(said)
    ]
    inputs = SectionInputs(labelled, {3: email}, set(), "dana", date(2026, 10, 20), "Orbital Media")
    sections = build_sections(inputs, CitationMap())
    (risk,) = sections["risks"]
    # The threat to leave leads; the contract review stays beside it, cited once.
    assert risk["kind"] == "churn_threat" and risk["text"] == said[1] and risk["also"] == [said[0]]
    actions = next_best_actions(sections, "Orbital Media")
    assert len(actions) == 1 and actions[0]["item"] == {"section": "risks", "index": 0}
    assert actions[0]["text"].startswith("Call Kimberly Okonkwo this week about their threat to leave")
    assert "two other vendors" in actions[0]["text"] and actions[0]["citations"] == [1]


def test_a_promise_that_something_will_happen_owes_that_thing() -> None:
    said = "I can promise you that Excel exports will be live for your team by August 2026."
    sentence = Sentence(said, said, OURS, 1, WHEN, "call", "Dana Okafor")
    line = promise_line(sentence, ours=True, account_owner="", account_name="Orbital Media Labs")
    assert (
        line["text"]
        == "Dana Okafor owes Orbital Media Labs: Excel exports will be live for their team by August 2026."
    )
