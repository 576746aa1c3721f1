"""Build the grounded context a tool prompts with: one account's records, ranked, budgeted, numbered."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from copilot.db.types import utcnow
from copilot.index.embedder import Embedder
from copilot.index.vector_store import VectorIndex
from copilot.llm.tokens import count_tokens
from copilot.retrieval.features import FEATURES, signals
from copilot.retrieval.fusion import FusionWeights, default_weights, rrf_scores
from copilot.retrieval.questions import intent_of
from copilot.retrieval.ranking import is_near_duplicate
from copilot.retrieval.snapshot import (
    AccountSnapshot,
    InteractionFacts,
    SnapshotCache,
    load_snapshot,
    read_watermark,
)

# A cited chunk is shown whole (chunks stay under ~1,000 characters): the reviewer's evidence line is
# the excerpt's sentence closest to the claim, and a call cut at 600 characters lost the turn a recap
# line rested on, so the reviewer was shown another turn of the call as its evidence.
CITED_EXCERPT_CHARS = 1500


@dataclass(frozen=True)
class CitedRecord:
    """A numbered excerpt of one interaction, as shown to the model and to the reviewer."""

    n: int
    chunk_id: str
    interaction_id: int
    account_id: int
    occurred_at: datetime
    kind: str
    direction: str
    who: str
    subject: str | None
    text: str
    # "customer" or "internal": internal records may steer a draft but are never quoted into it.
    audience: str = "customer"

    def as_citation(self) -> dict[str, Any]:
        """The citation shape stored on drafts and returned by the API."""
        return {
            "n": self.n,
            "interaction_id": self.interaction_id,
            "account_id": self.account_id,
            "occurred_at": self.occurred_at.isoformat(),
            "kind": self.kind,
            "direction": self.direction,
            "who": self.who,
            "subject": self.subject,
            "audience": self.audience,
            "excerpt": self.text[:CITED_EXCERPT_CHARS],
        }


@dataclass(frozen=True)
class GroundedContext:
    """What retrieval found for one account and one query."""

    account_id: int
    query: str
    records: list[CitedRecord]
    tokens: int

    @property
    def interaction_ids(self) -> list[int]:
        """Ids of the cited interactions, in citation order."""
        return [r.interaction_id for r in self.records]

    def merged_with(self, more: GroundedContext) -> GroundedContext:
        """This context with the other retrieval's records it lacks appended, numbered after its own."""
        have = {r.chunk_id for r in self.records}
        records = list(self.records)
        for record in more.records:
            if record.chunk_id not in have:
                records.append(replace(record, n=len(records) + 1))
                have.add(record.chunk_id)
        return replace(self, records=records, tokens=self.tokens + more.tokens)


# Process-wide: retrievers are built per request, but an account's snapshot outlives them. One cache
# per vector index, so two stores (two test databases, say) never share an account id's snapshot.
_CACHES: WeakKeyDictionary[VectorIndex, SnapshotCache] = WeakKeyDictionary()
_CACHES_LOCK = threading.Lock()


def snapshot_cache(index: VectorIndex) -> SnapshotCache:
    """The snapshot cache of this vector index; dropping an account's vectors also forgets its snapshot."""
    with _CACHES_LOCK:
        cache = _CACHES.get(index)
        if cache is None:
            cache = _CACHES[index] = SnapshotCache()
            index.on_drop_account(cache.forget)
        return cache


@dataclass(frozen=True)
class RetrievalMethod:
    """Which ranking methods are on; the defaults are the shipped method, the rest serve the ablation."""

    sentences: bool = True  # sentence vectors and sentence keyword scores beside the chunk's
    expansion: bool = True  # question-type vocabulary added to the keyword query
    fields: bool = True  # typed-field (amount, date) sentence signal for the question's type
    learned: bool = True  # fitted fusion weights instead of reciprocal rank fusion

    def columns(self) -> list[str]:
        """The signals this method ranks by."""
        dropped = set()
        if not self.sentences:
            dropped |= {"dense_sentence", "keyword_sentence", "dense_field_sentence"}
        if not self.fields:
            dropped.add("dense_field_sentence")
        if not self.learned:
            dropped |= {"who_named", "recency"}  # RRF applies recency as a boost, as it always did
        return [f for f in FEATURES if f not in dropped]


