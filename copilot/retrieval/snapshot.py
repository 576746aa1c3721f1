"""One account's retrieval material held in memory: chunk texts, citation fields, vectors, keyword stats.

Without it a grounded-context build cost a vector-store query and two SQL fetches of the account's
rows. With it a warm build is one small SQL query (the account's watermark) plus in-memory math.
The watermark (interaction count, latest `updated_at`) moves on every ingest, re-index, deletion and
erasure, because each of them writes interaction rows; so API workers in separate processes stay
consistent without talking to each other, and a snapshot is never used after its rows changed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from copilot.db.models import Chunk, Interaction
from copilot.index.vector_store import VectorIndex
from copilot.retrieval.keyword import KeywordStats
from copilot.retrieval.ranking import shingles

Watermark = tuple[int, datetime | None]


def read_watermark(session: Session, account_id: int) -> Watermark:
    """How many interactions the account has and when the latest of them changed."""
    count, latest = session.execute(
        select(func.count(Interaction.id), func.max(Interaction.updated_at)).where(
            Interaction.account_id == account_id
        )
    ).one()
    return int(count), latest


@dataclass(frozen=True)
class InteractionFacts:
    """The fields of an interaction a citation shows."""

    account_id: int
    occurred_at: datetime
    kind: str
    direction: str
    who: str
    subject: str | None
    audience: str = "customer"


def who_spoke(kind: str, participants: list[Any]) -> str:
    """The sender, speaker or organiser of an interaction, else its kind."""
    names = [
        p.get("name") or p.get("email") or ""
        for p in participants
        if p.get("role") in {"from", "speaker", "organizer"}
    ]
    return ", ".join(n for n in names if n)[:120] or kind


@dataclass
class AccountSnapshot:
    """Everything retrieval needs about one account; chunks are addressed by position."""

    account_id: int
    watermark: Watermark
    chunk_ids: list[str]
    interaction_ids: list[int]
    texts: list[str]
    token_counts: list[int]
    facts: dict[int, InteractionFacts]
    # Unit-length float32 rows and the chunk position each row belongs to (a pending chunk has none).
    matrix: np.ndarray
    vector_positions: np.ndarray
    keyword: KeywordStats
    _shingles: dict[int, set[tuple[str, ...]]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def dense_ranking(self, query_vector: np.ndarray, k: int) -> list[int]:
        """Positions of the k chunks most similar to the query (exact cosine), best first."""
        if len(self.vector_positions) == 0:
            return []
        similarity = self.matrix @ query_vector
        return [int(self.vector_positions[i]) for i in _top(similarity, k)]

    def keyword_ranking(self, query: str, k: int) -> list[int]:
        """Positions of the k best BM25 matches with a positive score, best first."""
        scores = self.keyword.score_array(query)
        matching = np.flatnonzero(scores > 0)
        return [int(matching[i]) for i in _top(scores[matching], k)]

    def shingles_of(self, position: int) -> set[tuple[str, ...]]:
        """The chunk's near-duplicate shingles, computed once."""
        found = self._shingles.get(position)
        if found is None:
            found = self._shingles[position] = shingles(self.texts[position])
        return found

    @property
    def nbytes(self) -> int:
        """Approximate memory held: vectors, texts and keyword postings (Python object overhead excluded)."""
        text_bytes = sum(len(t) for t in self.texts)
        return int(self.matrix.nbytes + text_bytes + self.keyword.nbytes)


