"""The per-account snapshot: exact dense search, reloaded whenever the account's records change,
shared by no other store, bounded in size, and forgotten on erasure."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from copilot.config import load_settings
from copilot.container import Services
from copilot.index.fakes import HashingEmbeddings
from copilot.privacy import erase_account
from copilot.retrieval import Retriever
from copilot.retrieval.context import snapshot_cache
from copilot.retrieval.keyword import KeywordStats
from copilot.retrieval.snapshot import AccountSnapshot, SnapshotCache
from tests.support.records import Note, seed_account

NOTES = [
    Note("Weekly sync about onboarding progress."),
    Note("Invoice INV-7781 was paid late."),
    Note("They asked about SSO integration for Okta."),
]


def _retriever(services: Services) -> Retriever:
    return Retriever(services.sessions, services.embeddings, services.vector_index)


def _worker(data_dir: Path) -> Services:
    """Another process's view of the same database and vector store (own caches)."""
    services = Services(load_settings(data_dir=data_dir), embeddings=HashingEmbeddings())
    return services


def test_dense_ranking_matches_the_vector_store(services: Services) -> None:
    account, _, _ = seed_account(services, "C-1", "Acme", NOTES)
    snapshot = _retriever(services).snapshot(account)
    for query in ("okta SSO integration", "invoice paid late", "onboarding progress"):
        vector = services.embeddings.embed_query(query)
        mine = [snapshot.chunk_ids[p] for p in snapshot.dense_ranking(np.asarray(vector, np.float32), 3)]
        theirs = [hit.chunk_id for hit in services.vector_index.query(account, vector, 3)]
        # Chroma orders exact ties arbitrarily, so compare the best hit and the set.
        assert mine[0] == theirs[0] and sorted(mine) == sorted(theirs)


def test_unchanged_account_reuses_its_snapshot(services: Services) -> None:
    account, _, _ = seed_account(services, "C-1", "Acme", NOTES)
    retriever = _retriever(services)
    assert retriever.snapshot(account) is _retriever(services).snapshot(account)


def test_a_record_added_after_the_snapshot_is_cited(services: Services) -> None:
    account, _, _ = seed_account(services, "C-1", "Acme", NOTES)
    retriever = _retriever(services)
    assert all("cancel" not in r.text for r in retriever.retrieve(account, "cancel contract").records)
    seed_account(services, "C-1", "Acme", [*NOTES, Note("They will cancel the contract in May.")])
    assert "cancel" in retriever.retrieve(account, "cancel contract").records[0].text


def test_an_edit_made_by_another_worker_is_seen(services: Services) -> None:
    account, _, ids = seed_account(services, "C-1", "Acme", NOTES)
    other = _worker(services.settings.data_dir)
    try:
        assert _retriever(other).retrieve(account, "invoice").records[0].interaction_id == ids[1]
        edited = [NOTES[0], Note("Invoice INV-7781 was disputed, not paid."), NOTES[2]]
        seed_account(services, "C-1", "Acme", edited)  # written through the first worker
        texts = " ".join(r.text for r in _retriever(other).retrieve(account, "invoice").records)
        assert "INV-7781 was disputed" in texts and "INV-7781 was paid late" not in texts
    finally:
        other.engine.dispose()


def test_two_stores_never_share_an_account_snapshot(services: Services, tmp_path: Path) -> None:
    account, _, _ = seed_account(services, "C-1", "Acme", [Note("Acme renewal price is $36,500.")])
    second = _worker(tmp_path / "second")
    second.migrate()
    try:
        same_id, _, _ = seed_account(second, "C-1", "Acme", [Note("Globex renewal price is $99,000.")])
        assert same_id == account
        assert "$36,500" in _retriever(services).retrieve(account, "renewal price").records[0].text
        assert "$99,000" in _retriever(second).retrieve(account, "renewal price").records[0].text
    finally:
        second.engine.dispose()


def test_erasure_forgets_the_snapshot(services: Services) -> None:
    account, _, _ = seed_account(services, "C-1", "Acme", NOTES)
    _retriever(services).retrieve(account, "invoice")
    cache = snapshot_cache(services.vector_index)
    assert cache.accounts == 1
    erase_account(services, account_id=account, actor_id=None)
    assert cache.accounts == 0


def _snapshot(account_id: int, chunks: int) -> AccountSnapshot:
    texts = [f"note {n}" for n in range(chunks)]
    return AccountSnapshot(
        account_id=account_id,
        watermark=(chunks, None),
        chunk_ids=[f"{n}-0" for n in range(chunks)],
        interaction_ids=list(range(chunks)),
        texts=texts,
        token_counts=[2] * chunks,
        facts={},
        matrix=np.zeros((0, 4), dtype=np.float32),
        vector_positions=np.zeros(0, dtype=np.int64),
        keyword=KeywordStats(texts),
    )


def test_cache_keeps_recent_accounts_within_its_chunk_budget() -> None:
    cache = SnapshotCache(max_chunks=10)
    for account in (1, 2):
        cache.put(_snapshot(account, 4))
    assert cache.get(1, (4, None)) is not None  # touch 1, so 2 is now the oldest
    cache.put(_snapshot(3, 4))
    assert cache.get(2, (4, None)) is None
    assert cache.get(1, (4, None)) is not None and cache.get(3, (4, None)) is not None
    assert cache.get(1, (5, None)) is None  # another watermark: stale, never returned
    cache.put(_snapshot(4, 50))  # larger than the budget alone: kept, everything else goes
    assert cache.accounts == 1


def test_a_load_that_raced_an_erasure_does_not_put_the_texts_back() -> None:
    cache = SnapshotCache()
    seen = cache.generation  # a load begins ...
    cache.forget(1)  # ... the account is erased ...
    cache.put(_snapshot(1, 3), seen_generation=seen)  # ... and the load finishes.
    assert cache.accounts == 0
    cache.put(_snapshot(1, 3), seen_generation=cache.generation)  # a load after it is kept
    assert cache.accounts == 1


def test_a_stale_snapshot_is_dropped_not_just_skipped() -> None:
    cache = SnapshotCache()
    cache.put(_snapshot(1, 3))
    assert cache.get(1, (2, None)) is None  # the account changed (here: a record was deleted)
    assert cache.accounts == 0 and cache.chunks == 0
