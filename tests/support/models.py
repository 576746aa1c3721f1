"""The real embedded model as the model tests load it, and migrated services around a given model."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from copilot.config import load_settings
from copilot.container import Services
from copilot.index.fakes import HashingEmbeddings
from copilot.llm.embedded import EmbeddedChatModel
from copilot.llm.langchain_adapter import LangChainChatModel
from copilot.llm.model import ChatModel

# A small context and two threads: enough for the tools' prompts, affordable on a shared machine.
SMALL_EMBEDDED = {"llm_provider": "embedded", "llm_context_tokens": 2048, "llm_threads": 2}


def small_embedded_model(data_dir: Path, max_output_tokens: int = 96) -> ChatModel:
    """The real embedded model (SmolLM2-135M) with a small context, behind our ChatModel seam."""
    settings = load_settings(data_dir=data_dir, llm_max_output_tokens=max_output_tokens, **SMALL_EMBEDDED)
    return LangChainChatModel(EmbeddedChatModel.from_settings(settings))


@contextmanager
def services_with_model(
    model: ChatModel, data_dir: Path, *, real_sentence_vectors: bool = False, **settings: Any
) -> Iterator[Services]:
    """Migrated services with `model` and fast deterministic embeddings; the engine is closed after.

    `real_sentence_vectors` gives the trained classifiers (sentence classes, tone) the MiniLM vectors
    they were trained on: on hashed vectors their labels would be arbitrary.
    """
    loaded = load_settings(data_dir=data_dir, **settings)
    sentence_model = Services(loaded).sentence_model if real_sentence_vectors else None
    built = Services(loaded, chat_model=model, embeddings=HashingEmbeddings(), sentence_model=sentence_model)
    built.migrate()
    yield built
    built.engine.dispose()
