"""The whole-message frustration score reads a letter's body: salutation and closing block are layout.
Only unmistakable letter forms are cut, so wording that carries tone stays in the scored text."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from copilot.tone.frustration import FrustrationModel
from copilot.tone.letter import letter_body
from copilot.tone.sentences import split_sentences
from copilot.tools.flag_tone import message_frustration


def _body(text: str) -> str:
    start, end = letter_body(text, split_sentences(text))
    return text[start:end]


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Hi Sam,\n\nThe export failed again.\n\nBest, Ana", "The export failed again."),
        ("Hi team, the export failed again. Thanks, Anna", "the export failed again."),
        (
            "Dear Ms. Novak:\nthe export failed again.\n\n"
            "Thank you in advance,\nDr. Jane Roe\nHead of Ops\n+44 20 1234",
            "the export failed again.",
        ),
        (
            "Good morning,\nIt failed. It is still down.\nKind regards\nTom Baker",
            "It failed. It is still down.",
        ),
    ],
)
def test_salutation_and_closing_block_are_left_out(text: str, body: str) -> None:
    assert _body(text) == body


@pytest.mark.parametrize(
    "text",
    [
        "Hey you clowns, fix it!",  # an insult is not a salutation
        "This is ridiculous. Thanks for nothing.",  # sarcasm is not a closing
        "Thanks!",  # nothing would be left
        "Good morning",
        "The export failed. Thanks, but that did not help at all and we are still waiting for a fix today.",
    ],
)
def test_wording_that_is_not_pure_letter_form_stays(text: str) -> None:
    assert _body(text) == text


class _RecordingModel(FrustrationModel):
    """A fake that scores every text 0.1 and records what it is given."""

    threshold = 0.5

    def __init__(self) -> None:
        self.seen: list[str] = []

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.full(len(texts), 0.1)


def test_the_whole_message_window_is_the_body_and_every_sentence_is_still_scored() -> None:
    model = _RecordingModel()
    text = "Hi Sam,\n\nThe export failed again. We are fed up.\n\nBest regards,\nAna"
    (scores,) = message_frustration([text], model)
    assert model.seen[0] == "The export failed again. We are fed up."
    assert model.seen[1:] == ["Hi Sam,", "The export failed again.", "We are fed up.", "Best regards,", "Ana"]
    assert len(scores.per_sentence) == 5


@pytest.mark.parametrize(
    "text",
    [
        "Hi " + "Team " * 40 + "x",  # many addressees that two alternatives could each match, then a failure
        "Thanks" + " ." * 20_000 + "x",  # a closing, then punctuation that cannot end it
        "Best " + "Ana" * 10_000 + "?",
    ],
)
def test_pathological_letters_are_cut_in_one_pass(text: str) -> None:
    # Catastrophic backtracking would take minutes or more here; a linear pattern answers at once.
    # The assertion is on the result; the time bound is pytest-timeout's, not a measurement.
    assert _body(text) == text