@dataclass
class Retriever:
    """Hybrid retrieval (dense + keyword, chunk and sentence level, learned fusion) inside one account."""

    sessions: sessionmaker[Session]
    embeddings: Embedder
    index: VectorIndex
    candidates: int = 24
    method: RetrievalMethod = field(default_factory=RetrievalMethod)
    weights: FusionWeights | None = None

    def retrieve(
        self,
        account_id: int,
        query: str,
        *,
        top_k: int = 6,
        token_budget: int = 1200,
        now: datetime | None = None,
    ) -> GroundedContext:
        """The best records of this account for the query, numbered from 1, within the token budget."""
        snapshot, ranked = self.rank(account_id, query, now=now)
        return _select(snapshot, query, ranked, top_k, token_budget)

    def rank(
        self, account_id: int, query: str, *, now: datetime | None = None
    ) -> tuple[AccountSnapshot, list[int]]:
        """The account's snapshot and every chunk position of it, best first."""
        vector = np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        snapshot = self.snapshot(account_id)
        intent = intent_of(query, expand=self.method.expansion)
        found = signals(snapshot, vector, intent, now or utcnow(), sentences=self.method.sentences)
        if self.method.learned:
            scores = (self.weights or default_weights()).score(found, intent.kind)
        else:
            scores = rrf_scores(found, [c for c in self.method.columns() if c != "recency"], self.candidates)
        # Ties go to the later chunk, as the reverse sort of (score, position) always did.
        return snapshot, sorted(range(len(snapshot)), key=lambda p: (scores[p], p), reverse=True)

    def interaction_records(self, account_id: int, interaction_id: int) -> GroundedContext:
        """Every chunk of one interaction of the account, numbered from 1 in order: what a draft that
        restates that interaction cites when ranking did not bring it (a recap's call)."""
        snapshot = self.snapshot(account_id)
        records: list[CitedRecord] = []
        for position, found in enumerate(snapshot.interaction_ids):
            facts = snapshot.facts[found]
            if found != interaction_id or facts.account_id != account_id:
                continue
            text = snapshot.texts[position]
            records.append(_record(len(records) + 1, snapshot.chunk_ids[position], found, facts, text))
        tokens = sum(
            snapshot.token_counts[p] or count_tokens(snapshot.texts[p])
            for p, found in enumerate(snapshot.interaction_ids)
            if found == interaction_id
        )
        return GroundedContext(account_id=account_id, query="", records=records, tokens=tokens)

    def snapshot(self, account_id: int) -> AccountSnapshot:
        """The account's in-memory snapshot, reloaded when its watermark moved since it was built."""
        cache = snapshot_cache(self.index)
        generation = cache.generation
        with self.sessions() as session:
            # The watermark is read before the rows, so a concurrent write can only cause a reload.
            mark = read_watermark(session, account_id)
            cached = cache.get(account_id, mark)
            if cached is not None:
                return cached
            snapshot = load_snapshot(session, self.index, account_id, mark)
        cache.put(snapshot, seen_generation=generation)
        return snapshot


def _select(
    snapshot: AccountSnapshot, query: str, ranked: list[int], top_k: int, budget: int
) -> GroundedContext:
    records: list[CitedRecord] = []
    kept: list[set[tuple[str, ...]]] = []
    used = 0
    for position in ranked:
        interaction_id = snapshot.interaction_ids[position]
        facts = snapshot.facts[interaction_id]
        # Defence in depth: the snapshot is read for one account only, but never cite a foreign row.
        if facts.account_id != snapshot.account_id:
            continue
        text = snapshot.texts[position]
        mine = snapshot.shingles_of(position)
        if is_near_duplicate(mine, kept):
            continue
        cost = snapshot.token_counts[position] or count_tokens(text)
        if used + cost > budget and records:
            continue
        kept.append(mine)
        used += cost
        records.append(_record(len(records) + 1, snapshot.chunk_ids[position], interaction_id, facts, text))
        if len(records) >= top_k:
            break
    return GroundedContext(account_id=snapshot.account_id, query=query, records=records, tokens=used)


def _record(n: int, chunk_id: str, interaction_id: int, facts: InteractionFacts, text: str) -> CitedRecord:
    return CitedRecord(
        n=n,
        chunk_id=chunk_id,
        interaction_id=interaction_id,
        account_id=facts.account_id,
        occurred_at=facts.occurred_at,
        kind=facts.kind,
        direction=facts.direction,
        who=facts.who,
        subject=facts.subject,
        text=text,
        audience=facts.audience,
    )
