"""Training for the tone classifier's one-hidden-layer head (numpy, seeded, Adam, best epoch on dev).

Used only by scripts/train_tone.py; inference is ToneClassifier.probabilities.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from copilot.tone.model import sigmoid

Matrix = npt.NDArray[np.float64]


@dataclass
class MlpWeights:
    """The four arrays of a ReLU layer plus a logistic output, on standardised inputs."""

    hidden_weights: Matrix
    hidden_bias: Matrix
    weights: Matrix
    bias: Matrix

    def logits(self, x: Matrix) -> Matrix:
        """Log-odds for standardised inputs."""
        return np.asarray(
            np.maximum(x @ self.hidden_weights + self.hidden_bias, 0.0) @ self.weights + self.bias
        )

    def copy(self) -> MlpWeights:
        """An independent snapshot (the best epoch is kept while training continues)."""
        return MlpWeights(*(a.copy() for a in self.arrays()))

    def arrays(self) -> list[Matrix]:
        """The parameters, in a fixed order shared with the gradients."""
        return [self.hidden_weights, self.hidden_bias, self.weights, self.bias]


@dataclass(frozen=True)
class MlpSettings:
    """Size and schedule of the head."""

    hidden: int = 256
    epochs: int = 20
    batch: int = 128
    learning_rate: float = 1e-3
    l2: float = 1e-4
    dropout: float = 0.2
    seed: int = 17


def _init(rng: np.random.Generator, dim: int, hidden: int, targets: Matrix) -> MlpWeights:
    prior = targets.mean(axis=0)
    return MlpWeights(
        rng.normal(0.0, np.sqrt(2.0 / dim), size=(dim, hidden)),
        np.zeros(hidden),
        rng.normal(0.0, np.sqrt(1.0 / hidden), size=(hidden, targets.shape[1])),
        np.log((prior + 1e-6) / (1.0 - prior + 1e-6)),
    )


def _gradients(net: MlpWeights, x: Matrix, y: Matrix, keep: Matrix, l2: float) -> list[Matrix]:
    pre = x @ net.hidden_weights + net.hidden_bias
    hidden = np.maximum(pre, 0.0) * keep
    error = (sigmoid(hidden @ net.weights + net.bias) - y) / len(x)
    back = (error @ net.weights.T) * keep * (pre > 0)
    return [
        x.T @ back + l2 * net.hidden_weights,
        back.sum(axis=0),
        hidden.T @ error + l2 * net.weights,
        error.sum(axis=0),
    ]


def fit_mlp(
    x: Matrix, y: Matrix, score_dev: Callable[[MlpWeights], float], settings: MlpSettings
) -> tuple[MlpWeights, list[float]]:
    """Train on standardised `x`; after each epoch `score_dev` rates the net (higher is better) and
    the best epoch's weights are returned with every epoch's dev score."""
    rng = np.random.default_rng(settings.seed)
    net = _init(rng, x.shape[1], settings.hidden, y)
    moments = [np.zeros_like(a) for a in net.arrays()]
    squares = [np.zeros_like(a) for a in net.arrays()]
    best, best_score, history, step = net.copy(), -np.inf, [], 0
    for _ in range(settings.epochs):
        order = rng.permutation(len(x))
        for start in range(0, len(x), settings.batch):
            rows = order[start : start + settings.batch]
            keep = (rng.random((len(rows), settings.hidden)) >= settings.dropout) / (1.0 - settings.dropout)
            step += 1
            grads = _gradients(net, x[rows], y[rows], keep, settings.l2)
            for param, grad, m, v in zip(net.arrays(), grads, moments, squares, strict=True):
                m *= 0.9
                m += 0.1 * grad
                v *= 0.999
                v += 0.001 * grad * grad
                param -= (
                    settings.learning_rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
                )
        history.append(score_dev(net))
        if history[-1] > best_score:
            best, best_score = net.copy(), history[-1]
    return best, history
