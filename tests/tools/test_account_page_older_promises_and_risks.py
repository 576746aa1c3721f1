"""From a manager's reading of the sample pages (sixteenth round): a dated product promise told without
"we will" is our commitment when the classifier is sure of it, an older promise still counts while its
date falls in the page's window, and a churn threat or a champion gone stays for a contract year; an ask,
a date stated as a fact and a one-word answer are none of these. The classifier's label is given, so
these test the sections' own rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from copilot.db.models import Interaction
from copilot.index.fakes import HashingEmbeddings
from copilot.tools.account_items import CitationMap, Labelled, SectionInputs
from copilot.tools.account_narrative import narrative
from copilot.tools.account_sections import build_sections
from copilot.tools.account_sentences import CUSTOMER, OURS, Sentence
from copilot.tools.sentence_classes import UNREAD, SentenceClass, classify_sentences

LATEST = datetime(2026, 10, 9, tzinfo=UTC)
TODAY = date(2026, 12, 6)


def _labelled(
    text: str, label: str, *, side: str, kind: str, n: int, when: datetime, score: float
) -> Labelled:
    sentence = Sentence(text, text, side, n, when, kind)
    return Labelled(sentence, SentenceClass(label, score), np.eye(16)[n % 16])


def _sections(items: list[Labelled]) -> dict[str, Any]:
    rows = {
        i.sentence.interaction_id: Interaction(
            id=i.sentence.interaction_id,
            account_id=1,
            occurred_at=i.sentence.occurred_at,
            kind=i.sentence.kind,
            direction="outbound",
            text="...",
            subject="s",
        )
        for i in items
    }
    latest = _labelled("Talk soon.", "other", side=OURS, kind="email", n=15, when=LATEST, score=0.9)
    rows[15] = Interaction(id=15, account_id=1, occurred_at=LATEST, kind="email", text="...", subject="s")
    inputs = SectionInputs([*items, latest], rows, {"maria garcia"}, "chen", TODAY, "Acme", "Chen Wei")
    return build_sections(inputs, CitationMap())


def _ours(text: str, n: int, when: datetime, score: float = 0.99) -> Labelled:
    return _labelled(text, "commitment", side=OURS, kind="call", n=n, when=when, score=score)


JUNE = datetime(2026, 6, 10, tzinfo=UTC)


def test_a_dated_promise_without_we_will_made_months_ago_is_ours_and_overdue() -> None:
    connector = _ours(
        "Our product team signed off, so a Salesforce connector ships to your workspace in October 2026.",
        1,
        JUNE,
    )
    (entry,) = _sections([connector])["commitments_by_us"]
    assert entry["owner"] == "Chen Wei" and entry["due_date"] == "2026-10-31" and entry["overdue"]
    assert "ships to their workspace" in entry["text"]


def test_an_unsure_ask_or_a_date_stated_as_a_fact_is_no_commitment() -> None:
    items = [
        _ours("Chart annotations will be available to your team by July 2026.", 1, JUNE, score=0.8),
        _ours("Let me know if Tuesday afternoon works for a short call.", 2, LATEST),
        _ours("For your planning: the renewal date in your contract is June 24, 2027.", 3, LATEST),
    ]
    assert _sections(items)["commitments_by_us"] == []


def test_an_old_undated_promise_stays_out() -> None:
    assert _sections([_ours("I'll send the usage report.", 1, JUNE)])["commitments_by_us"] == []


def test_a_churn_threat_stays_for_a_contract_year_and_other_risks_age_out() -> None:
    february = datetime(2026, 2, 25, tzinfo=UTC)
    competitor = _labelled(
        "They are evaluating a competitor for the supply chain team.",
        "risk",
        side=OURS,
        kind="note",
        n=1,
        when=february,
        score=0.99,
    )
    budget = _labelled(
        "Their budget was cut by a third this year.",
        "risk",
        side=OURS,
        kind="note",
        n=2,
        when=february,
        score=0.99,
    )
    risks = _sections([competitor, budget])["risks"]
    assert [(r["kind"], r["text"]) for r in risks] == [("churn_threat", competitor.sentence.text)]
    a_year_before = datetime(2025, 9, 1, tzinfo=UTC)
    old = _labelled(
        competitor.sentence.text, "risk", side=OURS, kind="note", n=3, when=a_year_before, score=0.99
    )
    assert _sections([old])["risks"] == []


def test_a_one_word_answer_is_not_read() -> None:
    classes = classify_sentences(["None.", "The export failed again."], HashingEmbeddings())
    assert classes[0] == UNREAD and classes[1] != UNREAD


def test_the_narrative_names_the_open_issue_a_risk_stands_on() -> None:
    # The newest of several open issues may be a remark the classifier misread ("Every manager opens their
    # dashboard on Monday…", a goal); the complaint that is also a risk is the one a manager acts on.
    def item(text: str, **extra: Any) -> dict[str, Any]:
        return {"text": text, "citations": [1], "date": "2026-07-31", **extra}

    threat = item("We are also looking at two other vendors.", kind="churn_threat", kind_label="churn threat")
    complaint_text = "The mobile app logs our field managers out every few hours."
    complaint = item(complaint_text, kind="complaint", kind_label="complaint")
    goal = item("Every manager opens their dashboard on Monday instead of asking for a spreadsheet.")
    sections = {
        "risks": [threat, complaint],
        "open_issues": [goal, item(complaint_text)],
        "commitments_by_us": [],
        "commitments_by_them": [],
    }
    told = narrative({"name": "Harborview"}, sections, {"months": []}, 33)["text"]
    assert f"2 open customer issues, among them a complaint, “{complaint_text[:-1]}”" in told
    assert "Every manager" not in told


def test_a_near_renewal_after_weeks_of_silence_is_said() -> None:
    sections: dict[str, list[dict[str, Any]]] = {
        "risks": [],
        "open_issues": [],
        "commitments_by_us": [],
        "commitments_by_them": [],
    }
    facts = {
        "name": "Fenwick",
        "renewal_date": "2026-12-27",
        "today": "2026-12-06",
        "last_record": "2026-09-29",
    }
    told = narrative(facts, sections, {"months": []}, 36)["text"]
    assert (
        "renewal is due on 2026-12-27, in 21 days, with no record of contact since 2026-09-29 (68 days)"
        in told
    )
    recent = narrative({**facts, "last_record": "2026-11-30"}, sections, {"months": []}, 36)["text"]
    far = narrative({**facts, "renewal_date": "2027-06-01"}, sections, {"months": []}, 36)["text"]
    assert "no record of contact" not in recent and "no record of contact" not in far


def test_a_slow_procurement_is_a_risk_for_a_contract_year_with_its_step_before_the_renewal() -> None:
    # A manager found "Procurement is slow" and "our new procurement lead will want to see the contract"
    # missing on every sample page (2026-12-06).
    from copilot.tools.account_narrative import next_best_actions
    from copilot.tools.account_risks import named_risk

    assert named_risk("Procurement is slow, so start any paperwork early.").kind == "procurement_delay"
    assert named_risk("Our new procurement lead will want to see the contract.").kind == "procurement_delay"
    assert named_risk("Procurement approved the order form yesterday.") is None
    note = _june_note("Procurement is slow, so start any paperwork early.")
    sections = _sections([note])
    (risk,) = sections["risks"]
    assert risk["kind"] == "procurement_delay"
    (step, *_) = next_best_actions(sections, "Acme", "2027-03-11", TODAY)
    assert step["text"].startswith("Start the renewal paperwork with Acme now")
    assert "before the renewal on 2027-03-11" in step["text"]


def _june_note(text: str) -> Labelled:
    """Our team's note of June that names no risk class of its own (the words name its kind)."""
    return _labelled(text, "other", side=OURS, kind="note", n=3, when=JUNE, score=0.9)


