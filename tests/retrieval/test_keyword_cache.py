"""BM25 stats are built once per account and score like a fresh computation."""

from __future__ import annotations

from copilot.retrieval.keyword import KeywordStats, bm25_scores, tokenize

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


def test_tokens_keep_money_and_numbers_whole_and_drop_edge_separators() -> None:
    text = "Price: $36,500. A 5% up-front fee, -or- €1.200,50 -- see INV-7781..."
    assert tokenize(text) == ["price", "$36,500", "5%", "up-front", "fee", "€1.200,50", "see", "inv-7781"]


def test_a_document_of_separators_only_has_no_tokens_and_scores_zero() -> None:
    stats = KeywordStats(["-- ... ,,", "renewal price"])
    assert tokenize("-- ... ,,") == []
    empty, stated = stats.scores("renewal")
    assert empty == 0.0 and stated > 0
