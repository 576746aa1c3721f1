"""Learned fusion: fitting finds the signal that marks the stating chunk; weights round-trip as JSON."""

from __future__ import annotations

import numpy as np

from copilot.retrieval.features import FEATURES, KINDS, Signals
from copilot.retrieval.fusion import FusionWeights, TrainingList, default_weights, fit_fusion
from copilot.retrieval.questions import QUESTION_TYPES


def _lists(seed: int, count: int = 40) -> list[TrainingList]:
    """Questions over 20 chunks each: only `dense_sentence` tells the stating chunk; the rest is noise."""
    rng = np.random.default_rng(seed)
    lists = []
    for _ in range(count):
        matrix = rng.uniform(0, 1, size=(20, len(FEATURES)))
        relevant = np.zeros(20, dtype=bool)
        relevant[rng.integers(20)] = True
        matrix[relevant, FEATURES.index("dense_sentence")] += 1.0
        kinds = rng.integers(0, len(KINDS), size=20)
        lists.append(TrainingList(Signals(matrix, kinds), "price", relevant))
    return lists


def _top1(weights: FusionWeights, lists: list[TrainingList]) -> float:
    return float(np.mean([t.relevant[np.argmax(weights.score(t.signals, t.question_kind))] for t in lists]))


def test_fitting_weights_the_informative_signal_and_generalises() -> None:
    weights = fit_fusion(_lists(1), steps=300)
    informative = weights.weights[FEATURES.index("dense_sentence")]
    assert informative > 3 * np.abs(np.delete(weights.weights, FEATURES.index("dense_sentence"))).max()
    assert _top1(weights, _lists(2)) >= 0.9  # fresh questions, not the ones it was fitted on


def test_masked_features_stay_zero() -> None:
    weights = fit_fusion(_lists(1), mask=["dense_chunk", "keyword_chunk"], steps=50)
    kept = {FEATURES.index("dense_chunk"), FEATURES.index("keyword_chunk")}
    assert all(w == 0 for n, w in enumerate(weights.weights) if n not in kept)


def test_weights_round_trip_through_json_and_unknown_names_weigh_nothing() -> None:
    weights = fit_fusion(_lists(3), steps=50)
    again = FusionWeights.from_json(weights.as_json())
    assert np.allclose(again.weights, weights.weights) and np.allclose(again.kind_prior, weights.kind_prior)
    partial = FusionWeights.from_json({"features": {"dense_chunk": 2.0, "retired_signal": 9.0}})
    assert partial.weights.tolist() == [2.0] + [0.0] * (len(FEATURES) - 1)
    assert partial.kind_prior.shape == (len(QUESTION_TYPES), len(KINDS))


def test_committed_weights_say_what_they_were_fitted_on() -> None:
    weights = default_weights()
    assert "train accounts" in weights.provenance["on"]
    assert weights.weights[FEATURES.index("dense_field_sentence")] > 0
