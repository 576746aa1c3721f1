"""Reconcile SQL and the vector index per account: SQL is the record, the index follows it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select, update

from copilot.container import Services
from copilot.db.models import Account, Chunk, Interaction
from copilot.index.units import expected_vector_ids
from copilot.ingest.indexer import VectorSync


@dataclass
class RepairReport:
    """What a repair found and fixed."""

    accounts: int = 0
    pending_finished: int = 0
    missing_reindexed: int = 0
    stray_removed: int = 0
    chunks_embedded: int = 0

    def as_json(self) -> dict[str, int]:
        """The counts as a plain dict."""
        return asdict(self)


def _sql_chunks(services: Services, account_id: int) -> dict[str, tuple[int, str]]:
    with services.sessions() as session:
        rows = session.execute(
            select(Chunk.id, Chunk.interaction_id, Chunk.text).where(Chunk.account_id == account_id)
        ).all()
    return {chunk_id: (interaction_id, text) for chunk_id, interaction_id, text in rows}


def _mark_pending(services: Services, interaction_ids: set[int]) -> None:
    with services.sessions() as session:
        session.execute(
            update(Interaction).where(Interaction.id.in_(interaction_ids)).values(index_state="pending")
        )
        session.commit()


def _pending_ids(services: Services) -> list[int]:
    with services.sessions() as session:
        return list(session.scalars(select(Interaction.id).where(Interaction.index_state == "pending")))


def _reconcile_account(services: Services, account_id: int, report: RepairReport) -> None:
    sql = _sql_chunks(services, account_id)
    stored = services.vector_index.ids(account_id)
    # The index holds each chunk's vector and its sentences' vectors (copilot.index.units).
    owner = {
        vector_id: interaction_id
        for chunk_id, (interaction_id, text) in sql.items()
        for vector_id in expected_vector_ids({chunk_id: text})
    }
    stray = sorted(stored - owner.keys())
    services.vector_index.delete(account_id, stray)
    report.stray_removed += len(stray)
    missing = {owner[vector_id] for vector_id in owner.keys() - stored}
    if missing:
        _mark_pending(services, missing)
        report.missing_reindexed += len(missing)


def repair(services: Services, batch_size: int | None = None) -> RepairReport:
    """Delete vectors SQL does not know, re-embed interactions whose vectors are missing or pending."""
    report = RepairReport(pending_finished=len(_pending_ids(services)))
    with services.sessions() as session:
        account_ids = list(session.scalars(select(Account.id)))
    for account_id in account_ids:
        _reconcile_account(services, account_id, report)
    report.accounts = len(account_ids)
    pending = _pending_ids(services)
    size = batch_size or services.settings.ingest_index_batch_size
    vectors = VectorSync(services.sessions, services.embeddings, services.vector_index)
    for start in range(0, len(pending), size):
        report.chunks_embedded += vectors.sync(pending[start : start + size])
    return report


def reindex(services: Services, batch_size: int | None = None) -> RepairReport:
    """Drop every account's vectors and re-embed everything with the configured backend.

    The way to switch embedding backends: a collection refuses vectors of another space, so the
    old collections go first; SQL (the record) is untouched, only `index_state` returns to pending.
    """
    with services.sessions() as session:
        account_ids = list(session.scalars(select(Account.id)))
    for account_id in account_ids:
        services.vector_index.drop_account(account_id)
    with services.sessions() as session:
        session.execute(update(Interaction).values(index_state="pending"))
        session.commit()
    return repair(services, batch_size)