def test_the_paperwork_step_waits_for_the_customers_own_lead_time() -> None:
    # A manager read "Start the renewal paperwork now" eight months before a renewal whose buyer needs six
    # weeks (2026-12-07): the step names the day to start, their lead time and a two-week margin before it.
    from copilot.tools.account_narrative import next_best_actions

    note = _june_note("Heads up, procurement needs six weeks for any renewal.")
    sections = _sections([note])
    (risk,) = sections["risks"]
    assert risk["kind"] == "procurement_delay"
    (step, *_) = next_best_actions(sections, "Acme", "2027-08-01", TODAY)
    # 2027-08-01 less 42 days and 14 more.
    assert step["text"].startswith("Start the renewal paperwork with Acme by 2027-06-06,")
    (soon, *_) = next_best_actions(sections, "Acme", "2027-01-20", TODAY)
    assert soon["text"].startswith("Start the renewal paperwork with Acme now,")


def test_every_kind_of_risk_is_shown_before_a_second_of_one_kind() -> None:
    # A champion who left was cut from a page that showed two complaints and two threats to leave (a
    # manager's reading, 2026-12-07): the page's five risks show each kind once before any repeat.
    def said(text: str, n: int, side: str = CUSTOMER, kind: str = "email") -> Labelled:
        return _labelled(text, "risk", side=side, kind=kind, n=n, when=LATEST, score=0.95)

    items = [
        said("We are also looking at two other vendors.", 1),
        said("We are evaluating a competitor for the supply chain team.", 2),
        said("I have to complain about the sync delays again.", 3),
        said("This is a formal complaint about the mobile app.", 4),
        said("Budget cuts were announced internally.", 5, OURS, "note"),
        said("Our champion left the company last month, so we need a new sponsor.", 6, OURS, "note"),
    ]
    kinds = [risk["kind"] for risk in _sections(items)["risks"]]
    assert len(kinds) == 5 and "champion_leaving" in kinds and "budget_cut" in kinds


