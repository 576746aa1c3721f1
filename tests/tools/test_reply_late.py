"""A reply to a message that has waited a week or more apologises for the wait, in the customer's language,
before it answers; a recent message gets no apology. The capable model's instructions say the same."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from copilot.retrieval.context import GroundedContext
from copilot.tools.draft_types import Audience
from copilot.tools.reply import Answer, ReplyTarget, reply_instructions
from copilot.tools.reply_letter import UNCITED, reply_lines

THURSDAY = date(2026, 12, 3)
QUESTION = "Can you tell me how often the sync runs?"


def _lines(language: str, sent_on: date | None) -> list[tuple[int, str]]:
    audience = Audience(1, "Greta Brandt", language, "neutral", "Bob")
    got = reply_lines(
        [Answer(QUESTION, None)], GroundedContext(1, "", [], 0), audience, THURSDAY, None, sent_on
    )
    return [(line.n, line.text) for line in got.lines]


@pytest.mark.parametrize(
    ("language", "apology"),
    [
        ("en", "I am sorry it has taken me so long to reply."),
        ("de", "Entschuldigen Sie bitte, dass meine Antwort so lange gedauert hat."),
        ("fr", "Veuillez m'excuser d'avoir tant tardé à vous répondre."),
    ],
)
def test_a_message_that_waited_three_weeks_gets_an_apology_first(language: str, apology: str) -> None:
    lines = _lines(language, THURSDAY - timedelta(days=21))
    assert lines[0] == (UNCITED, apology)  # our own sentence, resting on no record
    assert len(lines) == 2  # then the answer or deferral for the one question


@pytest.mark.parametrize("sent_on", [THURSDAY - timedelta(days=2), None])
def test_a_recent_or_undated_message_gets_none(sent_on: date | None) -> None:
    assert len(_lines("en", sent_on)) == 1


def _target(sent_on: date) -> ReplyTarget:
    return ReplyTarget(1, "Re: sync", None, (), "en", (QUESTION,), QUESTION, sent_on)


def test_the_model_is_told_to_apologise_only_for_a_slow_reply() -> None:
    late = reply_instructions(_target(THURSDAY - timedelta(days=10)), THURSDAY)
    assert late.startswith("The customer wrote 10 days ago: apologise briefly")
    assert "apologise" not in reply_instructions(_target(THURSDAY - timedelta(days=1)), THURSDAY)
