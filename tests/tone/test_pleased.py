"""The pleased head (copilot/tone/pleased.py) on the product's real sentence model: warm customer
sentences read pleased, routine courtesy and complaints do not; a call of praise reads positive where
the word list it replaced read it neutral ("The team loves it", "She was thrilled")."""

from __future__ import annotations

import pytest

from copilot.config import load_settings
from copilot.container import Services
from copilot.index.embedder import Embedder
from copilot.tone.pleased import MIN_PLEASED, pleased, pleased_sentences
from copilot.tools.sentiment import assess


@pytest.fixture(scope="module")
def sentence_model() -> Embedder:
    return Services(load_settings()).sentence_model


def test_warm_sentences_read_pleased_and_courtesy_or_complaints_do_not(sentence_model: Embedder) -> None:
    warm = ["Your support team has been fantastic.", "We're really happy with how the rollout went."]
    cold = [
        "Please find the invoice attached.",
        "The export has failed every night since Monday and nobody answered my tickets.",
    ]
    assert pleased(warm + cold, sentence_model) == [True, True, False, False]


@pytest.mark.xfail(
    strict=True,
    reason="the head reads routine thanks as pleased (GoEmotions' gratitude); held-out precision 0.533 "
    "(evals/pleased/REPORT.md), so a call or month needs MIN_PLEASED warm sentences",
)
def test_routine_thanks_is_courtesy_not_pleasure(sentence_model: Embedder) -> None:
    assert pleased(["Thanks for your email."], sentence_model) == [False]


def test_a_call_of_praise_reads_positive(sentence_model: Embedder) -> None:
    turns = [
        "Honestly, really well. The team loves it.",
        "The payroll dashboard saved Holly about a day last week. She was thrilled.",
        "Your support team has been fantastic, by the way.",
    ]
    assert sum(pleased_sentences(turns, sentence_model)) >= MIN_PLEASED
    assert assess(turns, sentence_model).label == "positive"
