"""Precision, recall and F1 for multi-label decisions (used by training and the evals)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class LabelScores:
    """Counts-derived scores for one label."""

    precision: float
    recall: float
    f1: float
    support: int


def _ratio(num: float, den: float) -> float:
    # An empty denominator means nothing was predicted (or nothing exists): score it 0, as sklearn does.
    return num / den if den else 0.0


def scores_from_counts(tp: int, fp: int, fn: int) -> LabelScores:
    """P/R/F1 from true-positive, false-positive and false-negative counts."""
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return LabelScores(precision, recall, _ratio(2 * precision * recall, precision + recall), tp + fn)


def f1_at(predicted: BoolArray, actual: BoolArray) -> float:
    """F1 of one label's boolean predictions against the truth."""
    tp = int(np.sum(predicted & actual))
    return scores_from_counts(tp, int(np.sum(predicted & ~actual)), int(np.sum(~predicted & actual))).f1


def score_labels(
    predicted: BoolArray, targets: npt.NDArray[np.float64], labels: list[str]
) -> dict[str, LabelScores]:
    """Per-label scores for an (n, labels) decision matrix against 0/1 targets."""
    actual = targets > 0.5
    result = {}
    for j, label in enumerate(labels):
        p, a = predicted[:, j], actual[:, j]
        result[label] = scores_from_counts(int(np.sum(p & a)), int(np.sum(p & ~a)), int(np.sum(~p & a)))
    return result


def macro_f1(scores: dict[str, LabelScores]) -> float:
    """Unweighted mean F1 over labels."""
    return float(np.mean([s.f1 for s in scores.values()])) if scores else 0.0


def calibration_error(probabilities: npt.NDArray[np.float64], actual: BoolArray, bins: int = 10) -> float:
    """Expected calibration error: the count-weighted gap between mean probability and hit rate per
    equal-width probability bin."""
    which = np.minimum((probabilities * bins).astype(int), bins - 1)
    gap = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            gap += inside.sum() * abs(float(probabilities[inside].mean()) - float(actual[inside].mean()))
    return gap / len(probabilities)
