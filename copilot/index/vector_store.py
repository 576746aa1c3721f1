"""The vector index: one Chroma collection per account, embedded or on a Chroma server.

A collection per account means retrieval is filtered by the store itself (a query cannot reach
another account's vectors) and erasure can drop an account's whole collection and its files.
Chroma's delete leaves the bytes behind (free SQLite pages, the dropped collection's HNSW directory;
chroma-core/chroma issues 3793, 7659, 7662), so erasure follows it with `compact_local_store`.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings

from copilot.config import Settings
from copilot.errors import ConfigError

# Collection metadata key naming the embedding space its vectors live in (see `VectorIndex`).
SPACE_KEY = "copilot:embedding_space"
# Space prefix of the transformer backends; collections made before spaces were recorded hold these.
TRANSFORMER_SPACE = "transformer"
# Chroma replays a collection's write log from its last persisted point when a process first touches
# it, and purges the log only up to there. At the default threshold (1000) an account with fewer
# chunks never persists: the log grows with the whole store and every first touch scans all of it.
HNSW_PERSISTENCE = {"hnsw:batch_size": 100, "hnsw:sync_threshold": 100}


@dataclass(frozen=True)
class VectorHit:
    """One chunk returned by a similarity query, with cosine distance."""

    chunk_id: str
    distance: float
    metadata: dict[str, Any]


def build_chroma_client(settings: Settings) -> ClientAPI:
    """A Chroma client: HTTP when a server is configured, else persistent files in the data dir."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.uses_chroma_server:
        try:
            client = chromadb.HttpClient(
                host=settings.chroma_host or "", port=settings.chroma_port, settings=chroma_settings
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises several unrelated types for "not reachable"
            raise ConfigError(
                "COPILOT_CHROMA_HOST",
                f"cannot reach Chroma server at {settings.chroma_host}:{settings.chroma_port} ({exc})",
            ) from exc
        return client
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


class VectorIndex:
    """Upsert, query and delete chunk vectors, always scoped to one account."""

    def __init__(self, client: ClientAPI, prefix: str = "copilot", space: str | None = None) -> None:
        self._client = client
        self._prefix = prefix
        # With a space, each collection records it at creation and refuses vectors of another space.
        self._space = space
        # Called with an account id after its collection is dropped (in-memory copies must go too).
        self._drop_listeners: list[Callable[[int], None]] = []

    def _name(self, account_id: int) -> str:
        # Chroma needs >= 3 characters and a restricted alphabet; ids keep names unique and short.
        return f"{self._prefix}-acct-{account_id}"

    def _collection(self, account_id: int) -> Any:
        name = self._name(account_id)
        metadata: dict[str, Any] = {"hnsw:space": "cosine", **HNSW_PERSISTENCE}
        if self._space is None:
            return self._client.get_or_create_collection(name, embedding_function=None, metadata=metadata)
        # get_or_create may overwrite an existing collection's metadata (by Chroma version), which
        # would erase the record of its space: read first, create only when absent.
        try:
            collection = self._client.get_collection(name, embedding_function=None)
        except Exception as exc:  # absent collection: NotFoundError or ValueError by chromadb version
            if not _is_not_found(exc):
                raise
            metadata[SPACE_KEY] = self._space
            collection = self._client.get_or_create_collection(
                name, embedding_function=None, metadata=metadata
            )
        self._check_space(name, dict(collection.metadata or {}))
        return collection

    def _check_space(self, name: str, metadata: dict[str, Any]) -> None:
        ours = str(self._space)
        stored = metadata.get(SPACE_KEY)
        if stored is None:
            # Unrecorded collections predate the static backend, so they hold transformer vectors.
            stored = f"{TRANSFORMER_SPACE} (unrecorded)"
            same = ours.startswith(f"{TRANSFORMER_SPACE}:")
        else:
            same = stored == ours
        if not same:
            # Data dirs indexed before `static` became the default hold transformer vectors.
            back = "onnx" if stored.startswith(TRANSFORMER_SPACE) else "static"
            raise ConfigError(
                "COPILOT_EMBEDDING_BACKEND",
                f"collection {name} holds vectors of embedding space {stored!r} but this process "
                f"embeds into {ours!r}; set COPILOT_EMBEDDING_BACKEND={back} to keep the index as it is, "
                "or rebuild it with `copilot ingest --reindex`",
            )

    def upsert(
        self,
        account_id: int,
        ids: Sequence[str],
        vectors: Sequence[Sequence[float]],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        """Insert or replace chunk vectors of one account; ids are stable chunk ids."""
        if not ids:
            return
        self._collection(account_id).upsert(
            ids=list(ids), embeddings=[list(v) for v in vectors], metadatas=list(metadatas)
        )

    def delete(self, account_id: int, ids: Sequence[str]) -> None:
        """Remove some chunk vectors of one account, with the sentence vectors those chunks own."""
        if ids:
            collection = self._collection(account_id)
            collection.delete(ids=list(ids))
            collection.delete(where={"chunk_id": {"$in": list(ids)}})

    def owned_ids(self, account_id: int, chunk_ids: Sequence[str]) -> set[str]:
        """Ids of the vectors (chunk and sentence) whose `chunk_id` metadata is one of these chunks."""
        if not chunk_ids:
            return set()
        found = self._collection(account_id).get(where={"chunk_id": {"$in": list(chunk_ids)}}, include=[])
        return set(found["ids"])

    def query(self, account_id: int, vector: Sequence[float], k: int) -> list[VectorHit]:
        """The k nearest chunks within one account, filtered by the store (never after); chunk vectors
        only, not the sentence vectors beside them (a missing `unit` also passes `$ne`)."""
        collection = self._collection(account_id)
        count = collection.count()
        if count == 0:
            return []
        result = collection.query(
            query_embeddings=[list(vector)],
            n_results=min(k, count),
            where={"$and": [{"account_id": account_id}, {"unit": {"$ne": "sentence"}}]},
            include=["metadatas", "distances"],
        )
        ids = result["ids"][0]
        distances = (result.get("distances") or [[]])[0]
        metadatas = (result.get("metadatas") or [[]])[0]
        return [
            VectorHit(chunk_id=i, distance=float(d), metadata=dict(m or {}))
            for i, d, m in zip(ids, distances, metadatas, strict=True)
        ]

    def ids(self, account_id: int) -> set[str]:
        """Every chunk id stored for one account (for reconciliation with SQL)."""
        return set(self._collection(account_id).get(include=[])["ids"])

    def vectors(self, account_id: int) -> tuple[list[str], np.ndarray]:
        """Every vector id and vector stored for one account, rows aligned (for in-memory search).

        The collection is the account's own, so the store already scopes the read; a metadata filter on
        top cost ~15% of the read (650 vectors) and a caller keeps only ids it holds in SQL anyway.
        """
        found = self._collection(account_id).get(include=["embeddings"])
        ids = list(found["ids"])
        embeddings = found.get("embeddings")
        if not ids or embeddings is None:
            return [], np.zeros((0, 0), dtype=np.float32)
        return ids, np.asarray(embeddings, dtype=np.float32)

    def on_drop_account(self, listener: Callable[[int], None]) -> None:
        """Have `listener(account_id)` called whenever an account's collection is dropped."""
        self._drop_listeners.append(listener)

    def drop_account(self, account_id: int) -> None:
        """Delete an account's whole collection (erasure)."""
        for listener in self._drop_listeners:
            listener(account_id)
        try:
            self._client.delete_collection(self._name(account_id))
        except Exception as exc:  # absent collection: chromadb raises NotFoundError or ValueError by version
            if not _is_not_found(exc):
                raise


def _is_not_found(exc: Exception) -> bool:
    message = str(exc).lower()
    return "does not exist" in message or "not found" in message


def vacuum_sqlite_file(path: Path) -> None:
    """Rewrite a SQLite file so deleted rows leave no bytes in free pages or the write-ahead log."""
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        connection.execute("PRAGMA busy_timeout=30000")
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def compact_local_store(chroma_dir: Path) -> list[str]:
    """Scrub a Chroma directory after a collection was dropped; returns the orphaned segment dirs removed.

    Embedded Chroma: erasure calls it. A Chroma server's `--path`: only while that server is stopped.
    """
    database = chroma_dir / "chroma.sqlite3"
    if not database.is_file():
        return []
    vacuum_sqlite_file(database)
    connection = sqlite3.connect(database, timeout=30)
    try:
        live = {row[0] for row in connection.execute("SELECT id FROM segments")}
    finally:
        connection.close()
    # Segment directories are named by segment id; one no segment row names belongs to a dropped collection.
    removed = []
    for entry in sorted(chroma_dir.iterdir()):
        if entry.is_dir() and entry.name not in live and _looks_like_segment(entry):
            shutil.rmtree(entry)
            removed.append(entry.name)
    return removed


def _looks_like_segment(path: Path) -> bool:
    return len(path.name) == 36 and path.name.count("-") == 4 and (path / "header.bin").exists()
