"""LangChain chat models behind our `ChatModel` seam, and the reverse for code written against LangChain.

The embedded llama.cpp model and the OpenAI-compatible client are LangChain chat models; this is the
only place their messages, replies and errors are seen. `as_langchain` serves LangChain code (the
peer benchmark's chain): it hands back the model an adapter wraps, or wraps any other `ChatModel`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import openai
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.exceptions import ModelError as LangChainModelError
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, ChatMessage, HumanMessage, SystemMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import BaseModel, ConfigDict

from copilot.errors import ModelError
from copilot.llm.model import ChatModel, Completion, Message, OutputCutOffError, ProviderError, Role

# SDK errors that langchain-openai may let through untranslated (e.g. HTTP 422).
TRANSPORT_ERRORS: tuple[type[Exception], ...] = (openai.APIError,)
# A reply cut at max_tokens under a response_format: the SDK raises before returning it.
LENGTH_ERRORS: tuple[type[Exception], ...] = (openai.LengthFinishReasonError,)
_CALL_ERRORS: tuple[type[Exception], ...] = (LangChainModelError, *TRANSPORT_ERRORS)

_TO_LANGCHAIN: dict[Role, type[BaseMessage]] = {
    "system": SystemMessage,
    "user": HumanMessage,
    "assistant": AIMessage,
}
# LangChain message types (and ChatMessage roles) -> our roles.
_FROM_LANGCHAIN: dict[str, Role] = {
    "system": "system",
    "human": "user",
    "user": "user",
    "ai": "assistant",
    "assistant": "assistant",
}


def schema_response_format(schema: type[BaseModel] | dict[str, Any]) -> dict[str, Any]:
    """The llama.cpp `response_format` that makes decoding follow `schema` under a grammar.

    llama.cpp (embedded and server) compiles it into a decoding grammar; servers that know only plain
    JSON mode ignore the schema part.
    """
    json_schema = schema if isinstance(schema, dict) else schema.model_json_schema()
    return {"type": "json_object", "schema": json_schema}


def to_langchain(messages: Sequence[Message]) -> list[BaseMessage]:
    """Our messages as LangChain's."""
    return [_TO_LANGCHAIN[message.role](content=message.text) for message in messages]


def from_langchain(messages: Sequence[BaseMessage]) -> list[Message]:
    """LangChain's messages as ours; a role we do not have is refused by name."""
    converted = []
    for message in messages:
        role = _FROM_LANGCHAIN.get(message.role if isinstance(message, ChatMessage) else message.type)
        if role is None:
            raise ModelError(f"unsupported message type {message.type!r}")
        converted.append(Message(role, message.text))
    return converted


class LangChainChatModel(ChatModel):
    """A LangChain chat model (embedded llama.cpp, ChatOpenAI) as our `ChatModel`."""

    def __init__(self, model: BaseChatModel) -> None:
        self.langchain = model

    def __repr__(self) -> str:
        return f"LangChainChatModel({type(self.langchain).__name__}, model_name={self.model_name!r})"

    @property
    def model_name(self) -> str:
        """The wrapped model's name, else its LangChain type."""
        return str(getattr(self.langchain, "model_name", None) or self.langchain._llm_type)

    def complete(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> Completion:
        """Invoke the LangChain model, translating its reply and its provider's errors to ours."""
        options: dict[str, Any] = {}
        if json_schema is not None:
            options["response_format"] = schema_response_format(json_schema)
        if max_tokens is not None:
            options["max_tokens"] = max_tokens
        try:
            reply = self.langchain.invoke(to_langchain(messages), **options)
        except LENGTH_ERRORS as exc:
            # The SDK's structured-output parser refuses a reply cut at max_tokens before we see it.
            raise OutputCutOffError("model output was cut off at the token limit") from exc
        except _CALL_ERRORS as exc:
            raise ProviderError(str(exc)) from exc
        if not isinstance(reply, AIMessage):
            raise ModelError(f"model returned {type(reply).__name__}, not an AI message")
        return self._completion(reply)

    def _completion(self, reply: AIMessage) -> Completion:
        metadata = reply.response_metadata
        reported = metadata.get("model_name") or metadata.get("model")
        usage = reply.usage_metadata
        # Some servers omit usage or report zeros; None lets the caller estimate instead.
        counted = bool(usage and (usage["input_tokens"] or usage["output_tokens"]))
        return Completion(
            text=reply.text,
            model=str(reported) if reported else self.model_name,
            finish_reason=metadata.get("finish_reason"),
            prompt_tokens=usage["input_tokens"] if usage and counted else None,
            completion_tokens=usage["output_tokens"] if usage and counted else None,
        )


def as_langchain(model: ChatModel) -> BaseChatModel:
    """`model` for LangChain code: the LangChain model an adapter wraps, else `model` wrapped."""
    if isinstance(model, LangChainChatModel):
        return model.langchain
    return ChatModelAsLangChain(inner=model)


class ChatModelAsLangChain(BaseChatModel):
    """Any `ChatModel` behind LangChain's interface (no stop sequences: our seam has none)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    inner: ChatModel

    @property
    def _llm_type(self) -> str:
        return "copilot-chat-model"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,  # noqa: ARG002 - part of LangChain's signature
        **kwargs: Any,
    ) -> ChatResult:
        options = {key: value for key, value in kwargs.items() if not key.startswith("ls_")}
        max_tokens = options.pop("max_tokens", None)
        if stop or options:
            unsupported = sorted([*options, *(["stop"] if stop else [])])
            raise TypeError(f"ChatModelAsLangChain got unsupported options: {', '.join(unsupported)}")
        reply = self.inner.complete(from_langchain(messages), max_tokens=max_tokens)
        usage = None
        if reply.prompt_tokens is not None and reply.completion_tokens is not None:
            usage = UsageMetadata(
                input_tokens=reply.prompt_tokens,
                output_tokens=reply.completion_tokens,
                total_tokens=reply.prompt_tokens + reply.completion_tokens,
            )
        message = AIMessage(
            content=reply.text,
            usage_metadata=usage,
            response_metadata={"model_name": reply.model, "finish_reason": reply.finish_reason},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])
