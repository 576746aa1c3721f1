"""Our chat-model seam: the one call the tools make of any model, with no provider library in sight.

Tools, guards and retrieval depend on `ChatModel`; adapters in copilot/llm (LangChain's llama.cpp and
OpenAI-compatible clients, copilot/llm/langchain_adapter.py) and the scripted fake implement it. A
provider's own errors are translated at the adapter into `ProviderError` or `OutputCutOffError`, so callers
never import a provider's exception classes; the original error stays the `__cause__`, where the
retry policy (copilot/llm/retry.py) reads the HTTP status.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from copilot.errors import ModelError, ModelOutputError

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class Message:
    """One chat turn: who speaks and what they say."""

    role: Role
    text: str


@dataclass(frozen=True)
class Completion:
    """A model's reply with what the audit trail records about it.

    Token counts are None when the provider did not report usage (the caller then estimates them).
    """

    text: str
    model: str
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


class ProviderError(ModelError):
    """A provider's call failed (unreachable, timed out, refused); the provider's error is the cause."""


class OutputCutOffError(ModelOutputError):
    """The provider refused a reply cut at the token limit before returning it."""


class ChatModel(ABC):
    """A chat model: messages in, one completion out."""

    @property
    @abstractmethod
    def model_name(self) -> str:
        """The configured model's name (what a failed call's audit names)."""

    @abstractmethod
    def complete(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> Completion:
        """Answer `messages`, at most `max_tokens` long (None: the model's configured cap).

        With `json_schema`, a provider that can compiles the schema into a decoding grammar; any other
        gets it from the prompt only, so callers still validate the reply. Raises `ProviderError` or
        `OutputCutOffError` for a provider's failures, or a copilot `ModelError` of the model's own.
        """
