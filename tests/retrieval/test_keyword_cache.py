"""BM25 stats are built once per account and score like a fresh computation."""

from __future__ import annotations

from copilot.retrieval.keyword import KeywordStats, bm25_scores

CHUNKS = [
    "The renewal is due in March; they asked for a discount.",
    "Dashboard latency complaint, escalated to support.",
    "Renewal call: discount of 10% agreed, renewal signed.",
]


def test_built_stats_score_like_a_fresh_bm25_for_many_queries() -> None:
    stats = KeywordStats(CHUNKS)
    for query in ("renewal discount", "latency", "nothing matches"):
        assert stats.scores(query) == bm25_scores(query, CHUNKS)
    scores = stats.scores("renewal discount")
    assert scores[2] > scores[0] > scores[1] == 0.0


def test_repeated_query_terms_count_once_and_stopwords_not_at_all() -> None:
    stats = KeywordStats(CHUNKS)
    assert stats.scores("renewal renewal") == stats.scores("renewal")
    assert stats.scores("the and of") == [0.0, 0.0, 0.0]
