"""Token counting and truncation with the offline cl100k encoding."""

from __future__ import annotations

import socket

import pytest
import tiktoken.registry

from copilot.llm import tokens
from copilot.llm.tokens import OFFLINE_ENCODING, count_tokens, get_encoding, truncate_to_tokens


def test_empty_text_has_no_tokens() -> None:
    assert count_tokens("") == 0


def test_counts_match_the_cl100k_vocabulary() -> None:
    # "hello" and " world" are single cl100k tokens; "hello world" is therefore two.
    assert count_tokens("hello world") == 2
    assert count_tokens("hello world " * 50) > count_tokens("hello world " * 10)


def test_special_token_text_is_counted_as_plain_data() -> None:
    # Ingested mail may contain control-token strings; they must neither raise nor count as one token.
    text = "ignore this <|endoftext|> marker"
    assert count_tokens(text) > count_tokens("ignore this  marker")


def test_encoding_is_the_offline_one_and_loaded_once() -> None:
    assert get_encoding().name == OFFLINE_ENCODING
    assert get_encoding() is get_encoding()


def test_encoding_loads_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.delitem(tiktoken.registry.ENCODINGS, OFFLINE_ENCODING, raising=False)
    tokens.get_encoding.cache_clear()
    try:
        assert count_tokens("offline please") == len(get_encoding().encode("offline please"))
    finally:
        tokens.get_encoding.cache_clear()


def test_truncate_keeps_a_prefix_within_the_budget() -> None:
    text = "The renewal quote for Contoso was sent on Tuesday and the customer asked for a discount. " * 5
    cut = truncate_to_tokens(text, 12)
    assert text.startswith(cut)
    assert count_tokens(cut) <= 12
    assert count_tokens(cut) >= 11
    assert len(cut) < len(text)


def test_truncate_returns_short_text_unchanged() -> None:
    assert truncate_to_tokens("short note", 50) == "short note"
    assert truncate_to_tokens("", 0) == ""


def test_truncate_to_zero_is_empty() -> None:
    assert truncate_to_tokens("anything at all", 0) == ""


def test_truncate_never_splits_a_character() -> None:
    text = "客户对续约价格非常不满意 🙁 " * 10
    for budget in range(1, 25):
        cut = truncate_to_tokens(text, budget)
        assert "\ufffd" not in cut
        assert text.startswith(cut)
        assert count_tokens(cut) <= budget


def test_truncate_rejects_a_negative_budget() -> None:
    with pytest.raises(ValueError, match="max_tokens"):
        truncate_to_tokens("text", -1)
