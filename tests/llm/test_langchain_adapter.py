"""The LangChain adapter: our messages and options in, our completion and errors out (logic, no model)."""

from __future__ import annotations

from typing import Any

import httpx2  # the HTTP client under this openai SDK
import openai
import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.exceptions import ModelConnectionError
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import ConfigDict, Field

from copilot.errors import ModelError
from copilot.llm.factory import structured_call
from copilot.llm.fakes import FakeChatModel
from copilot.llm.langchain_adapter import (
    ChatModelAsLangChain,
    LangChainChatModel,
    as_langchain,
    from_langchain,
    schema_response_format,
)
from copilot.llm.model import ChatModel, Message, ProviderError
from copilot.llm.retry import failure_kind, http_status
from tests.llm.schemas import EmailLabel

REQUEST = httpx2.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
LABEL = '{"subject": "Renewal", "sentiment": "neutral"}'


class ScriptedLangChainModel(BaseChatModel):
    """A LangChain model (as the embedded and remote clients are) that replies with `reply` or raises
    `error`, and records the messages and options of every call."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    reply: AIMessage = Field(default_factory=lambda: AIMessage(content=LABEL))
    error: Exception | None = None
    calls: list[tuple[list[BaseMessage], dict[str, Any]]] = Field(default_factory=list)
    model_name: str = "scripted"

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.calls.append((list(messages), {k: v for k, v in kwargs.items() if not k.startswith("ls_")}))
        if self.error is not None:
            raise self.error
        return ChatResult(generations=[ChatGeneration(message=self.reply)])


def _usage(prompt: int, completion: int) -> UsageMetadata:
    return UsageMetadata(input_tokens=prompt, output_tokens=completion, total_tokens=prompt + completion)


def test_messages_and_options_reach_the_langchain_model_in_its_terms() -> None:
    inner = ScriptedLangChainModel()
    LangChainChatModel(inner).complete(
        [Message("system", "be brief"), Message("user", "label this")],
        max_tokens=12,
        json_schema={"type": "object"},
    )
    messages, options = inner.calls[0]
    assert [type(m) for m in messages] == [SystemMessage, HumanMessage]
    assert [m.text for m in messages] == ["be brief", "label this"]
    assert options == {"response_format": schema_response_format({"type": "object"}), "max_tokens": 12}


def test_unset_options_are_left_to_the_model_configuration() -> None:
    inner = ScriptedLangChainModel()
    LangChainChatModel(inner).complete([Message("user", "hi")])
    assert inner.calls[0][1] == {}


def test_reported_usage_model_and_finish_reason_become_the_completion() -> None:
    reply = AIMessage(
        content=LABEL,
        usage_metadata=_usage(30, 7),
        response_metadata={"model_name": "served-name", "finish_reason": "stop"},
    )
    completion = LangChainChatModel(ScriptedLangChainModel(reply=reply)).complete([Message("user", "x")])
    assert (completion.text, completion.model, completion.finish_reason) == (LABEL, "served-name", "stop")
    assert (completion.prompt_tokens, completion.completion_tokens) == (30, 7)


def test_missing_or_zero_usage_is_unknown_and_the_model_falls_back_to_its_name() -> None:
    reply = AIMessage(content=LABEL, usage_metadata=_usage(0, 0))
    adapter = LangChainChatModel(ScriptedLangChainModel(reply=reply))
    completion = adapter.complete([Message("user", "x")])
    assert (completion.prompt_tokens, completion.completion_tokens) == (None, None)
    assert completion.model == adapter.model_name == "scripted"
    # structured_call then estimates the counts and says so.
    assert structured_call(adapter, [Message("user", "x")], EmailLabel).tokens_estimated


def test_a_transport_error_becomes_a_provider_error_keeping_the_cause_for_retries() -> None:
    response = httpx2.Response(503, request=REQUEST)
    cause = openai.InternalServerError("HTTP 503", response=response, body=None)
    adapter = LangChainChatModel(ScriptedLangChainModel(error=cause))
    with pytest.raises(ModelError, match="EmailLabel: model call failed: HTTP 503") as caught:
        structured_call(adapter, [Message("user", "x")], EmailLabel)
    assert isinstance(caught.value.__cause__, ProviderError)
    assert (http_status(caught.value), failure_kind(caught.value)) == (503, "server_error")


def test_a_langchain_connection_error_becomes_a_provider_error() -> None:
    adapter = LangChainChatModel(ScriptedLangChainModel(error=ModelConnectionError("Connection error.")))
    with pytest.raises(ProviderError, match="Connection error"):
        adapter.complete([Message("user", "x")])


def test_copilot_model_errors_pass_through_untranslated() -> None:
    adapter = LangChainChatModel(ScriptedLangChainModel(error=ModelError("context window exceeded")))
    with pytest.raises(ModelError, match="context window exceeded") as caught:
        adapter.complete([Message("user", "x")])
    assert not isinstance(caught.value, ProviderError)


def test_langchain_messages_convert_to_ours_and_unknown_roles_are_named() -> None:
    assert from_langchain([SystemMessage("s"), HumanMessage("u"), AIMessage("a")]) == [
        Message("system", "s"),
        Message("user", "u"),
        Message("assistant", "a"),
    ]
    with pytest.raises(ModelError, match="unsupported message type 'tool'"):
        from_langchain([ToolMessage("42", tool_call_id="call-1")])


def test_as_langchain_unwraps_an_adapter_and_wraps_any_other_chat_model() -> None:
    inner = ScriptedLangChainModel()
    assert as_langchain(LangChainChatModel(inner)) is inner
    fake = FakeChatModel().queue("Dear Jane")
    wrapped = as_langchain(fake)
    assert isinstance(wrapped, ChatModelAsLangChain) and isinstance(fake, ChatModel)
    reply = wrapped.bind(max_tokens=20).invoke([HumanMessage("write to Jane")])
    assert reply.text == "Dear Jane"
    assert fake.last_prompt == [Message("user", "write to Jane")]
    assert fake.call_options[-1]["max_tokens"] == 20
