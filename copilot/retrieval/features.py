"""Per-chunk ranking signals for one question over one account's snapshot, as one matrix.

Every chunk of the account is scored (an account holds tens to hundreds of chunks, so this is a few
small matrix products), which lets learned fusion weigh signals instead of fusing top-k lists.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from copilot.retrieval.keyword import tokenize
from copilot.retrieval.questions import QuestionIntent
from copilot.retrieval.snapshot import AccountSnapshot

FEATURES = (
    "dense_chunk",
    "dense_sentence",
    "dense_field_sentence",
    "keyword_chunk",
    "keyword_sentence",
    "who_named",
    "recency",
)
KINDS = ("email:inbound", "email:outbound", "call", "meeting", "note", "ticket", "other")
RECENCY_HALF_LIFE_DAYS = 120.0


@dataclass(frozen=True)
class Signals:
    """The feature matrix (chunks x FEATURES) and each chunk's interaction-kind index into KINDS."""

    matrix: np.ndarray
    kinds: np.ndarray

    def column(self, name: str) -> np.ndarray:
        """One feature for every chunk."""
        return self.matrix[:, FEATURES.index(name)]


def kind_key(kind: str, direction: str) -> str:
    """The interaction kind as fusion weighs it (mail split by direction)."""
    key = f"{kind}:{direction}" if kind == "email" else kind
    return key if key in KINDS else "other"


def signals(
    snapshot: AccountSnapshot,
    query_vector: np.ndarray,
    intent: QuestionIntent,
    now: datetime,
    *,
    sentences: bool = True,
) -> Signals:
    """Every chunk's signals for this question; sentence signals fall back to the chunk's own."""
    n = len(snapshot)
    out = np.zeros((n, len(FEATURES)))
    dense = np.zeros(n)
    if len(snapshot.vector_positions):
        dense[snapshot.vector_positions] = snapshot.matrix @ query_vector
    out[:, 0] = dense
    out[:, 3] = _normalised(snapshot.keyword.score_array(intent.keyword_query))
    table = snapshot.sentences
    if sentences and len(table):
        sims = table.matrix @ query_vector if len(table.vector_rows) else np.zeros(0)
        best = table.best_per_chunk(sims, n, rows=table.vector_rows)
        out[:, 1] = np.where(np.isfinite(best), np.maximum(best, dense), dense)
        if intent.field:
            holds = (table.fields[table.vector_rows] & intent.field) > 0
            best_field = table.best_per_chunk(sims[holds], n, rows=table.vector_rows[holds])
            out[:, 2] = np.where(np.isfinite(best_field), best_field, 0.0)
        keyword = table.best_per_chunk(table.keyword.score_array(intent.keyword_query), n)
        out[:, 4] = np.maximum(_normalised(np.where(np.isfinite(keyword), keyword, 0.0)), out[:, 3])
    else:
        out[:, 1] = dense
        out[:, 4] = out[:, 3]
    out[:, 5] = _who_named(snapshot, intent)
    out[:, 6] = _recency(snapshot, now)
    return Signals(out, _kinds(snapshot))


def _normalised(scores: np.ndarray) -> np.ndarray:
    top = float(scores.max()) if len(scores) else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


def _who_named(snapshot: AccountSnapshot, intent: QuestionIntent) -> np.ndarray:
    """1 where the question names the interaction's sender or speaker (a commitment's owner, say)."""
    wanted = set(tokenize(intent.keyword_query))
    cache = snapshot.derived.setdefault("who_tokens", {})
    out = np.zeros(len(snapshot))
    for position, interaction_id in enumerate(snapshot.interaction_ids):
        tokens = cache.get(interaction_id)
        if tokens is None:
            tokens = cache[interaction_id] = frozenset(tokenize(snapshot.facts[interaction_id].who))
        out[position] = 1.0 if tokens & wanted else 0.0
    return out


def _recency(snapshot: AccountSnapshot, now: datetime) -> np.ndarray:
    ages = np.array(
        [
            max(0.0, (now - snapshot.facts[i].occurred_at).total_seconds() / 86400)
            for i in snapshot.interaction_ids
        ]
    )
    return np.exp(-ages * math.log(2) / RECENCY_HALF_LIFE_DAYS) if len(ages) else ages


def _kinds(snapshot: AccountSnapshot) -> np.ndarray:
    cached = snapshot.derived.get("kinds")
    if cached is None:
        cached = snapshot.derived["kinds"] = np.array(
            [
                KINDS.index(kind_key(snapshot.facts[i].kind, snapshot.facts[i].direction))
                for i in snapshot.interaction_ids
            ],
            dtype=np.int64,
        )
    return cached
