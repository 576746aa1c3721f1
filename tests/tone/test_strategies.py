"""Politeness-strategy counts: each named cue is counted where the paper's strategy says it is."""

from __future__ import annotations

import numpy as np

from copilot.tone.strategies import NAMES, strategy_counts, strategy_matrix


def _cues(text: str) -> dict[str, float]:
    return {name: value for name, value in zip(NAMES, strategy_counts(text), strict=True) if value}


def test_polite_request_shows_gratitude_hedge_and_indirect_modal() -> None:
    cues = _cues("Thanks for the fix! Could you perhaps also check the footnotes?")
    assert cues["gratitude"] == 1 and cues["hedge"] == 1 and cues["counterfactual_modal"] == 1
    assert "direct_question" not in cues and "second_person_start" not in cues


def test_sentence_start_cues_see_every_sentence() -> None:
    cues = _cues("I reverted it. Why did you remove the section? You need to stop.")
    assert cues["first_person_start"] == 1
    assert cues["direct_question"] == 1
    assert cues["second_person_start"] == 1
    assert cues["you_must"] == 1


def test_please_at_the_start_differs_from_please_inside() -> None:
    assert _cues("Please fix this.")["please_start"] == 1
    assert "please_start" not in _cues("Would you please fix this?")


def test_counts_are_capped_and_matrix_has_one_row_per_text() -> None:
    assert _cues("thanks thanks thanks thanks thanks")["gratitude"] == 3
    matrix = strategy_matrix(["Hi!", "Sorry, by the way."])
    assert matrix.shape == (2, len(NAMES))
    assert strategy_matrix([]).shape == (0, len(NAMES))
    assert np.all(matrix >= 0)
