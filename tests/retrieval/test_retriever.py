"""Retrieval stays inside one account, ranks the relevant record first, and respects the budget."""

from __future__ import annotations

from datetime import UTC, datetime

from copilot.container import Services
from copilot.retrieval import Retriever
from tests.support.records import Note, seed_account


def _retriever(services: Services) -> Retriever:
    return Retriever(services.sessions, services.embeddings, services.vector_index)


def test_only_the_requested_account_is_cited(services: Services) -> None:
    acme, _, _ = seed_account(services, "C-1", "Acme Logistics", [Note("Acme renewal price is $36,500.")])
    seed_account(
        services, "C-2", "Acme Logistic Partners", [Note("Acme Logistic Partners renewal price is $99,000.")]
    )
    context = _retriever(services).retrieve(acme, "What is the Acme Logistic Partners renewal price?")
    assert context.records and {r.account_id for r in context.records} == {acme}
    assert all("$99,000" not in r.text for r in context.records)


def test_keyword_match_ranks_first_and_citations_are_numbered(services: Services) -> None:
    notes = [
        Note("Weekly sync about onboarding progress."),
        Note("Invoice INV-7781 was paid late."),
        Note("They asked about SSO integration for Okta."),
    ]
    account, _, ids = seed_account(services, "C-1", "Acme", notes)
    context = _retriever(services).retrieve(account, "invoice INV-7781")
    assert context.records[0].interaction_id == ids[1]
    assert [r.n for r in context.records] == list(range(1, len(context.records) + 1))
    citation = context.records[0].as_citation()
    assert citation["interaction_id"] == ids[1] and citation["kind"] == "email"


def test_near_duplicates_are_cited_once(services: Services) -> None:
    text = "Please confirm the renewal quote of EUR 48,000 for next year by Friday."
    account, _, _ = seed_account(services, "C-1", "Acme", [Note(text), Note(text + " Thanks.")])
    context = _retriever(services).retrieve(account, "renewal quote")
    assert len(context.records) == 1


def test_token_budget_limits_the_context(services: Services) -> None:
    notes = [Note(f"Renewal discussion part {i}: " + "details " * 60) for i in range(8)]
    account, _, _ = seed_account(services, "C-1", "Acme", notes)
    context = _retriever(services).retrieve(account, "renewal discussion", top_k=8, token_budget=200)
    assert 1 <= len(context.records) < 8
    assert context.tokens <= 200 or len(context.records) == 1


def test_recent_record_wins_a_tie(services: Services) -> None:
    old = Note("Status update on the rollout.", when=datetime(2025, 1, 1, tzinfo=UTC))
    new = Note("Status update on the rollout!", when=datetime(2026, 10, 1, tzinfo=UTC))
    account, _, ids = seed_account(services, "C-1", "Acme", [old, new])
    context = _retriever(services).retrieve(
        account, "status update rollout", now=datetime(2026, 11, 1, tzinfo=UTC)
    )
    assert context.records[0].interaction_id == ids[1]


def test_empty_account_gives_empty_context(services: Services) -> None:
    account, _, _ = seed_account(services, "C-9", "Empty", [])
    assert _retriever(services).retrieve(account, "anything").records == []
