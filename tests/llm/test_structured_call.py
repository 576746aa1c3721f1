"""structured_call: schema constraint sent, output validated, errors named (logic tests on the fake)."""

from __future__ import annotations

import json

import pytest

from copilot.errors import ModelError
from copilot.llm.factory import compact_schema, structured_call, with_schema_instruction
from copilot.llm.fakes import FakeChatModel
from copilot.llm.model import Message, ProviderError
from tests.llm.schemas import EmailLabel


def test_valid_reply_is_parsed_with_usage_and_timing(label_messages: list[Message]) -> None:
    fake = FakeChatModel().queue('{"subject": "Renewal pricing", "sentiment": "negative"}')
    result = structured_call(fake, label_messages, EmailLabel, max_tokens=64)
    assert result.parsed == EmailLabel(subject="Renewal pricing", sentiment="negative")
    assert json.loads(result.raw)["subject"] == "Renewal pricing"
    assert result.prompt_tokens > 0
    assert result.completion_tokens > 0
    assert result.latency_s >= 0
    assert result.model == "fake-chat"
    assert not result.tokens_estimated


def test_schema_is_sent_as_response_format_and_in_the_system_prompt(
    label_messages: list[Message],
) -> None:
    fake = FakeChatModel().queue('{"subject": "x", "sentiment": "neutral"}')
    structured_call(fake, label_messages, EmailLabel, max_tokens=32)
    options = fake.call_options[0]
    # The grammar gets the same prose-free schema as the prompt: no docstring for a small model to copy.
    assert options["json_schema"] == compact_schema(EmailLabel)
    assert options["max_tokens"] == 32
    prompt = fake.last_prompt
    # The caller's system message is kept and the instruction merged into it: one system message.
    assert [m.role for m in prompt] == ["system", "user"]
    assert prompt[0].text.startswith("You label customer emails")
    assert json.dumps(compact_schema(EmailLabel), separators=(",", ":")) in prompt[0].text


def test_instruction_becomes_the_system_message_when_there_is_none() -> None:
    prompt = with_schema_instruction([Message("user", "hello")], EmailLabel)
    assert prompt[0].role == "system"
    assert "JSON" in prompt[0].text
    assert prompt[1].text == "hello"


def test_compact_schema_drops_titles_but_keeps_a_property_named_title() -> None:
    from pydantic import BaseModel

    class Note(BaseModel):
        title: str
        body: str

    schema = compact_schema(Note)
    assert "title" not in schema
    assert set(schema["properties"]) == {"title", "body"}
    assert "title" not in schema["properties"]["body"]


def test_compact_schema_drops_docstrings_and_field_descriptions() -> None:
    from pydantic import BaseModel, Field

    class Reply(BaseModel):
        """The only free text the model writes."""

        description: str = Field(description="Never shown to the model either.")

    schema = compact_schema(Reply)
    assert "description" not in schema and set(schema["properties"]) == {"description"}
    assert "free text" not in json.dumps(schema) and "Never shown" not in json.dumps(schema)


def test_not_json_raises_model_error_naming_the_schema(label_messages: list[Message]) -> None:
    fake = FakeChatModel().queue("Sure! The sentiment is negative.")
    with pytest.raises(ModelError, match=r"EmailLabel: model output does not fit the schema.*JSON"):
        structured_call(fake, label_messages, EmailLabel)


def test_wrong_field_value_names_the_field(label_messages: list[Message]) -> None:
    fake = FakeChatModel().queue('{"subject": "Pricing", "sentiment": "furious"}')
    with pytest.raises(ModelError, match=r"EmailLabel:.*sentiment"):
        structured_call(fake, label_messages, EmailLabel)


def test_missing_field_names_the_field(label_messages: list[Message]) -> None:
    fake = FakeChatModel().queue('{"sentiment": "positive"}')
    with pytest.raises(ModelError, match=r"subject: Field required"):
        structured_call(fake, label_messages, EmailLabel)


def test_cut_off_output_says_so(label_messages: list[Message]) -> None:
    fake = FakeChatModel().queue('{"subject": "' + "very long subject " * 30 + '", "sentiment": "neutral"}')
    with pytest.raises(ModelError, match="cut off at the token limit"):
        structured_call(fake, label_messages, EmailLabel, max_tokens=10)


def test_provider_errors_become_model_errors_naming_the_schema(label_messages: list[Message]) -> None:
    # What an adapter raises when the endpoint cannot be reached (tests/llm/test_langchain_adapter.py).
    fake = FakeChatModel().queue(ProviderError("Connection error."))
    with pytest.raises(ModelError, match="EmailLabel: model call failed: Connection error"):
        structured_call(fake, label_messages, EmailLabel)


def test_copilot_model_errors_pass_through(label_messages: list[Message]) -> None:
    fake = FakeChatModel().queue(ModelError("context window exceeded"))
    with pytest.raises(ModelError, match="context window exceeded"):
        structured_call(fake, label_messages, EmailLabel)
