"""The same structured call against a real llama.cpp OpenAI-compatible server on loopback."""

from __future__ import annotations

import typing

import pytest
from langchain_core.messages import HumanMessage

from copilot.config import Settings
from copilot.llm.factory import build_chat_model, structured_call
from copilot.llm.langchain_adapter import LangChainChatModel, schema_response_format
from copilot.llm.model import Message
from tests.llm.conftest import TEST_MAX_TOKENS
from tests.llm.schemas import EmailLabel, Sentiment, SentimentOnly

pytestmark = [pytest.mark.model, pytest.mark.server]


@pytest.fixture(scope="module")
def remote_model(llama_server_settings: Settings) -> LangChainChatModel:
    """The chat model the factory builds for the server settings."""
    model = build_chat_model(llama_server_settings)
    assert isinstance(model, LangChainChatModel)
    return model


def test_structured_call_over_http_returns_a_valid_object(
    remote_model: LangChainChatModel, label_messages: list[Message], llama_server_settings: Settings
) -> None:
    result = structured_call(remote_model, label_messages, EmailLabel)
    assert isinstance(result.parsed, EmailLabel)
    assert isinstance(result.parsed.subject, str)
    assert result.parsed.sentiment in typing.get_args(Sentiment)
    assert EmailLabel.model_validate_json(result.raw) == result.parsed
    assert result.prompt_tokens > 0
    assert 0 < result.completion_tokens <= TEST_MAX_TOKENS
    assert not result.tokens_estimated
    assert result.latency_s > 0
    assert result.model == llama_server_settings.llm_model


def test_server_applies_the_schema_grammar(remote_model: LangChainChatModel) -> None:
    # The prompt never mentions JSON, so only the server-side grammar can make this parse.
    reply = remote_model.langchain.invoke(
        [HumanMessage("Tell me about your weekend.")],
        response_format=schema_response_format(SentimentOnly),
        max_tokens=TEST_MAX_TOKENS,
    )
    parsed = SentimentOnly.model_validate_json(reply.text)
    assert parsed.sentiment in typing.get_args(Sentiment)
