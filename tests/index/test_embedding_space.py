"""Each collection remembers its embedding space; vectors of another backend are refused, not mixed."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromadb.api import ClientAPI

from copilot.config import load_settings
from copilot.container import Services
from copilot.errors import ConfigError
from copilot.index.vector_store import VectorIndex, build_chroma_client
from copilot.ingest.repair import reindex
from copilot.ingest.service import ingest_location
from tests.support.fakes import CountingEmbeddings
from tests.support.ingest import add_account, assert_consistent, write_mbox

TRANSFORMER = "transformer:model"
STATIC = "static-v1-d384:model"


@pytest.fixture
def client(tmp_path: Path) -> ClientAPI:
    return build_chroma_client(load_settings(data_dir=tmp_path))


def _put(index: VectorIndex, chunk_id: str = "1-0") -> None:
    index.upsert(7, [chunk_id], [[1.0, 0.0, 0.0]], [{"account_id": 7}])


def test_a_collection_refuses_another_space_until_dropped(client: ClientAPI) -> None:
    _put(VectorIndex(client, space=TRANSFORMER))
    static = VectorIndex(client, space=STATIC)
    with pytest.raises(ConfigError, match="--reindex"):
        _put(static, "1-1")
    with pytest.raises(ConfigError, match=STATIC):
        static.query(7, [1.0, 0.0, 0.0], 1)
    static.drop_account(7)
    _put(static)
    assert [hit.chunk_id for hit in static.query(7, [1.0, 0.0, 0.0], 1)] == ["1-0"]
    with pytest.raises(ConfigError, match="transformer"):
        VectorIndex(client, space=TRANSFORMER).ids(7)


def test_an_unrecorded_collection_holds_transformer_vectors(client: ClientAPI) -> None:
    _put(VectorIndex(client))  # made before spaces were recorded
    assert VectorIndex(client, space=TRANSFORMER).ids(7) == {"1-0"}
    with pytest.raises(ConfigError, match="unrecorded"):
        VectorIndex(client, space=STATIC).ids(7)


def _services(data: Path, backend: str) -> Services:
    built = Services(
        load_settings(data_dir=data, embedding_backend=backend, ingest_batch_size=4),
        embeddings=CountingEmbeddings(),
    )
    built.migrate()
    return built


def test_switching_backend_needs_a_reindex_which_rebuilds_every_vector(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _services(data, "onnx")
    account_id = add_account(first, "Acme", "acme.example")
    ingest_location(first, "email", write_mbox(tmp_path / "box.mbox", 6, "acme.example"))
    first.engine.dispose()
    switched = _services(data, "static")
    with pytest.raises(ConfigError, match="reindex"):
        switched.vector_index.ids(account_id)
    report = reindex(switched)
    assert report.chunks_embedded >= 6
    assert_consistent(switched)
    switched.engine.dispose()


def test_a_data_dir_indexed_with_onnx_refuses_the_default_backend_and_names_the_way_back(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    before = _services(data, "onnx")
    account_id = add_account(before, "Acme", "acme.example")
    ingest_location(before, "email", write_mbox(tmp_path / "box.mbox", 2, "acme.example"))
    before.engine.dispose()
    now = Services(load_settings(data_dir=data), embeddings=CountingEmbeddings())  # the default backend
    with pytest.raises(ConfigError, match="COPILOT_EMBEDDING_BACKEND=onnx") as caught:
        now.vector_index.ids(account_id)
    assert "--reindex" in str(caught.value)
    now.engine.dispose()
