"""Our embedder seam: what retrieval, ingest, tools, guards and tone ask of a sentence embedder.

The backends in copilot/index (torch, ONNX, static table) and the hashing fake implement it; a LangChain
consumer (the peer benchmark) gets one through copilot/index/langchain_adapter.py.
"""

from __future__ import annotations

from abc import ABC, abstractmethod


class Embedder(ABC):
    """Texts to vectors; a document and a query of the same text get the same vector."""

    @abstractmethod
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed many texts, in input order."""

    @abstractmethod
    def embed_query(self, text: str) -> list[float]:
        """Embed one text."""
