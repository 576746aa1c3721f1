"""Issue 15, items 4-5, from a manager's second reading of every sample account's summary: each defect
found there as records in and the summary's property out (the classifier's label is given, so these test
the sections' own rules).

A risk carries a kind its words or its ticket name, or is a warning sign the classifier alone read; a
missed deadline needs
a deadline that passed; a ticket waiting on the customer is no escalation but an item to chase; a month
with a complaint never reads calm, and a problem told in frustrated words is a complaint there as in the
call summary; commitments name who is owed once, in the owner's persons, once per
deliverable, and not when stale; issues name a problem; actions are one per step.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from copilot.db.models import Interaction
from copilot.tools.account_commitments import promise_line
from copilot.tools.account_items import CitationMap, Labelled, SectionInputs
from copilot.tools.account_narrative import narrative, next_best_actions
from copilot.tools.account_risks import named_risk
from copilot.tools.account_sections import build_sections
from copilot.tools.account_sentences import CUSTOMER, OURS, Sentence, record_sentences
from copilot.tools.account_trend import negative_by_risk
from copilot.tools.sentence_classes import SentenceClass
from copilot.tools.speaker_roles import RoleBook

WHEN = datetime(2026, 10, 1, tzinfo=UTC)
TODAY = date(2026, 10, 20)


def _labelled(
    text: str,
    label: str,
    *,
    side: str,
    kind: str,
    n: int,
    score: float = 0.9,
    when: datetime = WHEN,
    **extra: Any,
) -> Labelled:
    sentence = Sentence(text, text, side, n, when, kind, **extra)
    return Labelled(sentence, SentenceClass(label, score), np.eye(16)[n % 16])


def _row(n: int, kind: str, when: datetime = WHEN, **extra: Any) -> Interaction:
    fields = {"direction": "inbound", "text": "...", "subject": "s", **extra}
    return Interaction(id=n, account_id=1, occurred_at=when, kind=kind, **fields)


def _sections(items: list[Labelled], rows: dict[int, Interaction] | None = None) -> dict[str, Any]:
    rows = rows or {}
    for i in items:
        s = i.sentence
        rows.setdefault(s.interaction_id, _row(s.interaction_id, s.kind, s.occurred_at))
    inputs = SectionInputs(items, rows, {"leah nakamura"}, "bob", TODAY, "Brightwater Health", "Bob Kowalski")
    return build_sections(inputs, CitationMap())


# --- risks carry a kind their words name ---------------------------------------------------------


def test_a_risk_only_the_classifier_reads_is_a_warning_sign_with_a_step_to_take() -> None:
    # No risk word names it; on authored account records the words alone found one risk in ten, so what
    # the classifier reads as a risk is shown as what it is, with the generic step.
    doubt = _labelled(
        "My CEO asked me last week why we are still paying for this.",
        "risk",
        side=CUSTOMER,
        kind="email",
        n=1,
    )
    sections = _sections([doubt])
    (risk,) = sections["risks"]
    assert (risk["kind"], risk["kind_label"], risk["text"]) == (
        "warning_sign",
        "warning sign",
        doubt.sentence.text,
    )
    assert sections["open_issues"] == []
    (step,) = next_best_actions(sections, "Brightwater Health")
    assert step["text"].startswith("Raise this with ") and "still paying for this" in step["text"]


def test_a_kindless_risk_the_classifier_is_unsure_of_or_cannot_read_is_not_shown() -> None:
    unsure = _labelled(
        "We also had our quarterly planning this week, and analytics came up several times as a priority "
        "for next year.",
        "risk",
        side=CUSTOMER,
        kind="email",
        n=1,
        score=0.44,
    )
    # The classifier reads English; a German sentence no German risk word names is not read as a risk.
    german = _labelled(
        "Wir schauen uns den Markt gerade genauer an.", "risk", side=CUSTOMER, kind="email", n=2
    )
    assert _sections([unsure, german])["risks"] == []


def test_a_kindless_risk_on_a_tickets_report_is_the_customers_open_issue() -> None:
    report = _labelled(
        "The nightly sync failed with a timeout and the dashboards showed stale data.",
        "risk",
        side=CUSTOMER,
        kind="ticket",
        n=2,
        ticket_priority="P3",
    )
    sections = _sections([report])
    assert sections["risks"] == []
    assert [i["text"] for i in sections["open_issues"]] == [report.sentence.text]


def test_the_records_other_sentences_stay_beside_a_named_risk() -> None:
    said = ["We are reviewing all our software contracts this quarter.", "We may switch to another tool."]
    items = [_labelled(t, "risk", side=CUSTOMER, kind="email", n=3) for t in said]
    items[1] = Labelled(items[1].sentence, items[1].label, np.eye(16)[15])  # two sentences, not one repeated
    (risk,) = _sections(items)["risks"]
    assert (risk["kind"], risk["text"], risk["also"]) == ("churn_threat", said[1], [said[0]])


def test_a_sponsor_leaving_and_a_budget_cut_on_one_call_are_two_risks() -> None:
    said = [
        "Finance cut our tooling budget by twenty percent for next year, so we will need to reduce seats.",
        "I should tell you that I am leaving the company at the end of January.",
        "Honestly, the sync keeps failing and my team is fed up.",
    ]
    items = [_labelled(t, "risk", side=CUSTOMER, kind="call", n=5) for t in said]
    items = [Labelled(i.sentence, i.label, np.eye(16)[k]) for k, i in enumerate(items)]
    risks = _sections(items)["risks"]
    # Each kind its own line (a complaint beside a threat to leave stays its reason: the test above).
    assert sorted(r["kind"] for r in risks) == ["budget_cut", "champion_leaving", "complaint"]
    assert sorted(r["text"] for r in risks) == sorted(said) and all(r["also"] == [] for r in risks)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # A delay that hurt is a complaint; nobody named a date that passed.
        ("The sync delays hit us twice during month-end close, which was painful.", "complaint"),
        ("The people were helpful, but we had to explain the issue three times.", "complaint"),
        ("I have to be blunt: the connector skipped 1,200 deals, and people are noticing.", "complaint"),
        ("You missed the deadline we agreed for the export fix.", "missed_deadline"),
        ("The fix was due on October 1 and the exports still fail.", "missed_deadline"),
        ("Our champion left the company last month, so we need a new sponsor.", "champion_leaving"),
        ("I need to raise a complaint about the invoices.", "complaint"),
        ("We have escalated this to our legal team.", "escalation"),
        ("The sync has been delayed since Monday.", None),
        ("Yes, those were handled well, no complaints there.", None),
    ],
)
def test_a_risks_kind_is_named_by_its_own_words(text: str, kind: str | None) -> None:
    found = named_risk(text)
    assert (found.kind if found else None) == kind
    if found:
        assert found.cue.lower() in text.lower()


def test_a_delay_is_never_shown_as_a_missed_deadline() -> None:
    delay = _labelled(
        "The sync delays hit us twice during month-end close, which was painful.",
        "risk",
        side=CUSTOMER,
        kind="call",
        n=4,
        speaker="Leah Nakamura",
    )
    (risk,) = _sections([delay])["risks"]
    assert (risk["kind"], risk["kind_label"]) == ("complaint", "complaint")
    action = next_best_actions({**_empty(), "risks": [risk]}, "Brightwater Health")[0]["text"]
    assert action.startswith("Answer Leah Nakamura's complaint with an owner and a fix date")


def test_a_problem_told_in_frustrated_words_is_a_complaint_with_a_fix_to_ask_for() -> None:
    # The call summary calls it a complaint; the account page lists it as the customer's open problem too,
    # with one step: the complaint's (issue 15, ninth reading).
    fed_up = _labelled(
        "Honestly, the exports keep failing and my team is fed up.",
        "issue",
        side=CUSTOMER,
        kind="call",
        n=5,
        speaker="Leah Nakamura",
    )
    sections = _sections([fed_up])
    assert [i["text"] for i in sections["open_issues"]] == [fed_up.sentence.text]
    assert [(r["kind_label"], r["text"]) for r in sections["risks"]] == [("complaint", fed_up.sentence.text)]
    (action,) = next_best_actions(sections, "Brightwater Health")
    assert action["text"].startswith("Answer Leah Nakamura's complaint with an owner and a fix date")


def test_a_complaint_month_never_reads_calm() -> None:
    pieces = {
        1: "The sync delays hit us twice during month-end close, which was painful.",
        2: "Frankly, we are frustrated that the exports time out.",
        3: "Yes, those were handled well, no complaints there.",
    }
    assert negative_by_risk(pieces) == {1, 2}


# --- a ticket's state decides whether it is an escalation ----------------------------------------

PENDING = "Next step: support is investigating and has asked the customer for two recent examples."
ESCALATED = "Next step: Escalated to the engineering lead; the account owner will update the customer."


def _ticket(n: int, status: str, next_step: str, priority: str = "P1") -> Interaction:
    text = (
        f"Priority: {priority}\nStatus: {status}\nReported by: Leah Nakamura <leah@bw.example>\n\n"
        f"The main dashboard takes a long time to load for several users.\n\n{next_step}"
    )
    return _row(n, "ticket", text=text, subject="Dashboard loading slowly", direction="unknown")


@pytest.mark.parametrize(
    ("status", "next_step", "waiting"),
    [
        # The status decides whose move it is: an open ticket stays ours though support asked for examples
        # (a manager's reading, 2026-12-07).
        ("Open", PENDING, None),
        ("Waiting on customer", PENDING, "two recent examples"),
        ("Waiting on customer", "Next step: support is investigating.", ""),
        ("Open", ESCALATED, None),
    ],
)
def test_a_ticket_says_what_it_waits_on_the_customer_for(
    status: str, next_step: str, waiting: str | None
) -> None:
    report = record_sentences(_ticket(1, status, next_step), RoleBook())[0]
    assert report.side == CUSTOMER and report.ticket_waiting_for == waiting


def _ticket_sections(status: str, next_step: str) -> dict[str, Any]:
    row = _ticket(6, status, next_step)
    report = record_sentences(row, RoleBook())[0]
    return _sections([Labelled(report, SentenceClass("issue", 0.9), np.eye(16)[6])], {6: row})


def test_a_p1_waiting_on_the_customer_is_an_item_to_chase_not_a_risk() -> None:
    sections = _ticket_sections("Waiting on customer", PENDING)
    assert sections["risks"] == []
    (issue,) = sections["open_issues"]
    assert (issue["ticket_state"], issue["waiting_for"]) == ("waiting on the customer", "two recent examples")
    (action,) = next_best_actions(sections, "Brightwater Health")
    assert action["text"].startswith(
        "Ask Leah Nakamura for the two recent examples on “Dashboard loading slowly” "
        "(waiting on them since 2026-10-01), or close it"
    )


@pytest.mark.parametrize("next_step", [ESCALATED, PENDING])
def test_an_open_p1_is_an_escalation_risk_though_support_asked_for_examples(next_step: str) -> None:
    sections = _ticket_sections("Open", next_step)
    (risk,) = sections["risks"]
    assert (risk["kind"], risk["kind_label"], risk["ticket_state"]) == (
        "escalation",
        "open P1 ticket",
        "open",
    )
    # The customer's report is their open issue too, quoted once and acted on once (the risk's step).
    assert [i["text"] for i in sections["open_issues"]] == [risk["text"]]
    told = narrative({"name": "Brightwater Health"}, sections, {"months": []}, 3)
    assert "The most serious risk is an open P1 ticket" in told["text"]
    assert "also their one open customer issue" in told["text"]
    assert len(next_best_actions(sections, "Brightwater Health")) == 1


def test_a_resolved_p1_is_neither_risk_nor_issue() -> None:
    sections = _ticket_sections("Resolved", "Resolution: Increased the timeout.")
    assert sections["risks"] == [] and sections["open_issues"] == []


# --- commitments: who owes what, once ------------------------------------------------------------


def _line(text: str, *, ours: bool, speaker: str = "Priya Nair") -> str:
    sentence = Sentence(text, text, OURS if ours else CUSTOMER, 1, WHEN, "call", speaker)
    return promise_line(sentence, ours=ours, account_owner="Bob Kowalski", account_name="Redwood Biotech")[
        "text"
    ]


@pytest.mark.parametrize(
    ("said", "ours", "line"),
    [
        (
            "I'll set up the groups with you.",
            True,
            "Priya Nair owes Redwood Biotech: set up the groups with them.",
        ),
        (
            "I'll book the review with your leadership by July 21, 2026.",
            True,
            "Priya Nair owes Redwood Biotech: book the review with their leadership by July 21, 2026.",
        ),
        (
            "I'll take that one, I will send pricing for the add-on by November 4, 2026.",
            True,
            "Priya Nair owes Redwood Biotech: send pricing for the add-on by November 4, 2026.",
        ),
        (
            "I'll look at the usage numbers with my manager, no firm date yet.",
            False,
            "Priya Nair owes us: look at the usage numbers with their manager.",
        ),
        (
            "I can find a slot with our CFO by October 27, 2026.",
            False,
            "Priya Nair owes us: find a slot with their CFO by October 27, 2026.",
        ),
        (
            "I'll check with IT about the firewall rules, but I can't promise a date yet.",
            False,
            "Priya Nair owes us: check with IT about the firewall rules.",
        ),
    ],
)
def test_a_commitment_names_who_is_owed_once_in_the_owners_persons(said: str, ours: bool, line: str) -> None:
    assert _line(said, ours=ours) == line


def test_they_in_our_mail_promising_you_something_are_our_people() -> None:
    said = "They will check the job history and come back to you with a first assessment by tomorrow."
    mail = _labelled(said, "commitment", side=OURS, kind="email", n=7)
    sections = _sections([mail], {7: _row(7, "email", direction="outbound")})
    assert [c["quote"] for c in sections["commitments_by_us"]] == [said]
    assert sections["commitments_by_them"] == []
    note = _labelled("They will send the signed order form.", "commitment", side=OURS, kind="note", n=8)
    assert [c["owner"] for c in _sections([note])["commitments_by_them"]] == ["Brightwater Health"]


def test_one_line_per_deliverable_and_no_stale_undated_promise() -> None:
    early, late = WHEN - timedelta(days=80), WHEN
    items = [
        _labelled(
            "I'll loop in our solutions engineer by July 18, 2026.",
            "commitment",
            side=OURS,
            kind="call",
            n=9,
            when=early,
            speaker="Bob Kowalski",
        ),
        _labelled(
            "I'll loop in our solutions engineer, no firm date yet.",
            "commitment",
            side=OURS,
            kind="call",
            n=10,
            when=late,
            speaker="Bob Kowalski",
        ),
        # Undated and 80 days before the latest record: nobody can tell whether it was kept.
        _labelled(
            "I'll set up the groups with you.",
            "commitment",
            side=OURS,
            kind="call",
            n=11,
            when=early,
            speaker="Bob",
        ),
    ]
    by_us = _sections(items)["commitments_by_us"]
    assert [c["text"] for c in by_us] == [
        "Bob Kowalski owes Brightwater Health: loop in our solutions engineer."
    ]
    assert by_us[0]["date"] == late.date().isoformat()


# --- open issues name a problem; actions are one per step ----------------------------------------


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        ("Yes, that one is still open as far as I know.", False),
        ("Yes, those were handled well, no complaints there.", False),
        ("The people were helpful, but the export still drops two columns.", True),
        ("Some records from Snowflake seem to be missing in the dashboards.", True),
    ],
)
def test_an_open_issue_names_a_problem(said: str, kept: bool) -> None:
    issue = _labelled(said, "issue", side=CUSTOMER, kind="call", n=12)
    assert bool(_sections([issue])["open_issues"]) is kept


def _empty() -> dict[str, list[dict[str, Any]]]:
    return {"risks": [], "open_issues": [], "commitments_by_us": [], "commitments_by_them": []}


def test_two_notes_of_one_threat_to_leave_are_one_call() -> None:
    notes = [
        _labelled(
            f"They are evaluating a competitor for the {team} team.", "risk", side=OURS, kind="note", n=n
        )
        for n, team in ((13, "finance"), (14, "sales"))
    ]
    sections = _sections(notes)
    assert [r["kind"] for r in sections["risks"]] == ["churn_threat", "churn_threat"]
    (call,) = next_best_actions(sections, "Brightwater Health")
    assert call["text"].startswith(
        "Call Brightwater Health this week, with the account owner, about the churn risk our note of"
    )


def test_two_points_one_customer_raised_are_one_reply() -> None:
    said = [
        "What I really need is a heads-up when something breaks, before my users notice.",
        "We also saw some dashboards time out in the afternoon.",
    ]
    issues = [
        _labelled(t, "issue", side=CUSTOMER, kind="call", n=n, speaker="Jason Lambert")
        for n, t in zip((15, 1), said, strict=True)
    ]
    sections = _sections(issues)
    assert len(sections["open_issues"]) == 2
    replies = [a["text"] for a in next_best_actions(sections, "Brightwater Health")]
    assert len(replies) == 1 and replies[0].startswith("Reply to Jason Lambert with a fix or a date")


def test_a_relative_due_date_says_the_day_it_meant() -> None:
    said = "I'll send the fix plan by tomorrow, with the rollback steps."
    promise = _labelled(said, "commitment", side=OURS, kind="call", n=16, speaker="Bob Kowalski")
    (line,) = _sections([promise])["commitments_by_us"]
    assert line["text"] == (
        "Bob Kowalski owes Brightwater Health: send the fix plan by tomorrow (2026-10-02), "
        "with the rollback steps."
    )
    assert (line["due_date"], line["overdue"]) == ("2026-10-02", True)
    # Closing the line, the words only repeat the due date shown beside it: they go.
    closing = _labelled("I'll send the fix plan by tomorrow.", "commitment", side=OURS, kind="call", n=16)
    (line,) = _sections([closing])["commitments_by_us"]
    assert line["text"].endswith(": send the fix plan.") and line["due_date"] == "2026-10-02"


def test_a_threat_to_leave_is_one_retention_call_to_the_person_who_made_it() -> None:
    note = _labelled(
        "They are evaluating a competitor for the sales team.", "risk", side=OURS, kind="note", n=17
    )
    mail = _labelled(
        "To be transparent, we are also looking at two other vendors.",
        "risk",
        side=CUSTOMER,
        kind="email",
        n=18,
        when=WHEN - timedelta(days=30),
        speaker="Tom Walsh",
    )
    sections = _sections([note, mail])
    assert [r["kind"] for r in sections["risks"]] == ["churn_threat", "churn_threat"]
    # Which is the customer's own threat and which our team's reading of one, where the risk is named.
    labels = {r["text"]: r["kind_label"] for r in sections["risks"]}
    assert (
        labels["They are evaluating a competitor for the sales team."]
        == "churn threat (our note of 2026-10-01)"
    )
    assert labels["To be transparent, we are also looking at two other vendors."] == "churn threat"
    (call,) = next_best_actions(sections, "Brightwater Health")
    assert call["text"].startswith("Call Tom Walsh this week about their threat to leave")
    assert "two other vendors" in call["text"]  # his own words, not our note of them


def test_a_note_reporting_an_agreed_promise_is_a_dated_commitment() -> None:
    said = "Bob Kowalski agreed to open an engineering escalation for the sync failures by October 10, 2026."
    note = _labelled(said, "commitment", side=OURS, kind="note", n=19)
    (line,) = _sections([note])["commitments_by_us"]
    assert line["text"] == (
        "Bob Kowalski owes Brightwater Health: open an engineering escalation for the sync failures."
    )
    assert (line["due_date"], line["overdue"]) == ("2026-10-10", True)


def test_the_narrative_counts_open_issues_in_plain_words() -> None:
    from copilot.tools.account_narrative import _pressure

    issue = {"text": "The export fails every night", "citations": [3]}
    one = _pressure({"risks": [], "open_issues": [issue]})
    two = _pressure({"risks": [], "open_issues": [issue, {"text": "Login is slow", "citations": [4]}]})
    assert one is not None and one["text"].startswith("One open customer issue, “The export fails")
    assert two is not None and two["text"].startswith("2 open customer issues, the latest “The export")


def test_once_our_papers_went_out_the_procurement_step_checks_they_move() -> None:
    note = _labelled(
        "Procurement is slow, so start any paperwork early.", "risk", side=OURS, kind="note", n=21
    )
    sent = _row(
        22,
        "email",
        WHEN + timedelta(days=3),
        direction="outbound",
        text="Our legal team has sent the standard order form to procurement.",
    )
    sections = _sections([note], {22: sent})
    (risk,) = sections["risks"]
    assert risk["kind"] == "procurement_delay"
    assert risk["paperwork_sent"] == (WHEN + timedelta(days=3)).date().isoformat()
    (step,) = next_best_actions(sections, "Brightwater Health")
    assert step["text"].startswith("Check with Brightwater Health that procurement is moving on the papers")


def test_our_note_of_opening_an_escalation_is_our_commitment_not_their_escalation() -> None:
    said = "Alice Turner agreed to open an engineering escalation for the sync failures by October 10, 2026."
    note = _labelled(said, "commitment", side=OURS, kind="note", n=23)
    sections = _sections([note])
    assert sections["risks"] == []
    told = "Their CTO escalated the sync failures to our CEO."
    assert _sections([_labelled(told, "other", side=OURS, kind="note", n=24)])["risks"]
