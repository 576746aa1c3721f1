"""Clients built once per process (engine, sessions, model, embedder, vector index) and handed out by role."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from copilot.config import Settings
from copilot.db.engine import build_engine, check_database
from copilot.db.migrate import upgrade_to_head

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from copilot.index.embedder import Embedder
    from copilot.index.vector_store import VectorIndex
    from copilot.llm.model import ChatModel
    from copilot.tone.frustration import FrustrationModel
    from copilot.tools.sentence_classes import SentenceLabeller


def _torch_embeddings(settings: Settings) -> Embedder:
    from copilot.index.embeddings import LocalEmbeddings

    return LocalEmbeddings(settings.resolved_embedding_path())


def _source_digest(settings: Settings) -> str:
    """The sentence model's content digest, which names its derived artefacts in the machine cache."""
    from copilot.index.model_cache import source_digest

    return source_digest(settings.resolved_embedding_path(), settings.resolved_model_cache_dir / "digests")


def _onnx_embeddings(settings: Settings) -> Embedder:
    from copilot.index.onnx_embeddings import OnnxEmbeddings

    cache = settings.resolved_model_cache_dir / "onnx"
    return OnnxEmbeddings(settings.resolved_embedding_path(), cache, source=_source_digest(settings))


def _static_embeddings(settings: Settings) -> Embedder:
    from copilot.index.static_embeddings import StaticEmbeddings

    return StaticEmbeddings.from_cache(
        settings.resolved_embedding_path(),
        settings.resolved_model_cache_dir / "static",
        settings.embedding_static_dimension,
        source=_source_digest(settings),
    )


def frustration_model_for(settings: Settings) -> FrustrationModel:
    """The inbound frustration model over the configured packaged encoder (one per process and config)."""
    from copilot.tone.frustration import shared_frustration_model

    cache = settings.resolved_model_cache_dir / "onnx"
    return shared_frustration_model(settings.resolved_embedding_path(), cache, _source_digest(settings))


def sentence_labeller_for(settings: Settings) -> SentenceLabeller:
    """The account summary's sentence classifier over the configured packaged encoder (the fine-tuned
    one; the frozen-vector one, logged, when it cannot be built), one per process and config."""
    from copilot.tools.sentence_tuned import shared_labeller

    cache = settings.resolved_model_cache_dir / "onnx"
    return shared_labeller(settings.resolved_embedding_path(), cache, _source_digest(settings))


# Backend name (COPILOT_EMBEDDING_BACKEND) -> builder; each imports its runtime only when chosen.
EMBEDDING_BACKENDS: dict[str, Callable[[Settings], Embedder]] = {
    "torch": _torch_embeddings,
    "onnx": _onnx_embeddings,
    "static": _static_embeddings,
}


def embedding_space(settings: Settings) -> str:
    """Which vector space the configured backend writes; collections remember it so spaces never mix."""
    from copilot.index.static_embeddings import DISTILL_VERSION
    from copilot.index.vector_store import TRANSFORMER_SPACE

    # torch and onnx run the same transformer (cosine ~0.99 between them), so they share a space.
    model = settings.resolved_embedding_path().name
    if settings.embedding_backend == "static":
        return f"static-v{DISTILL_VERSION}-d{settings.embedding_static_dimension}:{model}"
    return f"{TRANSFORMER_SPACE}:{model}"


class Services:
    """The process's shared clients; heavy ones (model, embedder, Chroma) load on first use.

    A client passed to the constructor stands in for the configured one (tests pass fakes; a script
    can share one embedder between several containers). A given `embeddings` without a given
    `sentence_model` stands in for both: a caller that brings its own vectors loads no model.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        chat_model: ChatModel | None = None,
        embeddings: Embedder | None = None,
        sentence_model: Embedder | None = None,
        vector_index: VectorIndex | None = None,
        frustration_model: FrustrationModel | None = None,
        sentence_labeller: SentenceLabeller | None = None,
    ) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        given = {
            "chat_model": chat_model,
            "embeddings": embeddings,
            "sentence_model": sentence_model or embeddings,
            "vector_index": vector_index,
            "frustration_model": frustration_model,
            "sentence_labeller": sentence_labeller,
        }
        # A cached_property keeps its value in the instance dict under its own name, so a client
        # placed there is the one every caller gets, and the builder below never runs.
        self.__dict__.update({name: client for name, client in given.items() if client is not None})

    def __repr__(self) -> str:
        return f"Services(settings={self.settings!r})"

    def built(self, name: str) -> bool:
        """Whether the client `name` (one of the cached properties) exists already, so reading it is free."""
        return name in self.__dict__

    @cached_property
    def engine(self) -> Engine:
        """The database engine (connection checked once)."""
        engine = build_engine(self.settings)
        check_database(engine)
        return engine

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        """The session factory."""
        # Imported here: the ORM is a good part of a command's start-up, and `copilot init` (engine
        # and schema only) does not need it.
        from copilot.db.session import build_session_factory

        return build_session_factory(self.engine)

    def migrate(self) -> None:
        """Create or upgrade the schema."""
        upgrade_to_head(self.engine)

    @cached_property
    def chat_model(self) -> ChatModel:
        """The configured chat model, loaded once."""
        from copilot.llm.factory import build_chat_model

        with self._lock:
            return build_chat_model(self.settings)

    @cached_property
    def embeddings(self) -> Embedder:
        """The sentence embedder of the configured backend, loaded once."""
        with self._lock:
            return EMBEDDING_BACKENDS[self.settings.embedding_backend](self.settings)

    @cached_property
    def sentence_model(self) -> Embedder:
        """MiniLM sentence vectors for the classifiers (tone, injection, sentence classes) and the
        draft checks (fact choice, purpose), whose models and thresholds were fitted on them.

        The same object as `embeddings` on the transformer backends; with the static table (the
        default), whose vectors live in another space, the ONNX MiniLM is loaded on first use, so a
        process that only ingests (`copilot sample load`) never loads it.
        """
        if self.settings.embedding_backend != "static":
            return self.embeddings
        with self._lock:
            return _onnx_embeddings(self.settings)

    @cached_property
    def frustration_model(self) -> FrustrationModel:
        """The inbound `frustrated` scorer (MiniLM with tuned top layers), built on first use."""
        with self._lock:
            return frustration_model_for(self.settings)

    @cached_property
    def sentence_labeller(self) -> SentenceLabeller:
        """The issue / commitment / risk / other classifier of the account summary, built on first use."""
        with self._lock:
            return sentence_labeller_for(self.settings)

    @property
    def injection_embeddings(self) -> Embedder | None:
        """Vectors for the learned injection detector, or None when it is off (the rules still run)."""
        return self.sentence_model if self.settings.injection_classifier else None

    @cached_property
    def vector_index(self) -> VectorIndex:
        """The per-account vector index."""
        from copilot.index.vector_store import VectorIndex, build_chroma_client

        client = build_chroma_client(self.settings)
        return VectorIndex(
            client, prefix=self.settings.chroma_collection_prefix, space=embedding_space(self.settings)
        )
