"""The account summary as a manager reads it, from labelled sentences (the classifier's output is given, so
these test the sections' own rules): an escalated complaint is a risk, never "no risks" beside it; our
words to the customer are never a risk; commitments say who owes what to whom with no record label in
front; vague or non-promise lines are left out; the narrative says where the relationship stands."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import numpy as np

from copilot.db.models import Interaction
from copilot.tools.account_items import CitationMap, Labelled, SectionInputs
from copilot.tools.account_narrative import narrative
from copilot.tools.account_sections import build_sections
from copilot.tools.account_sentences import CUSTOMER, OURS, Sentence, split_sentences
from copilot.tools.sentence_classes import SentenceClass

WHEN = datetime(2026, 10, 1, tzinfo=UTC)
TODAY = date(2026, 10, 20)
MEETING = (
    "Looking forward to seeing everyone. Agenda below.\n\nAgenda:\n1. Usage since the last review\n"
    "2. Executive sponsor check-in\n\n"
    "Follow-up from Northwind: Bob Kowalski will send pricing for the add-on by October 10, 2026.\n"
)


def _row(n: int, kind: str) -> Interaction:
    return Interaction(
        id=n, account_id=1, occurred_at=WHEN, kind=kind, direction="inbound", text="...", subject="s"
    )


def _labelled(text: str, label: str, *, side: str, kind: str, n: int, **extra: Any) -> Labelled:
    sentence = Sentence(text, text, side, n, WHEN, kind, **extra)
    return Labelled(sentence, SentenceClass(label, 0.9), np.eye(8)[n % 8])


def _sections(items: list[Labelled]) -> dict[str, list[dict[str, Any]]]:
    rows = {i.sentence.interaction_id: _row(i.sentence.interaction_id, i.sentence.kind) for i in items}
    inputs = SectionInputs(items, rows, {"leah nakamura"}, "bob", TODAY, "Brightwater Health")
    return build_sections(inputs, CitationMap())


def test_an_escalated_complaint_is_a_risk_not_only_an_open_issue() -> None:
    complaint = _labelled(
        "Customer complaint from Leah Nakamura: the API returns rate-limit errors.",
        "issue",
        side=CUSTOMER,
        kind="ticket",
        n=1,
        ticket_priority="P1",
    )
    plain = _labelled(
        "The dashboards load slowly in the afternoon.", "issue", side=CUSTOMER, kind="email", n=2
    )
    sections = _sections([complaint, plain])
    assert [r["text"] for r in sections["risks"]] == [complaint.sentence.text]
    # The escalated report stays an open issue beside its risk line (issue 15, ninth reading).
    assert sorted(i["text"] for i in sections["open_issues"]) == sorted(
        [complaint.sentence.text, plain.sentence.text]
    )


def test_our_words_to_the_customer_stay_out_of_risks_even_when_escalated() -> None:
    ours = _labelled(
        "We have escalated your complaint to engineering.", "issue", side=OURS, kind="email", n=3
    )
    assert _sections([ours])["risks"] == []


def test_an_agenda_heading_is_never_a_risk_and_never_prefixes_a_promise() -> None:
    found = split_sentences(MEETING)
    assert "Executive sponsor check-in" in found
    promise = next(s for s in found if "will send pricing" in s)
    heading = _labelled("Executive sponsor check-in", "risk", side=OURS, kind="meeting", n=4)
    commitment = _labelled(promise, "commitment", side=OURS, kind="meeting", n=5)
    sections = _sections([heading, commitment])
    assert sections["risks"] == []
    [line] = sections["commitments_by_us"]
    assert line["text"] == ("Bob Kowalski owes Brightwater Health: send pricing for the add-on.")
    assert (line["due_date"], line["overdue"], line["quote"]) == ("2026-10-10", True, promise)


def test_commitments_say_who_owes_what_and_vague_ones_are_left_out() -> None:
    items = [
        _labelled(
            "Thanks Leah, I'll send you a short summary by email.",
            "commitment",
            side=OURS,
            kind="call",
            n=1,
            speaker="Bob Kowalski",
        ),
        _labelled("We'll look into it.", "commitment", side=OURS, kind="email", n=2),
        _labelled(
            "Let me know if Tuesday afternoon works for a short call.",
            "commitment",
            side=OURS,
            kind="email",
            n=3,
        ),
        _labelled(
            "I'll forward the notes to the team leads by October 30, 2026.",
            "commitment",
            side=CUSTOMER,
            kind="call",
            n=4,
            speaker="Leah Nakamura",
        ),
        _labelled("They will send the signed order form.", "commitment", side=OURS, kind="note", n=5),
    ]
    sections = _sections(items)
    # The line names who is owed once; the speaker's "you" is "them", never the account's name again.
    assert [c["text"] for c in sections["commitments_by_us"]] == [
        "Bob Kowalski owes Brightwater Health: send them a short summary by email."
    ]
    theirs = {c["text"]: c for c in sections["commitments_by_them"]}
    assert theirs["Leah Nakamura owes us: forward the notes to the team leads."]["due_date"] == "2026-10-30"
    assert "Brightwater Health owes us: send the signed order form." in theirs


def _trend(label: str, negative: int, direction: str) -> dict[str, Any]:
    month = {"month": "2026-10", "customer_items": 2, "negative": negative, "negative_share": negative / 2}
    return {"months": [{**month, "label": label, "citations": [1]}], "direction": direction}


def test_the_narrative_says_where_the_relationship_stands() -> None:
    risk = {"text": "We will cancel if the export fails again.", "citations": [1], "date": "2026-10-01"}
    owed = {
        "text": "Bob owes them: send the fix plan.",
        "citations": [2],
        "overdue": True,
        "due_date": "2026-10-05",
        "owner": "Bob",
    }
    sections = {"risks": [risk], "open_issues": [], "commitments_by_us": [owed], "commitments_by_them": []}
    facts = {"name": "Brightwater Health", "renewal_date": "2027-01-24"}
    told = narrative(facts, sections, _trend("negative", 2, "worsening"), 21)
    assert 2 <= len(told["sentences"]) <= 4
    first = told["sentences"][0]["text"]
    assert first.startswith(
        "The relationship with Brightwater Health is at risk: their 2 messages in October 2026 read negative"
    )
    assert "21 interactions on record" in first
    assert "We will cancel" in told["sentences"][1]["text"] and told["sentences"][1]["citations"] == [1]
    # What we owe is named, not counted.
    assert "We owe them “send the fix plan” (Bob, overdue since 2026-10-05)" in told["text"]
    assert "renewal is due on 2027-01-24" in told["text"]
    vendors = {
        "text": "We are also looking at two other vendors.",
        "citations": [3],
        "date": "2026-10-02",
        "kind": "churn_threat",
        "kind_label": "churn threat",
    }
    leaving = {**sections, "risks": [vendors], "commitments_by_us": []}
    threat = narrative(facts, leaving, _trend("calm", 0, "stable"), 21)["sentences"][0]["text"]
    # The calm tone is a contrast to the threat, not the reason for the verdict.
    assert threat.startswith(
        "The relationship with Brightwater Health is at risk, "
        "although their 2 messages in October 2026 read calm"
    )
    calm = {"risks": [], "open_issues": [], "commitments_by_us": [], "commitments_by_them": []}
    quiet = narrative(facts, calm, _trend("calm", 0, "stable"), 5)
    assert quiet["sentences"][0]["text"].startswith("The relationship with Brightwater Health is healthy")
    assert 2 <= len(quiet["sentences"]) <= 4
