"""The scripted fake chat model behaves like a real BaseChatModel."""

from __future__ import annotations

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from copilot.errors import ModelError
from copilot.llm.fakes import FakeChatModel
from copilot.llm.tokens import count_tokens


def test_is_a_real_chat_model_that_replies_in_order_and_records_prompts() -> None:
    fake = FakeChatModel().queue("first", "second")
    assert isinstance(fake, BaseChatModel)
    one = fake.invoke([HumanMessage("hi")])
    two = fake.invoke("plain string prompt", temperature=0.0)
    assert isinstance(one, AIMessage)
    assert (one.text, two.text) == ("first", "second")
    assert [m.text for m in fake.history[0]] == ["hi"]
    assert fake.last_prompt[0].text == "plain string prompt"
    assert fake.call_options[1]["temperature"] == 0.0


def test_reports_usage_from_the_token_counter() -> None:
    fake = FakeChatModel(replies=["a reply of a few tokens"])
    reply = fake.invoke([SystemMessage("be brief"), HumanMessage("say something")])
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["input_tokens"] == count_tokens("be brief") + count_tokens("say something")
    assert reply.usage_metadata["output_tokens"] == count_tokens("a reply of a few tokens")


def test_empty_queue_raises_model_error() -> None:
    fake = FakeChatModel()
    with pytest.raises(ModelError, match="no scripted reply"):
        fake.invoke("anything")


def test_queued_exception_is_raised() -> None:
    fake = FakeChatModel().queue(ModelError("server down"), "recovered")
    with pytest.raises(ModelError, match="server down"):
        fake.invoke("first")
    assert fake.invoke("second").text == "recovered"


def test_stop_sequences_and_token_limit_shape_the_reply() -> None:
    fake = FakeChatModel().queue("keep this STOP drop this", "word " * 40)
    assert fake.invoke("x", stop=["STOP"]).text == "keep this "
    cut = fake.invoke("y", max_tokens=5)
    assert count_tokens(cut.text) == 5
    assert cut.response_metadata["finish_reason"] == "length"
