"""The real embedded GGUF model through LangChain's seam (loaded once per session)."""

from __future__ import annotations

import typing

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.errors import ModelError
from copilot.llm.embedded import EmbeddedChatModel
from copilot.llm.factory import structured_call
from copilot.llm.langchain_adapter import LangChainChatModel
from copilot.llm.model import Message
from copilot.llm.tokens import count_tokens
from tests.llm.conftest import TEST_CONTEXT, TEST_MAX_TOKENS
from tests.llm.schemas import EmailLabel, Sentiment, SentimentOnly

pytestmark = pytest.mark.model


def test_structured_call_returns_a_valid_object(
    embedded_model: EmbeddedChatModel, label_messages: list[Message]
) -> None:
    model = LangChainChatModel(embedded_model)
    result = structured_call(model, label_messages, EmailLabel, max_tokens=TEST_MAX_TOKENS)
    assert isinstance(result.parsed, EmailLabel)
    assert isinstance(result.parsed.subject, str)
    assert result.parsed.sentiment in typing.get_args(Sentiment)
    assert EmailLabel.model_validate_json(result.raw) == result.parsed
    assert result.prompt_tokens > 0
    assert 0 < result.completion_tokens <= TEST_MAX_TOKENS
    assert result.latency_s > 0
    assert result.model == "smollm2-135m-instruct"
    assert not result.tokens_estimated


def test_invoke_reports_usage_and_generation_time(embedded_model: EmbeddedChatModel) -> None:
    reply = embedded_model.invoke([HumanMessage("Name one colour.")], max_tokens=8)
    assert isinstance(reply, AIMessage)
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["input_tokens"] > 0
    assert 0 < reply.usage_metadata["output_tokens"] <= 8
    assert reply.response_metadata["generation_time_s"] > 0
    assert reply.response_metadata["tokens_per_second"] > 0


def test_generate_exposes_token_usage_in_llm_output(embedded_model: EmbeddedChatModel) -> None:
    result = embedded_model.generate([[HumanMessage("Say hi.")], [HumanMessage("Say bye.")]], max_tokens=6)
    assert result.llm_output is not None
    usage = result.llm_output["token_usage"]
    assert usage["prompt_tokens"] > 0
    assert 0 < usage["completion_tokens"] <= 12
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert result.llm_output["generation_time_s"] > 0


def test_with_structured_output_decodes_under_the_schema(embedded_model: EmbeddedChatModel) -> None:
    # The prompt never mentions JSON, so only the grammar can make the output parse.
    structured = embedded_model.with_structured_output(SentimentOnly)
    parsed = structured.invoke([HumanMessage("Tell me about your weekend.")], max_tokens=TEST_MAX_TOKENS)
    assert isinstance(parsed, SentimentOnly)
    assert parsed.sentiment in typing.get_args(Sentiment)


def test_with_structured_output_accepts_a_json_schema_dict(embedded_model: EmbeddedChatModel) -> None:
    structured = embedded_model.with_structured_output(SentimentOnly.model_json_schema())
    parsed = structured.invoke([HumanMessage("Describe the sea.")], max_tokens=TEST_MAX_TOKENS)
    assert isinstance(parsed, dict)
    assert parsed["sentiment"] in typing.get_args(Sentiment)


def test_prompt_longer_than_the_context_is_a_model_error(embedded_model: EmbeddedChatModel) -> None:
    text = "renewal pricing discussion " * TEST_CONTEXT
    assert count_tokens(text) > TEST_CONTEXT
    with pytest.raises(ModelError, match="exceed context window"):
        embedded_model.invoke([HumanMessage(text)])


def test_unsupported_message_type_is_a_model_error(embedded_model: EmbeddedChatModel) -> None:
    with pytest.raises(ModelError, match="unsupported message type 'tool'"):
        embedded_model.invoke([ToolMessage("42", tool_call_id="call-1")])


def test_unknown_option_is_rejected(embedded_model: EmbeddedChatModel) -> None:
    with pytest.raises(TypeError, match="frequency_nonsense"):
        embedded_model.invoke("hi", frequency_nonsense=1)
