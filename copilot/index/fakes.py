"""Deterministic embeddings for logic tests: a real Embedder subclass, no model needed."""

from __future__ import annotations

import hashlib
import math
import re

from copilot.index.embedder import Embedder

_WORD = re.compile(r"\w+")


class HashingEmbeddings(Embedder):
    """Bag-of-words hashed into a fixed-size unit vector: similar wording gives similar vectors."""

    def __init__(self, dimension: int = 384) -> None:
        self.dimension = dimension
        self.calls = 0

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimension
        for token in _WORD.findall(text.lower()):
            slot = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "big")
            vector[slot % self.dimension] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed many texts."""
        self.calls += 1
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        """Embed one query."""
        return self._vector(text)
