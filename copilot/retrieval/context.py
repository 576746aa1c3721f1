"""Build the grounded context a tool prompts with: one account's records, ranked, budgeted, numbered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from langchain_core.embeddings import Embeddings
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from copilot.db.models import Chunk, Interaction
from copilot.db.types import utcnow
from copilot.index.vector_store import VectorIndex
from copilot.llm.tokens import count_tokens
from copilot.retrieval.keyword import KeywordStatsCache
from copilot.retrieval.ranking import is_near_duplicate, recency_boost, reciprocal_rank_fusion, shingles


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
            "excerpt": self.text[:600],
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


def _who(row: Interaction) -> str:
    names = [
        p.get("name") or p.get("email") or ""
        for p in row.participants
        if p.get("role") in {"from", "speaker", "organizer"}
    ]
    return ", ".join(n for n in names if n)[:120] or row.kind


# Process-wide: retrievers are built per request, but an account's keyword stats outlive them.
_KEYWORD_STATS = KeywordStatsCache()


@dataclass
class Retriever:
    """Hybrid dense + BM25 retrieval, always inside one account."""

    sessions: sessionmaker[Session]
    embeddings: Embeddings
    index: VectorIndex
    candidates: int = 24

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
        dense = [
            hit.chunk_id
            for hit in self.index.query(account_id, self.embeddings.embed_query(query), self.candidates)
        ]
        with self.sessions() as session:
            chunks = session.scalars(select(Chunk).where(Chunk.account_id == account_id)).all()
            keyword = self._keyword_ranking(query, account_id, chunks)
            fused = reciprocal_rank_fusion([dense, keyword])
            by_id = {c.id: c for c in chunks}
            rows = self._interactions(session, {by_id[i].interaction_id for i in fused if i in by_id})
        moment = now or utcnow()
        scored = [
            (score * recency_boost(rows[by_id[cid].interaction_id].occurred_at, moment), cid)
            for cid, score in fused.items()
            if cid in by_id and by_id[cid].interaction_id in rows
        ]
        scored.sort(reverse=True)
        return self._select(account_id, query, [by_id[cid] for _, cid in scored], rows, top_k, token_budget)

    def _keyword_ranking(self, query: str, account_id: int, chunks: Any) -> list[str]:
        scores = _KEYWORD_STATS.get(account_id, [(c.id, c.text) for c in chunks]).scores(query)
        ranked = sorted(zip(scores, (c.id for c in chunks), strict=True), reverse=True)
        return [cid for score, cid in ranked[: self.candidates] if score > 0]

    @staticmethod
    def _interactions(session: Session, ids: set[int]) -> dict[int, Interaction]:
        if not ids:
            return {}
        return {row.id: row for row in session.scalars(select(Interaction).where(Interaction.id.in_(ids)))}

    @staticmethod
    def _select(
        account_id: int,
        query: str,
        ranked: list[Chunk],
        rows: dict[int, Interaction],
        top_k: int,
        budget: int,
    ) -> GroundedContext:
        records: list[CitedRecord] = []
        kept: list[set[tuple[str, ...]]] = []
        used = 0
        for chunk in ranked:
            row = rows[chunk.interaction_id]
            # Defence in depth: the store query is already scoped, but never cite a foreign row.
            if row.account_id != account_id or chunk.account_id != account_id:
                continue
            if is_near_duplicate(chunk.text, kept):
                continue
            cost = chunk.token_count or count_tokens(chunk.text)
            if used + cost > budget and records:
                continue
            kept.append(shingles(chunk.text))
            used += cost
            records.append(
                CitedRecord(
                    n=len(records) + 1,
                    chunk_id=chunk.id,
                    interaction_id=row.id,
                    account_id=row.account_id,
                    occurred_at=row.occurred_at,
                    kind=row.kind,
                    direction=row.direction,
                    who=_who(row),
                    subject=row.subject,
                    text=chunk.text,
                )
            )
            if len(records) >= top_k:
                break
        return GroundedContext(account_id=account_id, query=query, records=records, tokens=used)
