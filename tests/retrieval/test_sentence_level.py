"""Sentence vectors sit beside chunk vectors: they find the stating sentence and follow the chunk's life."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from connectors.base import InteractionKind, InteractionRecord
from copilot.container import Services
from copilot.db.models import Chunk, Interaction
from copilot.index.units import expected_vector_ids, is_sentence_id
from copilot.ingest.indexer import VectorSync, rebuild_chunks
from copilot.ingest.pipeline import delete_interactions
from copilot.ingest.repair import repair
from copilot.ingest.store import upsert_interaction
from copilot.retrieval import Retriever
from tests.support.records import Note, seed_account

FILLER = (
    "Thanks for the call on Tuesday. The team enjoyed the workshop on dashboards. "
    "We walked through the onboarding plan for new analysts. Training sessions went well overall. "
    "Please share the slides with the regional leads. We also looked at the data export settings. "
)
FACT = "Our contract renews on March 11, 2027, so finance needs the paperwork early."


def _chunk_texts(services: Services, account_id: int) -> dict[str, str]:
    with services.sessions() as session:
        rows = session.execute(select(Chunk.id, Chunk.text).where(Chunk.account_id == account_id)).all()
    return dict(rows)


def _seed(services: Services) -> tuple[int, list[int]]:
    notes = [Note(FILLER + f"Item {n} is on the list for next week.") for n in range(5)]
    notes.insert(3, Note(FILLER + FACT))
    account, _, ids = seed_account(services, "C-1", "Acme", notes)
    return account, ids


def test_sentence_vectors_are_stored_and_the_stating_record_ranks_first(services: Services) -> None:
    account, ids = _seed(services)
    stored = services.vector_index.ids(account)
    assert stored == expected_vector_ids(_chunk_texts(services, account))
    assert sum(is_sentence_id(i) for i in stored) > len(ids)
    context = Retriever(services.sessions, services.embeddings, services.vector_index).retrieve(
        account, "When does the contract renew?"
    )
    assert context.records[0].interaction_id == ids[3]


def test_deleting_an_interaction_deletes_its_sentence_vectors(services: Services) -> None:
    account, ids = _seed(services)
    delete_interactions(services, [ids[3]])
    stored = services.vector_index.ids(account)
    assert not any(i.startswith(f"{ids[3]}-") for i in stored)
    assert stored == expected_vector_ids(_chunk_texts(services, account))


def test_a_shorter_edit_leaves_no_stale_sentence_vector(services: Services) -> None:
    account, ids = _seed(services)
    with services.sessions() as session:
        row = session.get(Interaction, ids[3])
        assert row is not None
        record = InteractionRecord(
            source=row.source,
            source_id=row.source_id,
            kind=InteractionKind.EMAIL,
            occurred_at=row.occurred_at,
            text=FACT + " See you soon, with thanks.",
            content_hash=hashlib.sha256(b"edited").hexdigest(),
            raw_ref=row.raw_ref,
        )
        edited, _ = upsert_interaction(
            session, record, account_id=account, contact_id=None, direction="inbound", origin="test"
        )
        stale = rebuild_chunks(session, edited)
        session.commit()
    VectorSync(services.sessions, services.embeddings, services.vector_index).sync([ids[3]], {account: stale})
    assert services.vector_index.ids(account) == expected_vector_ids(_chunk_texts(services, account))


def test_repair_restores_missing_and_removes_stray_sentence_vectors(services: Services) -> None:
    account, ids = _seed(services)
    index = services.vector_index
    sentence = sorted(i for i in index.ids(account) if is_sentence_id(i) and i.startswith(f"{ids[1]}-"))[0]
    index._collection(account).delete(ids=[sentence])  # lose one sentence vector only
    vector = services.embeddings.embed_query("stray")
    index.upsert(account, [f"{ids[2]}-0/s99"], [vector], [{"account_id": account, "chunk_id": f"{ids[2]}-0"}])

    report = repair(services)

    assert (report.stray_removed, report.missing_reindexed) == (1, 1)
    assert index.ids(account) == expected_vector_ids(_chunk_texts(services, account))
    assert repair(services).missing_reindexed == 0
