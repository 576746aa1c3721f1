"""The ONNX int8 embedder matches the torch one closely, gives unit vectors and reuses its export."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from copilot.config import load_settings
from copilot.errors import ConfigError
from copilot.index.embeddings import LocalEmbeddings
from copilot.index.onnx_embeddings import OnnxEmbeddings, export_quantized, length_buckets

TEXTS = [
    "The renewal is due in March and the customer asked for a 10% discount.",
    "Our dashboard has been slow all week and the team is frustrated; please call me before Friday.",
    "Wir brauchen ein Angebot für 40 Lizenzen bis Ende des Quartals.",
    "[email inbound 2026-03-02 | Invoice] Invoice 4411 for $12,400 is attached.",
]


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def onnx(cache_dir: Path) -> OnnxEmbeddings:
    return OnnxEmbeddings(load_settings().resolved_embedding_path(), cache_dir, batch_size=2)


def _dot(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


@pytest.mark.model
def test_vectors_match_torch_within_quantisation_error(onnx: OnnxEmbeddings) -> None:
    torch_vectors = LocalEmbeddings(load_settings().resolved_embedding_path()).embed_documents(TEXTS)
    for mine, reference in zip(onnx.embed_documents(TEXTS), torch_vectors, strict=True):
        assert _dot(mine, reference) >= 0.98


@pytest.mark.model
def test_shape_and_unit_length_in_input_order(onnx: OnnxEmbeddings) -> None:
    # Lengths differ a lot, so bucketing reorders internally; output must follow the input order.
    texts = ["hi", TEXTS[1] * 3, TEXTS[0]]
    vectors = onnx.embed_documents(texts)
    assert onnx.dimension == 384
    assert [len(v) for v in vectors] == [384, 384, 384]
    assert all(math.isclose(math.sqrt(_dot(v, v)), 1.0, rel_tol=1e-5) for v in vectors)
    # Dynamic int8 scales activations per batch, so a text alone differs slightly from in a batch.
    for i, text in enumerate(texts):
        alone = onnx.embed_query(text)
        others = [_dot(alone, v) for j, v in enumerate(vectors) if j != i]
        assert _dot(alone, vectors[i]) > max(0.98, *others)
    assert onnx.embed_documents([]) == []


@pytest.mark.model
def test_export_is_cached_and_reused(onnx: OnnxEmbeddings, cache_dir: Path) -> None:
    before = onnx.onnx_path.stat().st_mtime_ns
    again = export_quantized(load_settings().resolved_embedding_path(), cache_dir)
    assert again == onnx.onnx_path and again.stat().st_mtime_ns == before
    assert [p.name for p in cache_dir.iterdir()] == [onnx.onnx_path.name]  # no temp files left behind


def test_length_buckets_cover_every_index_once_grouped_by_length() -> None:
    lengths = [50, 3, 40, 4, 100, 2]
    batches = length_buckets(lengths, 2)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    assert [sorted(lengths[i] for i in batch) for batch in batches] == [[2, 3], [4, 40], [50, 100]]


def test_model_dir_without_tokenizer_is_a_config_error(tmp_path: Path) -> None:
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    shutil.copy(load_settings().resolved_embedding_path() / "config.json", model_dir / "config.json")
    with pytest.raises(ConfigError, match=r"tokenizer\.json"):
        OnnxEmbeddings(model_dir, tmp_path / "cache")


@pytest.mark.model
def test_pool_threads_sleep_instead_of_spinning(onnx: OnnxEmbeddings) -> None:
    # Spinning threads doubled the CPU per text on the shared 2-core machine (docs/tone.md, Throughput).
    options = onnx._session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


@pytest.mark.model
def test_small_batches_run_on_one_thread_with_the_same_vectors(
    onnx: OnnxEmbeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = onnx._graph
    assert graph._small is not graph.session
    assert graph._small.get_session_options().intra_op_num_threads == 1
    one_thread = onnx.embed_array(TEXTS)
    # Every bucket to the session with the default thread pool: the vectors must not move at all.
    monkeypatch.setattr("copilot.index.onnx_embeddings.SINGLE_THREAD_SLOTS", 0)
    assert (onnx.embed_array(TEXTS) == one_thread).all()


@pytest.mark.model
def test_small_lists_are_tokenized_in_place_with_the_same_vectors(
    onnx: OnnxEmbeddings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A request's few texts skip the tokenizers library's thread pool (its threads spin between lists);
    # the encodings, and so the vectors, must be exactly those of encode_batch.
    graph = onnx._graph
    texts = [*TEXTS, "hi", TEXTS[1] * 40]  # the last one is truncated
    in_place = graph.encode(texts)
    pooled = graph._tokenizer.encode_batch(texts)
    for mine, reference in zip(in_place, pooled, strict=True):
        assert (mine.ids, mine.attention_mask, mine.type_ids) == (
            reference.ids,
            reference.attention_mask,
            reference.type_ids,
        )
    vectors = onnx.embed_array(texts)
    monkeypatch.setattr("copilot.index.onnx_embeddings.POOLED_TOKENIZING_TEXTS", 0)
    assert (onnx.embed_array(texts) == vectors).all()
