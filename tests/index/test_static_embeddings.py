"""The static embedder: a table distilled from the packaged MiniLM, deterministic, offline, meaningful.

Distilling the whole vocabulary takes minutes, so most tests distil only the word pieces their texts
use (the recipe is the same); the full build and its cache are checked under `slow`.
"""

from __future__ import annotations

import math
import socket
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from copilot.config import load_settings
from copilot.errors import ConfigError
from copilot.index.static_embeddings import (
    StaticEmbeddings,
    cached_table,
    distill_table,
    load_tokenizer,
)

TEXTS = [
    "The renewal is due in March and the customer asked for a discount on the licence.",
    "Customer wants a discount before the renewal in March.",
    "The quarterly invoice was paid by bank transfer.",
    "Our dashboard has been slow all week and the team is frustrated.",
    "Dashboards are loading slowly and the team is unhappy.",
    "Wir brauchen ein Angebot für 40 Lizenzen.",
]
DIMENSION = 24


@pytest.fixture(scope="module")
def model_dir() -> Path:
    return load_settings().resolved_embedding_path()


def _piece_ids(model_dir: Path, texts: list[str]) -> set[int]:
    tokenizer = load_tokenizer(model_dir)
    return {i for encoding in tokenizer.encode_batch(texts, add_special_tokens=False) for i in encoding.ids}


@pytest.fixture(scope="module")
def table(model_dir: Path) -> np.ndarray:
    return distill_table(model_dir, DIMENSION, token_ids=_piece_ids(model_dir, TEXTS))


@pytest.fixture(scope="module")
def static(model_dir: Path, table: np.ndarray) -> StaticEmbeddings:
    return StaticEmbeddings(model_dir, table)


def _cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_distillation_is_deterministic(model_dir: Path, table: np.ndarray) -> None:
    again = distill_table(model_dir, DIMENSION, token_ids=_piece_ids(model_dir, TEXTS))
    assert np.array_equal(table, again)


def test_vectors_have_the_table_width_and_unit_length(static: StaticEmbeddings) -> None:
    vectors = static.embed_documents(TEXTS)
    assert static.dimension == DIMENSION
    assert [len(v) for v in vectors] == [DIMENSION] * len(TEXTS)
    assert all(math.isclose(math.sqrt(_cosine(v, v)), 1.0, rel_tol=1e-5) for v in vectors)
    assert static.embed_documents([]) == []


def test_same_text_same_vector_whatever_its_batch(static: StaticEmbeddings) -> None:
    in_batch = static.embed_documents(TEXTS)
    for text, vector in zip(TEXTS, in_batch, strict=True):
        assert static.embed_query(text) == vector
    assert static.embed_documents(list(reversed(TEXTS))) == list(reversed(in_batch))


def test_a_batch_longer_than_one_summing_block_gives_each_text_its_own_vector(
    static: StaticEmbeddings,
) -> None:
    # Empty texts land on block edges (the sum runs per block of texts) and in the middle of one.
    texts = [("" if n in (0, 63, 64, 100) else f"{TEXTS[n % len(TEXTS)]} item {n}") for n in range(150)]
    in_batch = static.embed_documents(texts)
    assert len(in_batch) == len(texts)
    for text, vector in zip(texts, in_batch, strict=True):
        assert static.embed_query(text) == vector


def test_paraphrases_are_closer_than_unrelated_texts(static: StaticEmbeddings) -> None:
    renewal, renewal_again, invoice, slow, slow_again, _ = static.embed_documents(TEXTS)
    assert _cosine(renewal, renewal_again) > _cosine(renewal, slow)
    assert _cosine(renewal, renewal_again) > _cosine(renewal_again, invoice)
    assert _cosine(slow, slow_again) > _cosine(slow, renewal)
    assert _cosine(slow, slow_again) > _cosine(slow_again, invoice)


def test_text_without_known_pieces_still_gets_a_unit_vector(static: StaticEmbeddings) -> None:
    for text in ["", "   ", "\u2603\u2603"]:
        vector = static.embed_query(text)
        assert math.isclose(math.sqrt(_cosine(vector, vector)), 1.0, rel_tol=1e-6)


def test_distillation_and_embedding_make_no_network_connection(
    model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("static embeddings tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    texts = ["offline check", "nothing leaves the machine"]
    local = StaticEmbeddings(model_dir, distill_table(model_dir, 8, token_ids=_piece_ids(model_dir, texts)))
    assert len(local.embed_documents(texts)) == 2


def test_a_table_that_does_not_cover_the_vocabulary_is_refused(model_dir: Path) -> None:
    with pytest.raises(ConfigError, match="does not cover"):
        StaticEmbeddings(model_dir, np.zeros((10, 8), dtype=np.float32))


def test_a_directory_without_a_tokenizer_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"tokenizer\.json"):
        distill_table(tmp_path, 8)


@pytest.mark.slow
def test_full_table_is_distilled_once_and_reused(model_dir: Path, tmp_path: Path) -> None:
    built = cached_table(model_dir, tmp_path)
    stamp = built.stat().st_mtime_ns
    assert cached_table(model_dir, tmp_path) == built
    assert built.stat().st_mtime_ns == stamp
    static = StaticEmbeddings.from_cache(model_dir, tmp_path)
    assert static.dimension == 384
    renewal, renewal_again, invoice, *_ = static.embed_documents(TEXTS)
    assert _cosine(renewal, renewal_again) > _cosine(renewal, invoice)
