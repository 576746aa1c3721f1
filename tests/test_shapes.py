"""Stored shapes give back exactly the JSON stored: the same keys, in the same order, with the same values."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from copilot.draft_content import CallContent, Citation, Flag, Timings
from copilot.shapes import Shape

# Written by different writers: key order differs, some declared keys are absent, some keys are extra.
FLAGS: list[dict[str, Any]] = [
    {"type": "injection", "span": None, "record": 2, "record_span": [4, 9], "detail": "a record instructs"},
    {"detail": "put first by an older writer", "type": "tone", "span": [0, 5]},
    {"type": "commitment", "span": [3, 8], "detail": "check the day", "owner_hint": {"who": "us"}},
]
CALL: dict[str, Any] = {
    "interaction_id": 7,
    "summary": {"text": "They agreed.", "utterances": [2], "writer": "model"},
    "speakers": {"speakers": [{"speaker": "Ann", "side": "customer", "reason": "contact"}], "unknown": []},
    "action_items": [{"text": "Send the quote", "utterances": [3], "owner": "Bo", "due_date": None}],
    "decisions": [],
    "customer_sentiment": {"label": "calm", "negative_score": 0.1, "tone_labels": [], "utterances": []},
    "risks": [{"text": "may leave", "utterances": [4], "kind": "churn_threat"}],
    "utterances": [{"n": 1, "speaker": "Ann", "side": "customer", "text": "Hi"}],
}


def _bytes(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def test_flags_come_back_byte_for_byte() -> None:
    shaped = [Flag.model_validate(flag).model_dump(mode="json") for flag in FLAGS]
    assert _bytes(shaped) == _bytes(FLAGS)


def test_nested_stored_content_comes_back_byte_for_byte() -> None:
    assert _bytes(CallContent.model_validate(CALL).model_dump(mode="json")) == _bytes(CALL)
    assert CallContent.model_validate({}).model_dump(mode="json") == {}  # an email's empty content


def test_a_shape_built_in_code_leaves_out_declared_keys_it_was_not_given() -> None:
    timings = Timings(latency_s=1.25, draft_mode="compact")
    assert timings.model_dump(mode="json") == {"latency_s": 1.25, "draft_mode": "compact"}


def test_a_stored_shape_still_checks_what_it_declares() -> None:
    with pytest.raises(ValidationError, match="n"):
        Citation.model_validate({"interaction_id": 3, "excerpt": "no number"})
    with pytest.raises(ValidationError, match="span"):
        Flag.model_validate({"type": "tone", "span": "the first words"})


def test_a_shape_refuses_a_field_it_does_not_declare() -> None:
    class Answer(Shape):
        id: int

    with pytest.raises(ValidationError, match="extra"):
        Answer.model_validate({"id": 1, "api_key_hash": "x"})


def test_an_api_answer_keeps_the_stored_order_through_fastapi() -> None:
    app = FastAPI()

    @app.get("/flags")
    def flags() -> list[Flag]:
        return [Flag.model_validate(flag) for flag in FLAGS]

    assert TestClient(app).get("/flags").content == json.dumps(FLAGS, separators=(",", ":")).encode()
