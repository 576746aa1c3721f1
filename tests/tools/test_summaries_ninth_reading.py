"""Issue 15, from a manager's ninth reading of a support call and two account pages.

A decision line holds the decision, not the promise chained after it (that is the action item), and a
bare "both" it acts on names what an earlier turn counted ("both tickets"); a problem the customer
reported stays an open issue when it also backs a risk, with one next best action per record; a
commitment shown beside its due date does not say that date again; a champion leaving and a budget cut
get actions a manager would take. The calls and accounts are written here, with made-up people.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from copilot.container import Services
from copilot.tools.account_narrative import narrative, next_best_actions
from copilot.tools.account_sentences import OURS
from copilot.tools.call_dates import without_closing_date
from copilot.tools.champion_handover import handover, introduced_name
from copilot.tools.counted_objects import with_counted_noun
from tests.tools.summary_reading import (
    account_sections,
    digest_of,
    labelled,
    row,
    seeded_account,
    summarized,
)

EXPORT_CALL = (
    "Customer: Our invoice export has failed every night since Monday and nobody answered my two tickets.\n"
    "Agent: Sorry about that. Can you send me the ticket numbers so I can escalate?\n"
    "Customer: 48213 and 48240. If this is not fixed by Friday we will cancel and move to another vendor.\n"
    "Agent: I have escalated both to engineering as P1 and will call you tomorrow at 10 with an update.\n"
)


@pytest.fixture
def account_id(services: Services) -> int:
    return seeded_account(services, "C-91")


# --- 1. a decision line holds the decision; "both" names what was counted ----------------------------------


def test_a_decision_line_holds_the_decision_not_the_promise_after_it(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    structured = summarized(services, tmp_path, EXPORT_CALL, account_id)["structured"]
    (decision,) = structured["decisions"]
    assert decision["said"] == "The agent has escalated both tickets to engineering as P1."
    assert decision["utterances"] == [4]
    (item,) = structured["action_items"]
    assert item["said"] == "The agent will call the customer tomorrow at 10 with an update."


def test_the_paragraph_names_what_both_counts() -> None:
    assert "escalated both tickets to engineering" in digest_of(EXPORT_CALL)


def test_a_decision_that_is_its_promise_stays_whole(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    # The decision cue is in the promise clause itself: nothing is cut away.
    call = (
        "Customer: The dashboards load slowly for our regional managers.\n"
        "Agent: I have checked the logs and will go ahead with the new cache settings on Friday.\n"
    )
    (decision,) = summarized(services, tmp_path, call, account_id)["structured"]["decisions"]
    assert "go ahead with the new cache settings" in decision["said"]


@pytest.mark.parametrize(
    ("sentence", "earlier", "named"),
    [
        (
            "I fixed all three today.",
            ["All three warehouses lost their labels."],
            "I fixed all three warehouses today.",
        ),
        ("We escalated both.", ["I sent two invoices last week."], "We escalated both invoices."),
        # Nothing counted two of anything, or what was counted is time, not a thing acted on.
        ("I like both.", ["It has been two weeks."], "I like both."),
        ("We escalated both.", ["Nobody answered my tickets."], "We escalated both."),
        # A noun after it says what it is already.
        ("We escalated both tickets.", ["my two tickets"], "We escalated both tickets."),
        ("We escalated both.", ["my three tickets"], "We escalated both."),
    ],
)
def test_a_bare_both_takes_the_noun_an_earlier_turn_counted(
    sentence: str, earlier: list[str], named: str
) -> None:
    assert with_counted_noun(sentence, earlier) == named


def test_counted_nouns_are_read_in_linear_time() -> None:
    started = time.perf_counter()
    with_counted_noun("We fixed both.", ["two " * 50_000, "two a " * 50_000, "two " + "s" * 100_000])
    assert time.perf_counter() - started < 1.0


# --- 2. a problem the customer reported stays an open issue beside its risk ---------------------------------

COMPLAINT = "Our invoice export has failed every night since Monday and nobody answered my two tickets."
THREAT = "If this is not fixed by Friday we will cancel and move to another vendor."
TODAY = date(2026, 12, 6)
CALL_DAY = datetime(2026, 12, 6, 10, tzinfo=UTC)


def _call_sections() -> dict[str, list[dict]]:
    items = [
        labelled(COMPLAINT, "risk", 7, kind="call", when=CALL_DAY, speaker="Customer"),
        labelled(THREAT, "risk", 7, kind="call", when=CALL_DAY, speaker="Customer"),
        labelled(
            "A new analyst gets a permission error when opening the shared workspace.",
            "issue",
            3,
            kind="email",
            when=datetime(2026, 11, 20, tzinfo=UTC),
        ),
    ]
    return account_sections(items, today=TODAY)


def test_a_complaint_behind_a_churn_threat_is_also_the_latest_open_issue() -> None:
    sections = _call_sections()
    assert [r["kind"] for r in sections["risks"]] == ["churn_threat"]  # the risk line stays
    assert sections["risks"][0]["also"] == [COMPLAINT]
    assert sections["open_issues"][0]["text"] == COMPLAINT
    facts = {"name": "Harbour Print", "renewal_date": None}
    told = narrative(facts, sections, {"months": [], "direction": ""}, 3)["text"]
    assert "2 open customer issues, the latest “Our invoice export has failed" in told


def test_an_issue_whose_record_a_risk_step_acts_on_gets_no_second_action() -> None:
    sections = _call_sections()
    actions = next_best_actions(sections, "Harbour Print")
    cited = [a["citations"] for a in actions]
    assert len(cited) == len({tuple(c) for c in cited})  # one action per record
    assert actions[0]["item"]["section"] == "risks"
    # The older issue of another record still gets its own step.
    assert any(a["item"]["section"] == "open_issues" and "permission error" in a["text"] for a in actions)


def test_an_escalated_ticket_is_a_risk_and_an_open_issue_quoted_once_in_the_narrative() -> None:
    report = "Customer complaint from Nadia Brooks: the API returns rate-limit errors at only 50 requests."
    item = labelled(report, "issue", 20, kind="ticket", ticket_priority="P1")
    ticket = row(20, "ticket", subject="Complaint escalated by account team", text=report)
    sections = account_sections([item], {20: ticket})
    assert [r["kind"] for r in sections["risks"]] == ["escalation"]
    assert [i["text"] for i in sections["open_issues"]] == [report]
    facts = {"name": "Harbour Print", "renewal_date": None}
    told = narrative(facts, sections, {"months": [], "direction": ""}, 1)["text"]
    assert told.count("rate-limit errors") == 1 and "also their one open customer issue" in told
    assert len(next_best_actions(sections, "Harbour Print")) == 1  # the escalation's step covers it


# --- 3. a date shown as a field is not said again ---------------------------------------------------------


def test_a_commitment_beside_its_due_date_does_not_repeat_it() -> None:
    said = "I will send pricing for the embedded analytics add-on by September 28, 2026."
    item = labelled(
        said, "commitment", 5, side=OURS, when=datetime(2026, 9, 22, tzinfo=UTC), speaker="Sam Ortiz"
    )
    (promise,) = account_sections([item])["commitments_by_us"]
    assert promise["due_date"] == "2026-09-28" and promise["overdue"]
    assert promise["text"].endswith(": send pricing for the embedded analytics add-on.")
    (action,) = next_best_actions(account_sections([item]))
    assert action["text"].endswith(
        "(due 2026-09-28, overdue): send pricing for the embedded analytics add-on"
    )


@pytest.mark.parametrize(
    ("line", "due", "kept"),
    [
        ("X owes us: send pricing by September 28, 2026.", date(2026, 9, 28), "X owes us: send pricing."),
        (
            "X owes us: send a revised proposal by Friday.",
            date(2026, 9, 25),
            "X owes us: send a revised proposal.",
        ),
        # A time, another day, or a month without its day says more than the field: it stays.
        ("X owes us: call them tomorrow at 10.", date(2026, 9, 23), None),
        ("X owes us: send it by Friday.", date(2026, 9, 26), None),
        ("X owes us: send it by December 2026.", date(2026, 12, 31), None),
    ],
)
def test_only_words_that_say_exactly_the_due_date_go(line: str, due: date, kept: str | None) -> None:
    assert without_closing_date(line, due, date(2026, 9, 22)) == (kept or line)


def test_closing_dates_are_read_in_linear_time() -> None:
    started = time.perf_counter()
    without_closing_date("a" + " " * 200_000 + "b", date(2026, 1, 1), date(2026, 1, 1))
    without_closing_date("by " * 100_000, date(2026, 1, 1), date(2026, 1, 1))
    assert time.perf_counter() - started < 1.0


# --- 4. a champion leaving and a budget cut are actions a manager takes ------------------------------------

LEAVING = "I'm leaving the company at the end of January, so Fiona will own the renewal."
CUT = "Finance also cut our tooling budget by twenty percent for next year, so we will need to reduce seats."
REVIEW = f"Customer: Malik here. {LEAVING}\nAgent: Thanks for telling me.\nCustomer: {CUT}\n"


def _review_actions(renewal: str | None) -> list[dict]:
    items = [labelled(s, "risk", 9, kind="call", speaker="Customer") for s in (LEAVING, CUT)]
    sections = account_sections(items, {9: row(9, "call", text=REVIEW)})
    assert {r["kind"] for r in sections["risks"]} == {"champion_leaving", "budget_cut"}
    return next_best_actions(sections, "Harbour Print", renewal)


def test_a_champion_leaving_is_a_meeting_with_their_successor_before_they_go() -> None:
    (step,) = [a for a in _review_actions("2027-03-01") if "leaves" in a["text"]]
    assert step["text"].startswith(
        "Meet Fiona before Malik leaves (at the end of January) and confirm who owns the renewal: "
        "“I'm leaving"
    )
    assert step["item"]["section"] == "risks" and step["citations"] == [1]


def test_a_budget_cut_is_a_renewal_option_ready_before_the_renewal() -> None:
    (step,) = [a for a in _review_actions("2027-03-01") if "budget" in a["text"]]
    assert step["text"].startswith(
        "Prepare a renewal option that fits the cut budget before the renewal on 2027-03-01 and take it to"
    )
    (undated,) = [a for a in _review_actions(None) if "budget" in a["text"]]
    assert "before the renewal talks" in undated["text"]


@pytest.mark.parametrize(
    ("said", "successor", "when"),
    [
        (LEAVING, "Fiona", "at the end of January"),
        ("Our sponsor is leaving next month.", "", "next month"),
        ("I'm handing over to Priya Shah before I leave.", "Priya Shah", ""),
    ],
)
def test_a_handover_is_read_only_from_its_words(said: str, successor: str, when: str) -> None:
    found = handover(said)
    assert (found.successor, found.when) == (successor, when)


def test_a_leaver_is_named_only_by_their_own_introduction() -> None:
    assert introduced_name(["Malik here. I'm leaving."]) == "Malik"
    assert introduced_name(["Hi, this is Dana from finance."]) == "Dana"
    assert introduced_name(["This is great.", "I am here."]) == ""


def test_handover_words_are_read_in_linear_time() -> None:
    started = time.perf_counter()
    handover("Aa " * 100_000)
    handover("leaving " + "a " * 100_000)
    introduced_name([". " * 100_000, "Aa " * 100_000])
    assert time.perf_counter() - started < 1.0
