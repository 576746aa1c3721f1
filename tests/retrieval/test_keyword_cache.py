"""Per-account keyword stats are reused while an account's chunks are unchanged, rebuilt otherwise."""

from __future__ import annotations

from copilot.retrieval.keyword import KeywordStatsCache, bm25_scores

CHUNKS = [
    ("1-0", "The renewal is due in March; they asked for a discount."),
    ("2-0", "Dashboard latency complaint, escalated to support."),
    ("3-0", "Renewal call: discount of 10% agreed, renewal signed."),
]


def test_cached_scores_equal_a_fresh_bm25() -> None:
    stats = KeywordStatsCache().get(1, CHUNKS)
    query = "renewal discount"
    assert stats.scores(query) == bm25_scores(query, [text for _, text in CHUNKS])
    assert stats.scores(query)[2] > stats.scores(query)[0] > stats.scores(query)[1] == 0.0


def test_unchanged_chunks_reuse_and_any_change_rebuilds() -> None:
    cache = KeywordStatsCache()
    first = cache.get(1, CHUNKS)
    assert cache.get(1, list(CHUNKS)) is first
    edited = [CHUNKS[0], ("2-0", "Renewal renewal renewal."), CHUNKS[2]]  # same ids, new text
    rebuilt = cache.get(1, edited)
    assert rebuilt is not first and rebuilt.scores("renewal")[1] > 0
    assert cache.get(1, CHUNKS[:2]) is not rebuilt  # a removed chunk changes the key too


def test_least_recently_used_account_is_evicted() -> None:
    cache = KeywordStatsCache(max_accounts=2)
    one = cache.get(1, CHUNKS)
    two = cache.get(2, CHUNKS[:1])
    assert cache.get(1, CHUNKS) is one  # touch 1, so 2 is now the oldest
    cache.get(3, CHUNKS[1:])
    assert cache.get(1, CHUNKS) is one
    assert cache.get(2, CHUNKS[:1]) is not two  # evicted, so rebuilt
