"""Property: retrieval for one account never returns another account's chunk, whatever the query names.

The book is adversarial: near-identical company names, the same contact name at several customers,
records that talk about other customers by name. Hypothesis draws the account and the query.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from copilot.container import Services
from copilot.db.models import Chunk
from copilot.retrieval import Retriever
from tests.support.records import Note, seed_account

NAMES = [
    "Acme Logistics",
    "Acme Logistic",
    "ACME Logistics GmbH",
    "Acme-Logistics Ltd",
    "Globex",
    "Globex Corp",
]
SHARED_CONTACT = ("Maria Keller", "maria.keller@example.com")
TOPICS = [
    "renewal price is $48,000 per year",
    "the dashboard export keeps timing out",
    "SSO with Okta is required before rollout",
    "invoice INV-7781 was paid late",
    "we will cancel if the outage repeats",
]
VOCABULARY = [
    *(word for name in NAMES for word in name.split()),
    *SHARED_CONTACT[0].split(),
    *(word for topic in TOPICS for word in topic.split()),
    "customer",
    "list",
    "their",
    "account",
]


def _notes(index: int, name: str) -> list[Note]:
    other = NAMES[(index + 1) % len(NAMES)]
    start = datetime(2026, 1, 5, tzinfo=UTC) + timedelta(days=index)
    return [
        Note(
            f"{name}: {topic}. {SHARED_CONTACT[0]} mentioned {other} too.", when=start + timedelta(days=7 * t)
        )
        for t, topic in enumerate(TOPICS[index % 2 :: 1 + index % 2])
    ]


@pytest.fixture
def book(services: Services) -> tuple[Retriever, dict[str, int], list[int]]:
    """Six look-alike accounts sharing a contact name; maps each chunk to its owning account."""
    accounts = []
    for i, name in enumerate(NAMES):
        account_id, _, _ = seed_account(services, f"C-{i}", name, _notes(i, name), contact=SHARED_CONTACT)
        accounts.append(account_id)
    with services.sessions() as session:
        owners = {c.id: c.account_id for c in session.scalars(select(Chunk))}
    assert len(set(owners.values())) == len(NAMES)
    return Retriever(services.sessions, services.embeddings, services.vector_index), owners, accounts


queries = st.one_of(
    st.sampled_from(NAMES).map(lambda name: f"What did {name} say about the renewal price?"),
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=8).map(" ".join),
    st.text(min_size=1, max_size=40),
)


@settings(max_examples=220, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(min_value=0, max_value=len(NAMES) - 1), query=queries, top_k=st.integers(1, 8))
def test_retrieval_never_crosses_accounts(
    services: Services, book: tuple[Retriever, dict[str, int], list[int]], which: int, query: str, top_k: int
) -> None:
    retriever, owners, accounts = book
    account_id = accounts[which]
    # The store query itself is scoped, not only the final list.
    hits = services.vector_index.query(account_id, services.embeddings.embed_query(query), 24)
    assert hits and {owners[h.chunk_id] for h in hits} == {account_id}
    context = retriever.retrieve(account_id, query, top_k=top_k, token_budget=2000)
    assert context.records, "each account has matching records for any query"
    assert {owners[r.chunk_id] for r in context.records} == {account_id}
    assert {r.account_id for r in context.records} == {account_id}
