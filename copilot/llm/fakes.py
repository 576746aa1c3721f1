"""A scripted chat model for logic tests: a real `ChatModel` with a queue of replies and a history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from copilot.errors import ModelError
from copilot.llm.model import ChatModel, Completion, Message
from copilot.llm.tokens import count_tokens, truncate_to_tokens


@dataclass(eq=False)
class FakeChatModel(ChatModel):
    """Replies with queued strings (or raises queued exceptions) and records every prompt and option."""

    replies: list[str | Exception] = field(default_factory=list)
    history: list[list[Message]] = field(default_factory=list)
    call_options: list[dict[str, Any]] = field(default_factory=list)
    model_name: str = "fake-chat"

    def queue(self, *replies: str | Exception) -> FakeChatModel:
        """Append replies to the queue; returns self so tests can chain it after construction."""
        self.replies.extend(replies)
        return self

    @property
    def last_prompt(self) -> list[Message]:
        """The messages of the most recent call."""
        if not self.history:
            raise AssertionError("FakeChatModel was never called")
        return self.history[-1]

    def complete(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int | None = None,
        json_schema: dict[str, Any] | None = None,
    ) -> Completion:
        """The next queued reply (cut at `max_tokens` like a real server), or the next queued error."""
        self.history.append(list(messages))
        self.call_options.append({"max_tokens": max_tokens, "json_schema": json_schema})
        if not self.replies:
            raise ModelError(f"{self.model_name}: no scripted reply left for call {len(self.history)}")
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        text, finish_reason = _shape_reply(reply, max_tokens)
        return Completion(
            text=text,
            model=self.model_name,
            finish_reason=finish_reason,
            prompt_tokens=sum(count_tokens(message.text) for message in messages),
            completion_tokens=count_tokens(text),
        )


def _shape_reply(reply: str, max_tokens: int | None) -> tuple[str, str]:
    # Mirror real servers: a reply longer than max_tokens is cut with finish_reason "length".
    if max_tokens is not None and count_tokens(reply) > max_tokens:
        return truncate_to_tokens(reply, max_tokens), "length"
    return reply, "stop"
