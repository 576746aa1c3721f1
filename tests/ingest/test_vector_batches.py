"""Vectors are written once per index batch (several SQL batches), one Chroma call per account."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from copilot.config import load_settings
from copilot.container import Services
from copilot.db.models import Chunk
from copilot.ingest.indexer import VectorSync, embed_each_text_once
from copilot.ingest.service import ingest_location
from tests.support.fakes import CountingEmbeddings
from tests.support.ingest import add_account, assert_consistent, message


@pytest.fixture
def wide(tmp_path: Path) -> Services:
    """SQL batches of 4, vectors every 100 interactions."""
    built = Services(
        load_settings(data_dir=tmp_path / "data", ingest_batch_size=4, ingest_index_batch_size=100),
        embeddings=CountingEmbeddings(),
    )
    built.migrate()
    return built


def _interleaved_mail(folder: Path, domains: list[str], each: int) -> Path:
    folder.mkdir(parents=True)
    for number in range(each):
        for domain in domains:
            name = f"{domain}-{number}.eml"
            (folder / name).write_bytes(message(number + 100 * domains.index(domain), domain).as_bytes())
    return folder


def test_one_upsert_per_account_for_a_run_of_many_sql_batches(
    wide: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = [add_account(wide, "Acme", "acme.example"), add_account(wide, "Globex", "globex.example")]
    upserted: list[int] = []
    real_upsert = wide.vector_index.upsert
    monkeypatch.setattr(
        wide.vector_index,
        "upsert",
        lambda account, *rest: (upserted.append(account), real_upsert(account, *rest)),
    )
    report = ingest_location(
        wide, "email", _interleaved_mail(tmp_path / "mail", ["acme.example", "globex.example"], 6)
    )
    assert (report.new, report.failed) == (12, [])
    assert sorted(upserted) == sorted(accounts)  # 3 SQL batches, yet one write per account
    assert_consistent(wide)


def test_a_replaced_chunk_id_written_again_later_in_the_run_is_not_deleted(
    wide: Services, tmp_path: Path
) -> None:
    account = add_account(wide, "Acme", "acme.example")
    ingest_location(wide, "email", _interleaved_mail(tmp_path / "mail", ["acme.example"], 2))
    with wide.sessions() as session:
        current = list(session.execute(select(Chunk.id, Chunk.interaction_id)))
    chunk_id, interaction_id = current[0]
    sync = VectorSync(wide.sessions, wide.embeddings, wide.vector_index)
    # An earlier SQL batch of the same run replaced this id; a later one wrote it again.
    sync.sync([interaction_id], {account: [chunk_id, "gone-for-good"]})
    assert chunk_id in wide.vector_index.ids(account)
    assert_consistent(wide)


def test_each_distinct_text_is_embedded_once_and_every_unit_gets_its_vector() -> None:
    counting = CountingEmbeddings()
    texts = ["Thanks for the call.", "The renewal is due in May.", "Thanks for the call."]
    vectors = embed_each_text_once(counting, texts)
    assert counting.texts == ["Thanks for the call.", "The renewal is due in May."]
    assert len(vectors) == 3
    assert vectors[0] == vectors[2] == CountingEmbeddings().embed_documents(["Thanks for the call."])[0]
    assert vectors[1] != vectors[0]
