"""Politeness-strategy counts: each named cue is counted where the paper's strategy says it is."""

from __future__ import annotations

import numpy as np

from copilot.tone.strategies import (
    FEATURE_NAMES,
    NAMES,
    feature_matrix,
    strategy_counts,
    strategy_matrix,
    text_features,
)


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


def test_please_inside_a_sentence_is_its_own_cue() -> None:
    assert _cues("Could you please fix this?")["please_inside"] == 1
    assert "please_inside" not in _cues("Please fix this.")


def test_accusing_why_and_softeners_are_told_apart() -> None:
    rude = _cues("Why did you delete my section? Stop doing that.")
    assert rude["why_did_you"] == 1 and rude["stop_start"] == 1
    assert "softener" not in rude
    soft = _cues("Would you mind taking a look? Let me know what you think.")
    assert soft["softener"] == 2 and "why_did_you" not in soft


def _features(text: str) -> dict[str, float]:
    return dict(zip(FEATURE_NAMES, text_features(text), strict=True))


def test_text_features_count_the_first_and_last_sentence_again() -> None:
    features = _features("Why did you revert my edit? I spent hours on it. Thanks for looking.")
    assert features["sentences"] == 3
    assert features["why_did_you"] == 1 and features["gratitude"] == 1
    assert features["first:why_did_you"] == 1 and features["first:gratitude"] == 0
    assert features["last:gratitude"] == 1 and features["last:why_did_you"] == 0
    assert features["log_words"] == np.log1p(14)


def test_a_text_without_a_sentence_is_its_own_first_and_last() -> None:
    features = _features("???")
    assert features["question_mark"] == features["first:question_mark"] == features["last:question_mark"] == 3
    assert feature_matrix(["Hi.", "Thanks!"]).shape == (2, len(FEATURE_NAMES))
    assert feature_matrix([]).shape == (0, len(FEATURE_NAMES))


def test_a_one_sentence_text_has_the_same_counts_whole_first_and_last() -> None:
    block = len(NAMES)
    for text in ("  Could you please send it?\n", "Why did you stop?!"):
        features = text_features(text)
        whole, first, last = features[:block], features[block + 2 : 2 * block + 2], features[2 * block + 2 :]
        assert np.array_equal(whole, strategy_counts(text.strip()))
        assert np.array_equal(first, whole) and np.array_equal(last, whole)


def test_two_sentences_are_counted_each_on_their_own() -> None:
    block = len(NAMES)
    features = text_features("Thanks a lot. Why did you stop?")
    assert np.array_equal(features[block + 2 : 2 * block + 2], strategy_counts("Thanks a lot."))
    assert np.array_equal(features[2 * block + 2 :], strategy_counts("Why did you stop?"))
