"""Fitting the sentence classifier's optional hidden layer and its per-class decision offsets.

Used only by `scripts/train_sentence_classes.py`; the product loads the fitted arrays.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt

from copilot.tools.sentence_classes import HiddenLayer, softmax

Matrix = npt.NDArray[np.float64]
OFFSET_GRID = np.linspace(-1.5, 1.5, 13)


def class_weights(targets: npt.NDArray[np.int64], classes: int) -> Matrix:
    """Per-row weights inverse to the class frequency, so rare risks count as much as common "other"."""
    counts = np.bincount(targets, minlength=classes).astype(np.float64)
    return np.asarray((len(targets) / (classes * np.maximum(counts, 1.0)))[targets][:, None])


def fit_mlp(
    features: Matrix,
    targets: npt.NDArray[np.int64],
    classes: int,
    *,
    hidden: int,
    l2: float,
    epochs: int = 250,
    seed: int = 15,
) -> tuple[HiddenLayer, Matrix, Matrix]:
    """One ReLU hidden layer and a softmax, full-batch Adam with class weights; returns (layer, W, b)."""
    rng = np.random.default_rng(seed)
    n, dim = features.shape
    onehot, weight = np.eye(classes)[targets], class_weights(targets, classes)
    params = [
        rng.normal(0.0, np.sqrt(2.0 / dim), (dim, hidden)),
        np.zeros(hidden),
        rng.normal(0.0, np.sqrt(1.0 / hidden), (hidden, classes)),
        np.zeros(classes),
    ]
    moments = [np.zeros_like(p) for p in params]
    squares = [np.zeros_like(p) for p in params]
    for step in range(1, epochs + 1):
        pre = features @ params[0] + params[1]
        act = np.maximum(pre, 0.0)
        error = (softmax(act @ params[2] + params[3]) - onehot) * weight / n
        back = (error @ params[2].T) * (pre > 0)
        grads = [
            features.T @ back + l2 * params[0],
            back.sum(axis=0),
            act.T @ error + l2 * params[2],
            error.sum(axis=0),
        ]
        for p, g, m, v in zip(params, grads, moments, squares, strict=True):
            m *= 0.9
            m += 0.1 * g
            v *= 0.999
            v += 0.001 * g * g
            p -= 0.01 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return HiddenLayer(params[0], params[1]), params[2], params[3]


def fit_mlp_ensemble(
    features: Matrix,
    targets: npt.NDArray[np.int64],
    classes: int,
    *,
    hidden: int,
    l2: float,
    seeds: int,
) -> tuple[HiddenLayer, Matrix, Matrix]:
    """`seeds` ReLU networks from different initialisations, merged into one wider layer.

    Averaging the members' logits is exactly one network whose hidden layer stacks theirs and whose
    output weights are theirs divided by the member count, so the product runs the ensemble with the
    same arithmetic (and file format) as a single network; averaging damps the seed-to-seed variance
    a small training set leaves in one network.
    """
    members = [fit_mlp(features, targets, classes, hidden=hidden, l2=l2, seed=15 + k) for k in range(seeds)]
    layer = HiddenLayer(
        np.hstack([m[0].weights for m in members]), np.concatenate([m[0].bias for m in members])
    )
    weights = np.vstack([m[1] for m in members]) / seeds
    bias = np.mean([m[2] for m in members], axis=0)
    return layer, weights, bias


def worst_score(predicted: npt.NDArray[np.int64], truth: npt.NDArray[np.int64], classes: int) -> float:
    """The lowest precision or recall over all classes (the issue asks for every one to clear a bar)."""
    worst = 1.0
    for j in range(classes):
        hits = float(((predicted == j) & (truth == j)).sum())
        worst = min(worst, hits / max(float((predicted == j).sum()), 1.0))
        worst = min(worst, hits / max(float((truth == j).sum()), 1.0))
    return worst


def tune_offsets(probabilities: Matrix, truth: npt.NDArray[np.int64], rounds: int = 3) -> Matrix:
    """Log-probability offsets per class that raise the worst precision/recall on out-of-fold predictions.

    Coordinate search over a fixed grid; the first class stays at 0 (only differences matter).
    """
    logs = np.log(np.clip(probabilities, 1e-12, 1.0))
    classes = probabilities.shape[1]
    offsets = np.zeros(classes)

    def score(candidate: Matrix) -> tuple[float, float]:
        predicted = (logs + candidate).argmax(axis=1)
        return worst_score(predicted, truth, classes), float((predicted == truth).mean())

    best = score(offsets)
    for _, j in itertools.product(range(rounds), range(1, classes)):
        for value in OFFSET_GRID:
            candidate = offsets.copy()
            candidate[j] = value
            found = score(candidate)
            if found > best:
                best, offsets = found, candidate
    return offsets
