"""Services: a client passed to the constructor is the one every caller gets; the rest load as configured."""

from __future__ import annotations

from pathlib import Path

import pytest

from copilot.config import load_settings
from copilot.container import Services, embedding_space
from copilot.index.fakes import HashingEmbeddings
from copilot.llm.fakes import FakeChatModel


def test_given_clients_stand_in_for_the_configured_ones(tmp_path: Path) -> None:
    model, embeddings, sentences = FakeChatModel(), HashingEmbeddings(), HashingEmbeddings(dimension=8)
    services = Services(
        load_settings(data_dir=tmp_path), chat_model=model, embeddings=embeddings, sentence_model=sentences
    )
    assert services.chat_model is model and services.embeddings is embeddings
    assert services.sentence_model is sentences and services.injection_embeddings is sentences


@pytest.mark.parametrize("backend", ["onnx", "static"])
def test_the_sentence_model_follows_a_given_embedder_on_every_backend(tmp_path: Path, backend: str) -> None:
    # A caller bringing its own vectors (tests with fakes) must not have the ONNX model loaded behind it.
    embeddings = HashingEmbeddings()
    services = Services(load_settings(data_dir=tmp_path, embedding_backend=backend), embeddings=embeddings)
    assert services.sentence_model is embeddings
    assert "sentence_model" in vars(services)  # placed, not built


def test_the_default_index_backend_is_the_static_table(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.embedding_backend == "static"
    assert embedding_space(settings).startswith("static-")


def test_clients_not_given_are_not_built_until_asked_for(tmp_path: Path) -> None:
    services = Services(load_settings(data_dir=tmp_path), embeddings=HashingEmbeddings())
    assert {"chat_model", "vector_index", "engine"}.isdisjoint(vars(services))