def _top(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the k highest scores, highest first; ties go to the later index, as a reverse sort did."""
    if len(scores) > k:
        best = np.argpartition(scores, len(scores) - k)[len(scores) - k :]
    else:
        best = np.arange(len(scores))
    return sorted(best.tolist(), key=lambda i: (scores[i], i), reverse=True)


def load_snapshot(session: Session, index: VectorIndex, account_id: int, mark: Watermark) -> AccountSnapshot:
    """Read one account's chunks, interactions and vectors; `mark` must have been read first."""
    facts = {
        row.id: InteractionFacts(
            account_id=row.account_id,
            occurred_at=row.occurred_at,
            kind=row.kind,
            direction=row.direction,
            who=who_spoke(row.kind, row.participants),
            subject=row.subject,
            audience=row.audience,
        )
        for row in session.execute(
            select(
                Interaction.id,
                Interaction.account_id,
                Interaction.occurred_at,
                Interaction.kind,
                Interaction.direction,
                Interaction.subject,
                Interaction.participants,
                Interaction.audience,
            ).where(Interaction.account_id == account_id)
        )
    }
    rows = session.execute(
        select(Chunk.id, Chunk.interaction_id, Chunk.text, Chunk.token_count).where(
            Chunk.account_id == account_id
        )
    )
    # Sorted by id in Python so score ties break the same way on every database.
    # A chunk whose interaction is not this account's is never cited (defence in depth).
    chunks = sorted((c for c in rows if c.interaction_id in facts), key=lambda c: c.id)
    matrix, positions = _vectors(index, account_id, [c.id for c in chunks])
    texts = [c.text for c in chunks]
    return AccountSnapshot(
        account_id=account_id,
        watermark=mark,
        chunk_ids=[c.id for c in chunks],
        interaction_ids=[c.interaction_id for c in chunks],
        texts=texts,
        token_counts=[c.token_count or 0 for c in chunks],
        facts=facts,
        matrix=matrix,
        vector_positions=positions,
        keyword=KeywordStats(texts),
    )


def _vectors(index: VectorIndex, account_id: int, chunk_ids: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The account's stored vectors for these chunk ids, normalised; orphan vectors are left out."""
    stored_ids, stored = index.vectors(account_id)
    position = {cid: n for n, cid in enumerate(chunk_ids)}
    keep = [row for row, cid in enumerate(stored_ids) if cid in position]
    matrix = np.ascontiguousarray(stored[keep], dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms > 0, norms, 1.0)
    positions = np.array([position[stored_ids[row]] for row in keep], dtype=np.int64)
    return matrix, positions


class SnapshotCache:
    """Recently used accounts' snapshots, bounded by their total number of chunks (least recent go first)."""

    def __init__(self, max_chunks: int = 250_000) -> None:
        self.max_chunks = max_chunks
        self._entries: OrderedDict[int, AccountSnapshot] = OrderedDict()
        self._chunks = 0
        self._lock = threading.Lock()
        # Bumped by every forget: a load that began before an erasure must not put its texts back.
        self.generation = 0

    def get(self, account_id: int, mark: Watermark) -> AccountSnapshot | None:
        """The cached snapshot when it was built at this watermark, else None (a stale one is dropped)."""
        with self._lock:
            snapshot = self._entries.get(account_id)
            if snapshot is not None and snapshot.watermark != mark:
                self._discard(account_id)
                return None
            if snapshot is None:
                return None
            self._entries.move_to_end(account_id)
            return snapshot

    def put(self, snapshot: AccountSnapshot, *, seen_generation: int | None = None) -> None:
        """Keep a snapshot, evicting the least recently used ones beyond the chunk budget; not kept when
        an account was forgotten since the load began (`seen_generation`, read before it)."""
        with self._lock:
            if seen_generation is not None and seen_generation != self.generation:
                return
            self._discard(snapshot.account_id)
            self._entries[snapshot.account_id] = snapshot
            self._chunks += len(snapshot)
            while self._chunks > self.max_chunks and len(self._entries) > 1:
                self._discard(next(iter(self._entries)))

    def forget(self, account_id: int) -> None:
        """Drop an account's snapshot (erasure: its texts must not linger in memory)."""
        with self._lock:
            self.generation += 1
            self._discard(account_id)

    def _discard(self, account_id: int) -> None:
        old = self._entries.pop(account_id, None)
        if old is not None:
            self._chunks -= len(old)

    @property
    def accounts(self) -> int:
        """How many accounts are cached."""
        return len(self._entries)

    @property
    def chunks(self) -> int:
        """How many chunks the cached snapshots hold."""
        return self._chunks

    @property
    def nbytes(self) -> int:
        """Approximate memory held by all cached snapshots."""
        with self._lock:
            return sum(s.nbytes for s in self._entries.values())
