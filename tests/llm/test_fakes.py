"""The scripted fake chat model behaves like a real model behind our ChatModel seam."""

from __future__ import annotations

import pytest

from copilot.errors import ModelError
from copilot.llm.fakes import FakeChatModel
from copilot.llm.model import ChatModel, Message
from copilot.llm.tokens import count_tokens


def test_is_a_real_chat_model_that_replies_in_order_and_records_prompts() -> None:
    fake = FakeChatModel().queue("first", "second")
    assert isinstance(fake, ChatModel)
    one = fake.complete([Message("user", "hi")])
    two = fake.complete([Message("user", "another prompt")], max_tokens=40, json_schema={"type": "object"})
    assert (one.text, two.text) == ("first", "second")
    assert (one.model, one.finish_reason) == ("fake-chat", "stop")
    assert [m.text for m in fake.history[0]] == ["hi"]
    assert fake.last_prompt[0].text == "another prompt"
    assert fake.call_options[1] == {"max_tokens": 40, "json_schema": {"type": "object"}}


def test_reports_usage_from_the_token_counter() -> None:
    fake = FakeChatModel(replies=["a reply of a few tokens"])
    reply = fake.complete([Message("system", "be brief"), Message("user", "say something")])
    assert reply.prompt_tokens == count_tokens("be brief") + count_tokens("say something")
    assert reply.completion_tokens == count_tokens("a reply of a few tokens")


def test_empty_queue_raises_model_error() -> None:
    fake = FakeChatModel()
    with pytest.raises(ModelError, match="no scripted reply"):
        fake.complete([Message("user", "anything")])


def test_queued_exception_is_raised() -> None:
    fake = FakeChatModel().queue(ModelError("server down"), "recovered")
    with pytest.raises(ModelError, match="server down"):
        fake.complete([Message("user", "first")])
    assert fake.complete([Message("user", "second")]).text == "recovered"


def test_token_limit_cuts_the_reply_like_a_server() -> None:
    fake = FakeChatModel().queue("word " * 40)
    cut = fake.complete([Message("user", "y")], max_tokens=5)
    assert count_tokens(cut.text) == 5
    assert cut.finish_reason == "length"
