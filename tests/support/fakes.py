"""Fakes shared across test folders; each is a real subclass of the seam it replaces."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from copilot.index.fakes import HashingEmbeddings
from copilot.llm.fakes import FakeChatModel
from copilot.llm.model import Completion, Message

SENTENCE = "The customer asked about the renewal and wants a call next week [1]."


def filled(schema: dict[str, Any], sentence: str = SENTENCE) -> Any:
    """A value fitting a (simple) JSON schema: the shapes our tools ask the model for."""
    kind = schema.get("type")
    if kind == "object":
        return {name: filled(sub, sentence) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [filled(schema.get("items", {}), sentence)]
    if kind == "integer":
        return 1
    if kind == "boolean":
        return False
    return sentence


@dataclass(eq=False)
class SchemaFillingChatModel(FakeChatModel):
    """A fake model that never runs dry: without a queued reply it answers in the requested JSON schema.

    By default each field gets a value of its type (strings the sentence, arrays one item, integers 1).
    With `text_in_every_field`, every top-level field gets the sentence whatever its type, and a call
    without a schema gets `{"text": sentence}` (what the eval harness's smoke run was written against).
    """

    sentence: str = SENTENCE
    text_in_every_field: bool = False

    def complete(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> Completion:
        """The queued reply if any, else an answer in `json_schema`'s shape."""
        if not self.replies:
            self.replies.append(json.dumps(self._answer(json_schema or {})))
        return super().complete(messages, max_tokens=max_tokens, json_schema=json_schema)

    def _answer(self, schema: dict[str, Any]) -> Any:
        if self.text_in_every_field:
            return dict.fromkeys(schema.get("properties", {"text": {}}), self.sentence)
        return filled(schema, self.sentence)


class CountingEmbeddings(HashingEmbeddings):
    """HashingEmbeddings that also remembers every text it embedded."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed and record."""
        self.texts.extend(texts)
        return super().embed_documents(texts)
