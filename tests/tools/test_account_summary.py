"""account_summary logic with a scripted model: cited sections, deterministic sentiment trend, caching."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select

from copilot.container import Services
from copilot.db.models import Account, AccountSummary, AuditEvent
from copilot.errors import ModelError, NotFoundError
from copilot.llm.fakes import FakeChatModel
from copilot.tools.account_summary import account_summary
from tests.support.records import Note, seed_account

NOTES = [
    Note(
        "The dashboard export keeps timing out and it is a real problem for our analysts.", subject="Export"
    ),
    Note(
        "We will send the signed renewal contract by Friday, 2026-10-02.",
        when=datetime(2026, 9, 20, tzinfo=UTC),
        subject="Renewal",
    ),
    Note(
        "We will deliver the export fix by the end of September.",
        direction="outbound",
        when=datetime(2026, 9, 21, tzinfo=UTC),
    ),
    Note(
        "If the export is not fixed we will cancel and move to a competitor.",
        when=datetime(2026, 10, 5, tzinfo=UTC),
        subject="Escalation",
    ),
]


@pytest.fixture
def fake_model(services: Services) -> FakeChatModel:
    model = FakeChatModel()
    services.chat_model = model
    return model


def _reply(
    overview: str = "Acme renews but the export keeps timing out.", actions: list[str] | None = None
) -> str:
    return json.dumps(
        {"overview": overview, "next_actions": actions or ["Fix the dashboard export timing out"]}
    )


def _seed(services: Services) -> tuple[int, list[int]]:
    account_id, _, ids = seed_account(
        services, "C-1", "Acme Logistics", NOTES, contact=("Greta Brandt", "g@acme.example")
    )
    seed_account(services, "C-2", "Acme Logistic GmbH", [Note("The export at Acme GmbH keeps failing too.")])
    return account_id, ids


def test_sections_cite_this_accounts_interactions(services: Services, fake_model: FakeChatModel) -> None:
    account_id, ids = _seed(services)
    fake_model.queue(_reply())
    summary = account_summary(services, account_id)

    by_n = {c["n"]: c for c in summary["citations"]}
    assert sorted(by_n) == list(range(1, len(by_n) + 1))
    assert {c["account_id"] for c in by_n.values()} == {account_id}
    assert {c["interaction_id"] for c in by_n.values()} <= set(ids)
    for key in ("open_issues", "commitments_by_us", "commitments_by_them", "risks", "next_best_actions"):
        for item in summary[key]:
            assert item["citations"] and all(n in by_n for n in item["citations"])
    ours = {by_n[n]["direction"] for item in summary["commitments_by_us"] for n in item["citations"]}
    theirs = {by_n[n]["direction"] for item in summary["commitments_by_them"] for n in item["citations"]}
    assert ours == {"outbound"} and "outbound" not in theirs
    assert any("cancel" in item["text"] for item in summary["risks"])
    assert any("timing out" in item["text"] for item in summary["open_issues"])
    assert summary["next_best_actions"][0]["source"] == "model"
    assert summary["overview"]["text"].startswith("Acme renews")
    assert summary["prompt_version"] and summary["model"] == "fake-chat" and summary["cached"] is False
    with services.sessions() as session:
        call = session.scalars(select(AuditEvent).where(AuditEvent.event == "llm.call")).one()
    assert call.account_id == account_id and call.data["prompt_name"] == "account_summary"


def test_sentiment_trend_is_computed_per_month_from_inbound_tone(
    services: Services, fake_model: FakeChatModel
) -> None:
    account_id, ids = _seed(services)
    fake_model.queue(_reply())
    trend = account_summary(services, account_id)["sentiment_trend"]
    months = {m["month"]: m for m in trend["months"]}
    assert sorted(months) == ["2026-09", "2026-10"]
    assert months["2026-09"]["inbound"] == 2 and months["2026-09"]["negative"] == 0
    assert months["2026-10"]["negative"] == 1 and trend["direction"] == "worsening"
    summary = account_summary(services, account_id)
    cited = {c["n"]: c["interaction_id"] for c in summary["citations"]}
    assert [cited[n] for n in months["2026-10"]["citations"]] == [ids[3]]


def test_summary_is_cached_until_new_interactions_arrive(
    services: Services, fake_model: FakeChatModel
) -> None:
    account_id, _ = _seed(services)
    fake_model.queue(_reply())
    first = account_summary(services, account_id)
    again = account_summary(services, account_id)  # no reply queued: a model call would fail
    assert again["cached"] is True and again["overview"] == first["overview"]

    seed_account(services, "C-1", "Acme Logistics", [*NOTES, Note("Our budget for next year is approved.")])
    fake_model.queue(_reply("Acme approved next year's budget."))
    fresh = account_summary(services, account_id)
    assert fresh["cached"] is False and fresh["watermark"]["interactions"] == 5
    assert fresh["overview"]["text"] == "Acme approved next year's budget."

    fake_model.queue(_reply("Refreshed on request."))
    assert account_summary(services, account_id, refresh=True)["overview"]["text"] == "Refreshed on request."
    with services.sessions() as session:
        assert len(session.scalars(select(AccountSummary)).all()) == 1


def test_junk_and_unsupported_model_output_is_replaced(services: Services, fake_model: FakeChatModel) -> None:
    account_id, _ = _seed(services)
    fake_model.queue(_reply("FACTS (data only): <<FACT [1]>>", ["Offer a 40% discount on the yacht"]))
    summary = account_summary(services, account_id)
    assert summary["replaced_fields"] == ["overview"]
    assert summary["overview"]["text"].startswith("Acme Logistics: 4 interaction(s)")
    assert all(a["source"] == "rules" for a in summary["next_best_actions"])
    assert not any("yacht" in a["text"] for a in summary["next_best_actions"])


def test_unknown_account_and_unusable_model_output(services: Services, fake_model: FakeChatModel) -> None:
    with pytest.raises(NotFoundError, match="account 404"):
        account_summary(services, 404)
    account_id, _ = _seed(services)
    fake_model.queue(ModelError("output was cut off"))
    summary = account_summary(services, account_id)
    assert "cut off" in summary["timings"]["model_error"] and summary["replaced_fields"] == ["overview"]
    assert summary["open_issues"] and all(a["source"] == "rules" for a in summary["next_best_actions"])
    with services.sessions() as session:
        call = session.scalars(select(AuditEvent).where(AuditEvent.event == "llm.call")).one()
    assert call.data["outcome"] == "error"


def test_summary_row_cascades_with_its_account(db_services: Services) -> None:
    db_services.chat_model = FakeChatModel().queue(_reply())
    account_id, _ = _seed(db_services)
    account_summary(db_services, account_id)
    with db_services.sessions() as session, session.begin():
        session.execute(delete(Account).where(Account.id == account_id))
    with db_services.sessions() as session:
        assert session.scalars(select(AccountSummary)).all() == []
