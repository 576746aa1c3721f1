"""The packaged all-MiniLM-L6-v2 loads offline and gives meaningful unit vectors."""

from __future__ import annotations

import math

import pytest

from copilot.config import load_settings
from copilot.index.embeddings import LocalEmbeddings


@pytest.fixture(scope="module")
def embedder() -> LocalEmbeddings:
    return LocalEmbeddings(load_settings().resolved_embedding_path())


def _cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_vectors_are_unit_length_and_384_wide(embedder: LocalEmbeddings) -> None:
    vectors = embedder.embed_documents(["The renewal is due in March.", "Our dashboard is slow."])
    assert embedder.dimension == 384
    assert all(len(v) == 384 and math.isclose(math.sqrt(_cosine(v, v)), 1.0, rel_tol=1e-4) for v in vectors)


def test_related_texts_are_closer_than_unrelated(embedder: LocalEmbeddings) -> None:
    query = embedder.embed_query("When does the contract renew?")
    renewal, weather = embedder.embed_documents(
        ["The subscription renewal date is 31 March 2027.", "It rained all weekend in Lisbon."]
    )
    assert _cosine(query, renewal) > _cosine(query, weather) + 0.1


def test_empty_input_embeds_nothing(embedder: LocalEmbeddings) -> None:
    assert embedder.embed_documents([]) == []
