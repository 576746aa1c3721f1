"""Rank fusion, recency weighting and near-duplicate removal."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from datetime import datetime
from typing import TypeVar

from copilot.retrieval.keyword import tokenize

RRF_K = 60
Item = TypeVar("Item", bound=Hashable)


def reciprocal_rank_fusion(rankings: Sequence[Sequence[Item]]) -> dict[Item, float]:
    """Fuse several best-first id lists into one score per id."""
    fused: dict[Item, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            fused[item] = fused.get(item, 0.0) + 1.0 / (RRF_K + rank + 1)
    return fused


def recency_boost(occurred_at: datetime, now: datetime, half_life_days: float = 120.0) -> float:
    """A multiplier in (1, 1.5]: recent records break ties, old ones are never excluded."""
    age_days = max(0.0, (now - occurred_at).total_seconds() / 86400)
    return 1.0 + 0.5 * math.exp(-age_days * math.log(2) / half_life_days)


def is_near_duplicate(
    mine: set[tuple[str, ...]], kept: Sequence[set[tuple[str, ...]]], threshold: float = 0.8
) -> bool:
    """True when a text's 3-word shingles overlap a kept text's by at least the threshold (Jaccard)."""
    for other in kept:
        union = len(mine | other)
        if union and len(mine & other) / union >= threshold:
            return True
    return False


def shingles(text: str) -> set[tuple[str, ...]]:
    """The 3-word shingles of a text, as is_near_duplicate compares them."""
    words = tokenize(text)
    return {tuple(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
