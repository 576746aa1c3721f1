"""Issue 15, from a manager's tenth reading of a renewal call and its account page.

The next best actions rank risks by a deliberate rule (a threat to leave first, then what will not wait:
a fresh risk, an open urgent ticket, a champion leaving or a budget cut before the renewal; an old
complaint after them); a call's paragraph carries every concern the customer raised, including the
complaint the trained models read, and names a role-labelled customer who introduced themselves; the
call's sentiment cites every turn that carries it; a bare "them" names what was counted only when that
cannot be people and only one thing was counted. Calls and accounts are written here, with made-up people.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from copilot.container import Services
from copilot.tools.account_narrative import next_best_actions
from copilot.tools.account_sentences import OURS
from copilot.tools.champion_handover import introduced_name
from copilot.tools.counted_objects import with_counted_noun
from tests.tools.summary_reading import account_sections, digest_of, labelled, row, seeded_account, summarized

TODAY = date(2026, 12, 6)
NOW = datetime(2026, 12, 5, tzinfo=UTC)
SEPTEMBER = datetime(2026, 9, 22, tzinfo=UTC)

THREAT = "If this is not fixed by Friday we will cancel and move to another vendor."
OLD_COMPLAINT = (
    "I have to be blunt: the connector silently skipped about 1,200 deals, and people are noticing."
)
LEAVING = "I am leaving the company at the end of January, so Fiona will own the renewal."
CUT = "Finance also cut our tooling budget by twenty percent for next year, so we will need to reduce seats."
REVIEW = f"Customer: Malik here. {LEAVING}\nAgent: Thanks.\nCustomer: {CUT}\n"


def _renewal_page(complaint_when: datetime = SEPTEMBER) -> dict:
    items = [
        labelled(THREAT, "risk", 3, kind="call", when=NOW, speaker="Customer"),
        labelled(OLD_COMPLAINT, "risk", 1, kind="call", when=complaint_when, speaker="Nadia Brooks"),
        labelled(LEAVING, "risk", 2, kind="call", when=NOW, speaker="Customer"),
        labelled(CUT, "risk", 2, kind="call", when=NOW, speaker="Customer"),
        labelled(
            "I will send the call notes by September 26, 2026.",
            "commitment",
            1,
            side=OURS,
            kind="call",
            when=SEPTEMBER,
            speaker="Sam Ortiz",
        ),
    ]
    rows = {2: row(2, "call", NOW, text=REVIEW)}
    return account_sections(items, rows, today=TODAY)


def _kinds_acted_on(sections: dict, renewal: str | None, today: date | None = TODAY) -> list[str]:
    # Without `today` the page reads from its newest record (here the day before TODAY).
    if today is None:
        actions = next_best_actions(sections, "Harbour Print", renewal)
    else:
        actions = next_best_actions(sections, "Harbour Print", renewal, today)
    return [sections["risks"][a["item"]["index"]]["kind"] for a in actions if a["item"]["section"] == "risks"]


# --- 1. the order of the next best actions is a rule: at stake first, then what will not wait -------------


def test_a_champion_leaving_before_the_renewal_outranks_an_older_complaint() -> None:
    sections = _renewal_page()
    # The risk list still says what is gravest; the actions say what to do first.
    assert [r["kind"] for r in sections["risks"]][:2] == ["churn_threat", "complaint"]
    acted = _kinds_acted_on(sections, "2027-03-11", today=None)
    assert acted == ["churn_threat", "budget_cut", "champion_leaving"]
    actions = next_best_actions(sections, "Harbour Print", "2027-03-11")
    assert any(a["text"].startswith("Meet Fiona before Malik leaves") for a in actions)
    assert actions[-1]["item"]["section"] == "commitments_by_us"  # the overdue promise keeps its line


def test_a_fresh_complaint_still_outranks_the_concerns_of_the_renewal() -> None:
    sections = _renewal_page(complaint_when=NOW)
    assert _kinds_acted_on(sections, "2027-03-11") == ["churn_threat", "complaint", "budget_cut"]


def test_an_old_champion_leaving_far_from_the_renewal_waits_behind_nothing_newer() -> None:
    # Both old, the renewal more than half a year away: severity decides (the complaint first).
    old = datetime(2026, 10, 1, tzinfo=UTC)
    items = [
        labelled(OLD_COMPLAINT, "risk", 1, kind="call", when=SEPTEMBER, speaker="Nadia Brooks"),
        labelled(LEAVING, "risk", 2, kind="call", when=old, speaker="Customer"),
    ]
    sections = account_sections(items, {2: row(2, "call", old, text=REVIEW)}, today=TODAY)
    assert _kinds_acted_on(sections, "2027-09-30") == ["complaint", "champion_leaving"]
    # With the renewal near, the chance to meet the successor closes first.
    assert _kinds_acted_on(sections, "2027-01-31") == ["champion_leaving", "complaint"]


def test_without_today_the_newest_record_stands_in_for_it() -> None:
    assert _kinds_acted_on(_renewal_page(), "2027-03-11", today=None)[1:] == [
        "budget_cut",
        "champion_leaving",
    ]


# --- 2. the paragraph carries the customer's concerns and names who introduced themselves ----------------

RENEWAL_CALL = (
    "Customer: Malik here. Quick heads-up before we talk numbers.\n"
    "Agent: Sure, go ahead.\n"
    f"Customer: {LEAVING}\n"
    "Agent: Thanks for telling me. I will set up an intro call with Fiona next week.\n"
    f"Customer: {CUT}\n"
    "Agent: Understood. I will send you a reduced-seat proposal by Friday.\n"
    "Customer: Honestly, the sync is still dropping deals, which does not help the case internally.\n"
    "Agent: I will escalate the sync issue to our engineering lead today.\n"
)


@pytest.fixture
def account_id(services: Services) -> int:
    return seeded_account(services, "C-93")


def test_the_paragraph_carries_every_concern_and_names_the_leaver(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    result = summarized(services, tmp_path, RENEWAL_CALL, account_id)
    summary = result["structured"]["summary"]
    assert summary["utterances"] == [3, 5, 7, 8]
    text = summary["text"]
    assert text.startswith("The customer (Malik) is leaving the company at the end of January")
    assert "finance also cut their tooling budget by twenty percent" in text
    assert "the sync is still dropping deals" in text  # the complaint the models read
    assert text.count("(Malik)") == 1
    leaving = next(r for r in result["structured"]["risks"] if r["kind"] == "champion_leaving")
    assert leaving["said"].startswith("The customer (Malik) is leaving")


def test_a_budget_cut_is_kept_by_the_digest_itself() -> None:
    said = digest_of(REVIEW.replace("Agent: Thanks.", "Agent: Thanks for the heads-up on the team."))
    assert "finance also cut their tooling budget" in said


def test_a_name_is_given_only_by_one_introduction() -> None:
    assert introduced_name(["It's Monday, and the export failed again."]) == ""
    two = "Customer: Malik here. I am leaving.\nAgent: Noted.\nCustomer: This is Dana now, Malik left.\n"
    assert "(Malik)" not in digest_of(two) and "(Dana)" not in digest_of(two)


# --- 3. the sentiment cites the turns that carry it ------------------------------------------------------


def test_a_complaint_call_cites_every_concern_in_its_sentiment(
    services: Services, account_id: int, tmp_path: Path
) -> None:
    mood = summarized(services, tmp_path, RENEWAL_CALL, account_id)["structured"]["customer_sentiment"]
    assert mood["label"] == "negative"
    assert {5, 7} <= set(mood["utterances"])
    # The champion leaving (u3) is a risk to the account, listed under risks, not the customer's mood.
    assert 3 not in mood["utterances"]
    assert 1 not in mood["utterances"]  # the greeting carries no sentiment


# --- 4. "them" names what was counted only when it must be that thing ------------------------------------

TICKETS = ["Our export has failed since Monday and nobody answered my two tickets."]


@pytest.mark.parametrize(
    ("said", "earlier", "told"),
    [
        (
            "I have escalated them to engineering as P1.",
            TICKETS,
            "I have escalated the two tickets to engineering as P1.",
        ),
        # People, not things: something is sent *to* them, or they are called.
        ("I will send them a reduced-seat proposal by Friday.", TICKETS, None),
        ("I will call them tomorrow at 10.", TICKETS, None),
        # Two counts: "them" could be either, so it is not guessed.
        ("I have escalated them to engineering.", [*TICKETS, "And three invoices are wrong."], None),
        # Nothing counted.
        ("I have escalated them to engineering.", ["Can you send me the numbers?"], None),
    ],
)
def test_them_is_named_only_when_unambiguous(said: str, earlier: list[str], told: str | None) -> None:
    assert with_counted_noun(said, earlier) == (told or said)


def test_the_paragraph_names_what_them_escalated() -> None:
    call = (
        "Customer: Our invoice export has failed every night and nobody answered my two tickets.\n"
        "Agent: I have escalated them to engineering as P1.\n"
    )
    assert "The agent has escalated the two tickets to engineering as P1." in digest_of(call)
