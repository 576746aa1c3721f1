"""A scripted chat model for logic tests: a real BaseChatModel with a queue of replies and a history."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from copilot.errors import ModelError
from copilot.llm.tokens import count_tokens, truncate_to_tokens


class FakeChatModel(BaseChatModel):
    """Replies with queued strings (or raises queued exceptions) and records every prompt and option."""

    replies: list[str | Exception] = Field(default_factory=list)
    history: list[list[BaseMessage]] = Field(default_factory=list)
    call_options: list[dict[str, Any]] = Field(default_factory=list)
    model_name: str = "fake-chat"

    @property
    def _llm_type(self) -> str:
        return "fake-chat"

    def queue(self, *replies: str | Exception) -> FakeChatModel:
        """Append replies to the queue; returns self so tests can chain it after construction."""
        self.replies.extend(replies)
        return self

    @property
    def last_prompt(self) -> list[BaseMessage]:
        """The messages of the most recent call."""
        if not self.history:
            raise AssertionError("FakeChatModel was never called")
        return self.history[-1]

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,  # noqa: ARG002 - part of LangChain's signature
        **kwargs: Any,
    ) -> ChatResult:
        self.history.append(list(messages))
        self.call_options.append(dict(kwargs))
        if not self.replies:
            raise ModelError(f"{self.model_name}: no scripted reply left for call {len(self.history)}")
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        text, finish_reason = _shape_reply(reply, stop, kwargs.get("max_tokens"))
        prompt_tokens = sum(count_tokens(message.text) for message in messages)
        completion_tokens = count_tokens(text)
        message = AIMessage(
            content=text,
            usage_metadata=UsageMetadata(
                input_tokens=prompt_tokens,
                output_tokens=completion_tokens,
                total_tokens=prompt_tokens + completion_tokens,
            ),
            response_metadata={"model_name": self.model_name, "finish_reason": finish_reason},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])


def _shape_reply(reply: str, stop: list[str] | None, max_tokens: int | None) -> tuple[str, str]:
    # Mirror real servers: the reply ends before the first stop sequence, and a reply longer than
    # max_tokens is cut with finish_reason "length".
    cut = min((reply.index(s) for s in stop or [] if s in reply), default=len(reply))
    text = reply[:cut]
    if max_tokens is not None and count_tokens(text) > max_tokens:
        return truncate_to_tokens(text, max_tokens), "length"
    return text, "stop"
