"""Grounded context for exactly one account: hybrid ranking, a token budget, numbered citations."""

from copilot.retrieval.context import CitedRecord, GroundedContext, Retriever

__all__ = ["CitedRecord", "GroundedContext", "Retriever"]
