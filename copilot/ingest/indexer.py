"""Keep the vector index in step with SQL: chunk rows first (in SQL), vectors second, then mark indexed.

Order matters for crash safety. An interaction is `pending` until its vectors are stored; a
crash anywhere leaves it `pending`, and the next run (or `repair`) re-indexes it. Chunk ids are
stable (`<interaction id>-<ordinal>`), so re-indexing upserts rather than duplicates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from copilot.db.models import Chunk, Interaction
from copilot.index.embedder import Embedder
from copilot.index.units import chunk_sentences
from copilot.index.vector_store import VectorIndex
from copilot.ingest.chunking import chunk_text
from copilot.ingest.crash import CrashHook


def chunk_id(interaction_id: int, ordinal: int) -> str:
    """The stable id of one chunk of one interaction."""
    return f"{interaction_id}-{ordinal}"


def _header(row: Interaction) -> str:
    when = row.occurred_at.date().isoformat()
    subject = f" | {row.subject}" if row.subject else ""
    return f"[{row.kind} {row.direction} {when}{subject}]"


def _utterance_lines(row: Interaction) -> list[str] | None:
    utterances = row.extra.get("utterances") if row.extra else None
    if not utterances:
        return None
    return [f"{u.get('speaker') or 'Unknown'}: {u.get('text', '')}" for u in utterances]


def rebuild_chunks(
    session: Session, row: Interaction, max_tokens: int = 220, *, fresh: bool = False
) -> list[str]:
    """Replace an interaction's chunk rows in SQL (same transaction as its upsert); returns stale ids.

    `fresh` says the row was inserted in this transaction, so it has no chunks to look up or delete.
    """
    old_ids: set[str] = set()
    if not fresh:
        old_ids = set(session.scalars(select(Chunk.id).where(Chunk.interaction_id == row.id)))
        session.execute(delete(Chunk).where(Chunk.interaction_id == row.id))
    rows = chunk_rows(row, max_tokens)
    session.execute(insert(Chunk), rows)
    return sorted(old_ids - {r["id"] for r in rows})


def chunk_rows(row: Interaction, max_tokens: int = 220) -> list[dict[str, Any]]:
    """An interaction's chunk rows (column values), for one INSERT of many interactions' chunks."""
    pieces = chunk_text(
        row.text, header=_header(row), utterance_lines=_utterance_lines(row), max_tokens=max_tokens
    )
    return [
        {
            "id": chunk_id(row.id, piece.ordinal),
            "interaction_id": row.id,
            "account_id": row.account_id,
            "ordinal": piece.ordinal,
            "text": piece.text,
            "token_count": piece.token_count,
        }
        for piece in pieces
    ]


def _metadata(chunk: Chunk) -> dict[str, Any]:
    # Only what the index's own filters read (account scope, a chunk's sentences, `unit`); SQL holds
    # the rest (kind, date, contact), and every metadata key is a row Chroma writes and indexes per
    # vector: six more keys cost about a third of the upsert's CPU (docs/benchmarks.md, issue 19).
    return {"account_id": chunk.account_id, "chunk_id": chunk.id}


def _vector_units(
    chunks: Sequence[Chunk], metadatas: dict[str, dict[str, Any]], sentences: bool
) -> list[_Unit]:
    """Each chunk's own vector unit, then (with `sentences`) one per sentence, tagged with the chunk."""
    units = [_Unit(c.id, c.account_id, c.text, metadatas[c.id]) for c in chunks]
    if sentences:
        for c in chunks:
            units.extend(
                _Unit(s.id, c.account_id, s.text, {**metadatas[c.id], "unit": "sentence"})
                for s in chunk_sentences(c.id, c.text)
            )
    return units


def embed_each_text_once(embeddings: Embedder, texts: list[str]) -> list[list[float]]:
    """One vector per text, each distinct text embedded once.

    Mail repeats itself (greetings, sign-offs, quoted lines, one-sentence chunks that are also their
    own sentence), and embedding is most of an ingest's time.
    """
    distinct = list(dict.fromkeys(texts))
    by_text = dict(zip(distinct, embeddings.embed_documents(distinct), strict=True))
    return [by_text[text] for text in texts]


@dataclass(frozen=True)
class _Unit:
    id: str
    account_id: int
    text: str
    metadata: dict[str, Any]


@dataclass
class VectorSync:
    """Embeds pending interactions' chunks and writes them to the vector index."""

    sessions: sessionmaker[Session]
    embeddings: Embedder
    index: VectorIndex
    hook: CrashHook = field(default_factory=CrashHook)
    # Sentence vectors beside chunk vectors (retrieval finds the one sentence that states a fact).
    sentences: bool = True

    def sync(self, interaction_ids: Sequence[int], stale: dict[int, list[str]] | None = None) -> int:
        """Store vectors for these interactions, drop stale ones, mark them indexed; returns chunks."""
        if not interaction_ids:
            return 0
        # Read, then embed and write vectors with no transaction open (embedding takes seconds and
        # SQLite has one writer), then mark the rows indexed in a short write transaction.
        with self.sessions() as session:
            chunks = session.scalars(select(Chunk).where(Chunk.interaction_id.in_(interaction_ids))).all()
            metadatas = {c.id: _metadata(c) for c in chunks}
        units = _vector_units(chunks, metadatas, self.sentences)
        vectors = embed_each_text_once(self.embeddings, [u.text for u in units])
        per_account: dict[int, list[tuple[_Unit, list[float]]]] = defaultdict(list)
        for unit, vector in zip(units, vectors, strict=True):
            per_account[unit.account_id].append((unit, vector))
        for account_id, items in per_account.items():
            ids = [u.id for u, _ in items]
            # A re-chunked text may have fewer sentences than before: its extra sentence ids are stale.
            owners = [u.id for u, _ in items if u.metadata.get("unit") != "sentence"]
            outdated = self.index.owned_ids(account_id, owners) - set(ids)
            self.index.upsert(account_id, ids, [v for _, v in items], [u.metadata for u, _ in items])
            if outdated:
                self.index.delete(account_id, sorted(outdated))
        current = set(metadatas)
        for account_id, stale_ids in (stale or {}).items():
            # Vectors written for several SQL batches at once: an id one batch replaced, a later
            # batch may have written again (an item changed back); what SQL holds now is never stale.
            gone = [i for i in dict.fromkeys(stale_ids) if i not in current]
            if gone:
                self.index.delete(account_id, gone)
        self.hook.reached("after_vector_upsert")
        self._mark_indexed(interaction_ids)
        return len(chunks)

    def _mark_indexed(self, interaction_ids: Sequence[int]) -> None:
        with self.sessions() as session, session.begin():  # an explicit begin takes SQLite's write lock
            session.execute(
                update(Interaction).where(Interaction.id.in_(interaction_ids)).values(index_state="indexed")
            )
