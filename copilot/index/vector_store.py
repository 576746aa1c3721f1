"""The vector index: one Chroma collection per account, embedded or on a Chroma server.

A collection per account means retrieval is filtered by the store itself (a query cannot reach
another account's vectors) and erasure can drop an account's whole collection and its files.
Chroma's delete leaves the bytes behind (free SQLite pages, the dropped collection's HNSW directory;
chroma-core/chroma issues 3793, 7659, 7662), so erasure follows it with `compact_local_store`.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings

from copilot.config import Settings
from copilot.errors import ConfigError


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

    def __init__(self, client: ClientAPI, prefix: str = "copilot") -> None:
        self._client = client
        self._prefix = prefix

    def _name(self, account_id: int) -> str:
        # Chroma needs >= 3 characters and a restricted alphabet; ids keep names unique and short.
        return f"{self._prefix}-acct-{account_id}"

    def _collection(self, account_id: int) -> Any:
        return self._client.get_or_create_collection(
            self._name(account_id), embedding_function=None, metadata={"hnsw:space": "cosine"}
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
        """Remove some chunk vectors of one account."""
        if ids:
            self._collection(account_id).delete(ids=list(ids))

    def query(self, account_id: int, vector: Sequence[float], k: int) -> list[VectorHit]:
        """The k nearest chunks within one account, filtered by the store (never after)."""
        collection = self._collection(account_id)
        count = collection.count()
        if count == 0:
            return []
        result = collection.query(
            query_embeddings=[list(vector)],
            n_results=min(k, count),
            where={"account_id": account_id},
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

    def drop_account(self, account_id: int) -> None:
        """Delete an account's whole collection (erasure)."""
        try:
            self._client.delete_collection(self._name(account_id))
        except Exception as exc:  # absent collection: chromadb raises NotFoundError or ValueError by version
            if "does not exist" not in str(exc).lower() and "not found" not in str(exc).lower():
                raise


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
    """Scrub embedded Chroma after a collection was dropped; returns the orphaned segment dirs removed."""
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
