"""account_summary on the real sentence embedder: cited sections from the trained classifier, commitments
with due dates and overdue marks, risks incl. an escalated P1 complaint, the customer-side monthly
trend over the whole history, a cited narrative, actions on concrete items, and the cache."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from connectors.base import InteractionKind
from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Account, AccountSummary
from copilot.errors import NotFoundError
from copilot.index.embeddings import LocalEmbeddings
from copilot.tools.account_summary import account_summary
from tests.support.records import Note, seed_account

TICKET = (
    "Priority: P1\nStatus: Open\nReported by: Greta Brandt <g@acme.example>\n\n"
    "Customer complaint from Greta Brandt: the dashboard export times out for every finance user.\n\n"
    "Next step: Root cause analysis requested; customer expects an answer this week."
)
CLOSED_TICKET = (
    "Priority: P3\nStatus: Resolved\nReported by: Greta Brandt <g@acme.example>\n\n"
    "Alert emails stopped arriving for the finance managers.\n\n"
    "Resolution: Their mail gateway blocked our sender; customer IT added it to the allow list."
)
CALL = (
    "Agent: Thanks for joining, how has the quarter been?\n"
    "Customer: Honestly, the exports keep failing and my team is fed up.\n"
    "Customer: If this is not fixed by the end of the month we will cancel and move to a competitor.\n"
    "Agent: I understand. I will send you a fix plan by 2026-10-20."
)
NOTES = [
    Note("Thanks for the kick-off, the team enjoyed it.", when=datetime(2026, 3, 5, tzinfo=UTC)),
    Note(
        "No problem at all, Daniel. Does Thursday at 2pm work for a quick call?",
        when=datetime(2026, 5, 12, tzinfo=UTC),
    ),
    Note(
        "On a separate note, our team is moving offices at the end of the month, so replies may be slow.",
        when=datetime(2026, 8, 3, tzinfo=UTC),
    ),
    Note(
        TICKET,
        when=datetime(2026, 9, 14, tzinfo=UTC),
        kind=InteractionKind.TICKET,
        subject="Complaint escalated by account team",
    ),
    Note(CLOSED_TICKET, when=datetime(2026, 9, 2, tzinfo=UTC), kind=InteractionKind.TICKET, subject="Alerts"),
    Note(
        "We will deliver the export fix by 2026-10-01.",
        direction="outbound",
        when=datetime(2026, 9, 16, tzinfo=UTC),
    ),
    Note(
        "They will send the signed order form by 2027-01-15.",
        direction="outbound",
        when=datetime(2026, 10, 2, tzinfo=UTC),
        kind=InteractionKind.NOTE,
    ),
    Note(CALL, when=datetime(2026, 10, 6, tzinfo=UTC), kind=InteractionKind.CALL, subject="QBR"),
]


@pytest.fixture(scope="module")
def embedder() -> LocalEmbeddings:
    return LocalEmbeddings(load_settings().resolved_embedding_path())


@pytest.fixture
def real(tmp_path: Path, embedder: LocalEmbeddings) -> Iterator[Services]:
    built = Services(
        load_settings(data_dir=tmp_path / "data", injection_classifier=False),
        embeddings=embedder,
    )
    built.migrate()
    yield built
    built.engine.dispose()


@pytest.fixture
def real_db(database_url: str, tmp_path: Path, embedder: LocalEmbeddings) -> Iterator[Services]:
    """As `real`, on SQLite and on PostgreSQL."""
    built = Services(
        load_settings(data_dir=tmp_path / "data", database_url=database_url, injection_classifier=False),
        embeddings=embedder,
    )
    built.migrate()
    yield built
    built.engine.dispose()


def _seed(services: Services) -> tuple[int, list[int]]:
    account_id, _, ids = seed_account(
        services, "C-1", "Acme Logistics", NOTES, contact=("Greta Brandt", "g@acme.example"), owner="dana"
    )
    seed_account(services, "C-2", "Acme Logistic GmbH", [Note("The export at Acme GmbH keeps failing too.")])
    return account_id, ids


def _texts(items: list[dict]) -> str:
    return " | ".join(i["text"] for i in items)


def test_sections_come_from_the_classifier_and_cite_this_account(real: Services) -> None:
    account_id, ids = _seed(real)
    summary = account_summary(real, account_id)
    by_n = {c["n"]: c for c in summary["citations"]}
    assert sorted(by_n) == list(range(1, len(by_n) + 1))
    assert {c["account_id"] for c in by_n.values()} == {account_id}
    cited = lambda item: {by_n[n]["interaction_id"] for n in item["citations"]}  # noqa: E731

    everything = " ".join(_texts(summary[k]) for k in ("open_issues", "risks", "next_best_actions"))
    for chatter in ("No problem at all", "moving offices", "Thursday at 2pm", "kick-off"):
        assert chatter not in everything
    assert "Alert emails" not in _texts(summary["open_issues"])  # its ticket is resolved

    risks = summary["risks"]
    assert any(
        "complaint" in r["text"] and cited(r) == {ids[3]} and r["ticket_priority"] == "P1" for r in risks
    )
    assert any("cancel" in r["text"] and cited(r) == {ids[7]} and r["speaker"] == "Customer" for r in risks)
    # "my team is fed up" is a complaint, as the call summary calls it: beside the threat of its call.
    threat = next(r for r in risks if "cancel" in r["text"])
    assert any("exports keep failing" in also for also in threat["also"])
    # ... and still the customer's open problem (issue 15, ninth reading), acted on by the threat's step only.
    assert "exports keep failing" in _texts(summary["open_issues"])
    assert "exports keep failing" not in _texts(summary["next_best_actions"])

    ours = {i["quote"]: i for i in summary["commitments_by_us"]}
    fix = ours["We will deliver the export fix by 2026-10-01."]
    # The owner field holds a login ("dana") no user or mail names: our side reads "Our team", never a login.
    # The due date is shown beside the line, so the line does not say it again.
    assert fix["text"] == "Our team owes Acme Logistics: deliver the export fix."
    assert fix["overdue"] is True and fix["due_date"] == "2026-10-01"
    assert any(i.get("speaker") == "Agent" and i["due_date"] == "2026-10-20" for i in ours.values()), ours
    theirs = summary["commitments_by_them"]
    assert [(t["due_date"], t["overdue"]) for t in theirs] == [("2027-01-15", False)]


def test_trend_reads_customer_text_over_every_month(real: Services) -> None:
    account_id, ids = _seed(real)
    summary = account_summary(real, account_id)
    months = summary["sentiment_trend"]["months"]
    assert [m["month"] for m in months] == [f"2026-{m:02d}" for m in range(3, 11)]
    by_month = {m["month"]: m for m in months}
    assert by_month["2026-04"]["customer_items"] == 0 and by_month["2026-04"]["negative_share"] is None
    # October: the call counts through the customer's turns only; its churn threat reads negative.
    assert by_month["2026-10"]["customer_items"] == 1 and by_month["2026-10"]["negative"] == 1
    cited = {c["n"]: c["interaction_id"] for c in summary["citations"]}
    assert [cited[n] for n in by_month["2026-10"]["citations"]] == [ids[7]]
    assert by_month["2026-03"]["label"] == "calm"


def test_narrative_and_actions_rest_on_cited_items(real: Services) -> None:
    account_id, _ = _seed(real)
    summary = account_summary(real, account_id)
    sentences = summary["overview"]["sentences"]
    assert 2 <= len(sentences) <= 4
    assert "interactions on record from 2026-03 to 2026-10" in sentences[0]["text"]
    assert all(s["citations"] for s in sentences[1:])
    assert "overdue" in summary["overview"]["text"]
    actions = summary["next_best_actions"]
    assert actions and len(actions) <= 4
    for action in actions:
        target = summary[action["item"]["section"]][action["item"]["index"]]
        assert action["citations"] == target["citations"]
        # The action names what it is about: the risk or issue quoted, or what the promise owes.
        assert target["text"].split(": ", 1)[-1].rstrip(".")[:30] in action["text"]
    assert actions[0]["item"]["section"] == "risks"
    assert any(a["item"]["section"] == "commitments_by_us" and "overdue" in a["text"] for a in actions)


def test_summary_is_cached_until_new_interactions_arrive(real: Services) -> None:
    account_id, _ = _seed(real)
    first = account_summary(real, account_id)
    again = account_summary(real, account_id)
    assert first["cached"] is False and again["cached"] is True and again["overview"] == first["overview"]
    assert again["model"].startswith("sentence-classifier") and again["prompt_version"].startswith("cls-")

    seed_account(real, "C-1", "Acme Logistics", [*NOTES, Note("Our budget for next year was cut by half.")])
    fresh = account_summary(real, account_id)
    assert fresh["cached"] is False and fresh["watermark"]["interactions"] == len(NOTES) + 1
    assert account_summary(real, account_id, refresh=True)["cached"] is False
    with real.sessions() as session:
        assert len(session.scalars(select(AccountSummary)).all()) == 1
    with pytest.raises(NotFoundError, match="account 404"):
        account_summary(real, 404)


def test_an_account_without_records_still_summarises(real: Services) -> None:
    account_id, _, _ = seed_account(real, "C-9", "Quiet Co", [])
    summary = account_summary(real, account_id)
    assert summary["sentiment_trend"]["months"] == [] and summary["next_best_actions"] == []
    assert len(summary["overview"]["sentences"]) == 2


def test_summary_row_cascades_with_its_account(real_db: Services) -> None:
    account_id, _ = _seed(real_db)
    account_summary(real_db, account_id)
    with real_db.sessions() as session, session.begin():
        session.execute(delete(Account).where(Account.id == account_id))
    with real_db.sessions() as session:
        assert session.scalars(select(AccountSummary)).all() == []
