"""A reply to a message that has waited a week or more apologises for the wait, in the customer's language,
before it answers; a recent message gets no apology, nor one we already answered (the draft follows up:
an email, call or meeting of ours came after it). The capable model's instructions say the same."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from connectors.base import InteractionKind
from copilot.container import Services
from copilot.retrieval.context import GroundedContext
from copilot.tools.draft_types import Audience
from copilot.tools.reply import Answer, ReplyTarget, load_reply, reply_instructions
from copilot.tools.reply_letter import UNCITED, reply_lines
from tests.support.records import Note, seed_account

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


def test_a_message_we_already_answered_gets_no_apology_in_a_follow_up() -> None:
    answered = ReplyTarget(
        1, "Re: sync", None, (), "en", (QUESTION,), QUESTION, THURSDAY - timedelta(days=40), True
    )
    assert answered.waiting_since() is None
    assert "apologise" not in reply_instructions(answered, THURSDAY)


SENT = datetime(2026, 9, 15, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("later", "answered"),
    [
        ([Note("Thanks, the quote follows.", SENT + timedelta(hours=3), direction="outbound")], True),
        ([Note("Call notes: renewal.", SENT + timedelta(days=2), kind=InteractionKind.CALL)], True),
        ([Note("Any news on the quote?", SENT + timedelta(days=3))], False),
        ([Note("Our quote, as asked.", SENT - timedelta(days=3), direction="outbound")], False),
    ],
)
def test_load_reply_reads_whether_we_answered_the_message(
    services: Services, later: list[Note], answered: bool
) -> None:
    account, _, ids = seed_account(
        services,
        "C-LATE",
        "Harbour Print",
        [Note("Could you send an updated quote?", SENT), *later],
        contact=("Greta Brandt", "greta@harbour.example"),
    )
    # Another account's reply to its own customer on the same day answers nothing here.
    seed_account(
        services,
        "C-OTHER",
        "Kestrel Mills",
        [Note("Hello.", SENT + timedelta(hours=1), direction="outbound")],
    )
    with services.sessions() as session:
        target = load_reply(session, account_id=account, interaction_id=ids[0])
    assert target.answered is answered
    assert target.waiting_since() == (None if answered else SENT.date())