def test_a_promised_release_broken_months_ago_stays_overdue_for_a_contract_year() -> None:
    # Seven roadmap promises due March-May 2026 were missing from nine pages read in December (a manager's
    # reading, 2026-12-07): a broken release is what the customer weighs at the renewal.
    february = datetime(2026, 2, 10, tzinfo=UTC)
    roadmap = _labelled(
        "Roadmap commitment: a sandbox workspace for testing changes by April 2026.",
        "commitment",
        side=OURS,
        kind="note",
        n=1,
        when=february,
        score=0.99,
    )
    chore = _ours("I will send the call notes by March 3, 2026.", 2, february)
    owed = _sections([roadmap, chore])["commitments_by_us"]
    assert [(e["due_date"], e["overdue"]) for e in owed] == [("2026-04-30", True)]


def test_a_lead_time_in_days_that_has_run_out_says_so() -> None:
    # 29 days before a renewal whose buyer needs 30, "Start the renewal paperwork now, so procurement is
    # done before the renewal" promised what could no longer happen (a manager's reading, 2026-12-07).
    from copilot.tools.account_narrative import next_best_actions

    note = _june_note("Contract renews soon; their procurement needs 30 days for approvals.")
    sections = _sections([note])
    renewal = (TODAY + timedelta(days=29)).isoformat()
    (step, *_) = next_best_actions(sections, "Acme", renewal, TODAY)
    assert step["text"].startswith(
        f"Send Acme the renewal paperwork today and agree with them how the renewal on {renewal} is covered: "
        "their procurement needs 30 days and 29 are left:"
    )
    later = (TODAY + timedelta(days=200)).isoformat()
    (early, *_) = next_best_actions(sections, "Acme", later, TODAY)
    assert early["text"].startswith("Start the renewal paperwork with Acme by ")


def test_our_note_that_their_sentiment_dropped_is_a_risk_the_narrative_tells() -> None:
    # "Sentiment dropped after the last outage." was on three of six pages' records and on none of the
    # pages, one of which said "their tone is improving" (a manager's reading, 2026-12-07).
    from copilot.tools.account_narrative import next_best_actions
    from copilot.tools.account_risks import named_risk

    assert named_risk("Sentiment dropped after the last outage.").kind == "sentiment_drop"
    assert named_risk("Their NPS fell to 12 this quarter.").kind == "sentiment_drop"
    assert named_risk("The sentiment classifier reads calm.") is None
    note = _labelled("Sentiment dropped after the last outage.", "other", side=OURS, kind="note", n=2,
                     when=LATEST, score=0.9)  # fmt: skip
    sections = _sections([note])
    (risk,) = sections["risks"]
    assert risk["kind"] == "sentiment_drop"
    (step, *_) = next_best_actions(sections, "Acme", None, TODAY)
    assert step["text"].startswith(
        f"Call Acme this week to hear where they stand since our note of {risk['date']}"
    )


def test_a_champion_gone_is_settled_by_our_later_note_that_a_sponsor_is_engaged() -> None:
    # "Find a new sponsor now that their champion has left" beside our newest note "The executive sponsor
    # is engaged and attended the last review." (a manager's reading, 2026-12-07).
    gone = _labelled("Our champion left the company last month, so we need a new sponsor.", "risk", side=OURS,
                     kind="note", n=4, when=datetime(2026, 4, 10, tzinfo=UTC), score=0.95)  # fmt: skip
    assert [r["kind"] for r in _sections([gone])["risks"]] == ["champion_leaving"]
    engaged = _labelled("The executive sponsor is engaged and attended the last review.", "other", side=OURS,
                        kind="note", n=5, when=datetime(2026, 9, 25, tzinfo=UTC), score=0.9)  # fmt: skip
    assert _sections([gone, engaged])["risks"] == []
