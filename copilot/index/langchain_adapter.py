"""Our `Embedder` behind LangChain's `Embeddings` interface, for code written against LangChain.

Nothing in the product needs it; the peer benchmark's LangChain chain (a Chroma vector store built by
langchain-chroma) does, and it must embed with the very embedder our pipeline uses.
"""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from copilot.index.embedder import Embedder


class LangChainEmbeddings(Embeddings):
    """Delegates both calls to an `Embedder`."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed many texts with the wrapped embedder."""
        return self.embedder.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """Embed one query with the wrapped embedder."""
        return self.embedder.embed_query(text)
