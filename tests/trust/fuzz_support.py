"""What the API fuzz runs share: a chat model that always answers, so generation reaches review."""

from __future__ import annotations

import json
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult

from copilot.llm.fakes import FakeChatModel

SENTENCE = "The customer asked about the renewal and wants a call next week [1]."


def filled(schema: dict[str, Any]) -> Any:
    """A value fitting a (simple) JSON schema: the shapes our tools ask the model for."""
    kind = schema.get("type")
    if kind == "object":
        return {name: filled(sub) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [filled(schema.get("items", {}))]
    if kind == "integer":
        return 1
    if kind == "boolean":
        return False
    return SENTENCE


class SchemaFillingChatModel(FakeChatModel):
    """A fake model that never runs dry: without a queued reply it answers in the requested schema."""

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if not self.replies:
            schema = (kwargs.get("response_format") or {}).get("schema", {})
            self.replies.append(json.dumps(filled(schema)))
        return super()._generate(messages, stop, run_manager, **kwargs)
