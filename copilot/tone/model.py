"""A small one-vs-rest classifier over sentence embeddings, in plain numpy: logistic regression, or
one hidden ReLU layer before it (an MLP)."""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from copilot.errors import ConfigError
from copilot.tone.metrics import f1_at

if TYPE_CHECKING:
    from copilot.index.embedder import Embedder

MODEL_PATH = Path(__file__).resolve().parent / "tone_model.npz"

Matrix = npt.NDArray[np.float64]
_KEYS = ("labels", "mean", "scale", "weights", "bias", "thresholds")
_HIDDEN_KEYS = ("hidden_weights", "hidden_bias")


def sigmoid(z: Matrix) -> Matrix:
    """The logistic function, safe for any logit."""
    # Clipping keeps exp() finite for extreme logits without changing any probability we can print.
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))


class ToneClassifier:
    """Standardise, (optionally) one hidden ReLU layer, project, squash: one independent probability
    per label, plus a threshold tuned on dev."""

    def __init__(
        self,
        labels: list[str],
        weights: Matrix,
        bias: Matrix,
        thresholds: Matrix,
        mean: Matrix | None = None,
        scale: Matrix | None = None,
        hidden: tuple[Matrix, Matrix] | None = None,
    ) -> None:
        dim = hidden[0].shape[0] if hidden is not None else weights.shape[0]
        self.labels = list(labels)
        self.weights = weights
        self.bias = bias
        self.thresholds = thresholds
        self.hidden = hidden
        self.mean = np.zeros(dim) if mean is None else mean
        self.scale = np.ones(dim) if scale is None else scale
        width = hidden[0].shape[1] if hidden is not None else dim
        if (
            weights.shape != (width, len(labels))
            or bias.shape != (len(labels),)
            or thresholds.shape != bias.shape
            or (hidden is not None and hidden[1].shape != (width,))
            or self.mean.shape != (dim,)
        ):
            raise ConfigError("tone_model", "weights, bias, thresholds and labels disagree in shape")

    @property
    def dimension(self) -> int:
        """The embedding length the model expects."""
        return int(self.mean.shape[0])

    def probabilities(self, vectors: Matrix) -> Matrix:
        """P(label | text) for each row of embeddings, shape (n, labels)."""
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
        if vectors.shape[1] != self.dimension:
            raise ConfigError(
                "embeddings",
                f"tone model expects {self.dimension}-d vectors (all-MiniLM-L6-v2), got {vectors.shape[1]}-d",
            )
        x = (vectors - self.mean) / self.scale
        if self.hidden is not None:
            x = np.maximum(x @ self.hidden[0] + self.hidden[1], 0.0)
        return sigmoid(x @ self.weights + self.bias)

    def decide(self, vectors: Matrix) -> npt.NDArray[np.bool_]:
        """Which labels fire for each row, using the thresholds tuned on dev."""
        return self.probabilities(vectors) >= self.thresholds

    def save(self, path: Path) -> None:
        """Write the model as a compressed .npz (float32 keeps it commit-sized)."""
        arrays = {
            "mean": self.mean,
            "scale": self.scale,
            "weights": self.weights,
            "bias": self.bias,
            "thresholds": self.thresholds,
        }
        if self.hidden is not None:
            arrays |= dict(zip(_HIDDEN_KEYS, self.hidden, strict=True))
        named: dict[str, npt.NDArray[np.generic]] = {k: np.asarray(v, np.float32) for k, v in arrays.items()}
        named["labels"] = np.asarray(self.labels)
        np.savez_compressed(path, allow_pickle=False, **named)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ToneClassifier:
        """Read a model written by `save`; a missing or broken file is a ConfigError naming it."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in _KEYS}
                arrays |= {k: data[k] for k in _HIDDEN_KEYS if k in data.files}
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError("tone_model", f"{path}: cannot read tone model ({exc})") from exc
        floats = {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items() if k != "labels"}
        hidden = None
        if "hidden_weights" in floats:
            hidden = (floats.pop("hidden_weights"), floats.pop("hidden_bias", np.zeros(0)))
        return cls([str(x) for x in arrays["labels"]], **floats, hidden=hidden)


@lru_cache(maxsize=1)
def default_classifier() -> ToneClassifier:
    """The committed model, loaded once per process."""
    return ToneClassifier.load(MODEL_PATH)


def embed_for_training(
    embeddings: Embedder, texts: list[str], cache_key: str, cache_dir: Path | None
) -> Matrix:
    """Embed a training set, reusing `<cache_key>-<n>-<digest>.npy` in `cache_dir` (keyed by the exact
    texts): the classifier scripts embed tens of thousands of texts, which takes minutes here."""
    digest = hashlib.sha1("\n".join(texts).encode("utf-8")).hexdigest()[:12]
    cached = cache_dir / f"{cache_key}-{len(texts)}-{digest}.npy" if cache_dir else None
    if cached is not None and cached.is_file():
        return np.asarray(np.load(cached), dtype=np.float64)
    started = time.perf_counter()
    vectors = np.asarray(embeddings.embed_documents(texts), dtype=np.float64)
    print(f"embedded {len(texts)} {cache_key} texts in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.save(cached, vectors.astype(np.float32))
    return vectors


def fit_logistic(
    vectors: Matrix, targets: Matrix, *, l2: float = 1e-4, epochs: int = 400, learning_rate: float = 0.5
) -> tuple[Matrix, Matrix, Matrix, Matrix]:
    """Fit one-vs-rest logistic regression by full-batch gradient descent with momentum.

    Returns (weights, bias, mean, scale); inputs are standardised first because the raw MiniLM
    dimensions have very different spreads, which makes plain gradient descent crawl.
    """
    mean = vectors.mean(axis=0)
    scale = vectors.std(axis=0) + 1e-6
    x = (vectors - mean) / scale
    n, dim = x.shape
    weights = np.zeros((dim, targets.shape[1]))
    bias = np.log((targets.mean(axis=0) + 1e-6) / (1.0 - targets.mean(axis=0) + 1e-6))
    velocity_w, velocity_b = np.zeros_like(weights), np.zeros_like(bias)
    for _ in range(epochs):
        error = sigmoid(x @ weights + bias) - targets
        grad_w = x.T @ error / n + l2 * weights
        grad_b = error.mean(axis=0)
        velocity_w = 0.9 * velocity_w - learning_rate * grad_w
        velocity_b = 0.9 * velocity_b - learning_rate * grad_b
        weights += velocity_w
        bias += velocity_b
    return weights, bias, mean, scale


def fit_mlp(
    vectors: Matrix,
    targets: Matrix,
    *,
    hidden: int = 256,
    epochs: int = 10,
    l2: float = 1e-3,
    dropout: float = 0.3,
    learning_rate: float = 1e-3,
    batch_size: int = 256,
    seed: int = 0,
) -> Iterator[ToneClassifier]:
    """Train one hidden ReLU layer plus one-vs-rest logistic outputs with Adam on minibatches, and
    yield the model after each epoch (the caller picks the epoch on dev; thresholds are left at 0.5).

    Seeded: the same data and arguments give the same models. Dropout on the hidden layer and an L2
    penalty keep 384 -> `hidden` weights from memorising 43k short texts.
    """
    rng = np.random.default_rng(seed)
    mean = vectors.mean(axis=0)
    scale = vectors.std(axis=0) + 1e-6
    x = (vectors - mean) / scale
    n, dim = x.shape
    positive = np.clip(targets.mean(axis=0), 1e-6, 1 - 1e-6)
    params = [
        rng.normal(0.0, np.sqrt(2.0 / dim), (dim, hidden)),
        np.zeros(hidden),
        rng.normal(0.0, np.sqrt(1.0 / hidden), (hidden, targets.shape[1])),
        np.log(positive / (1.0 - positive)),
    ]
    adam = _Adam(params, learning_rate)
    labels = [f"label{j}" for j in range(targets.shape[1])]
    for _ in range(epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            rows = order[start : start + batch_size]
            keep = (rng.random((len(rows), hidden)) >= dropout) / (1.0 - dropout)
            adam.step(_mlp_gradients(params, x[rows], targets[rows], keep, l2))
        w1, b1, w2, b2 = (p.copy() for p in params)
        yield ToneClassifier(labels, w2, b2, np.full(len(labels), 0.5), mean, scale, hidden=(w1, b1))


def _mlp_gradients(params: list[Matrix], x: Matrix, targets: Matrix, keep: Matrix, l2: float) -> list[Matrix]:
    """Gradients of the mean cross-entropy (plus L2 on the weight matrices) for one minibatch."""
    w1, b1, w2, b2 = params
    pre = x @ w1 + b1
    active = np.maximum(pre, 0.0) * keep
    error = (sigmoid(active @ w2 + b2) - targets) / len(x)
    back = (error @ w2.T) * keep * (pre > 0)
    return [x.T @ back + l2 * w1, back.sum(axis=0), active.T @ error + l2 * w2, error.sum(axis=0)]


class _Adam:
    """Adam (Kingma & Ba, 2015) with the usual constants, updating the parameter arrays in place."""

    def __init__(self, params: list[Matrix], learning_rate: float) -> None:
        self.params = params
        self.learning_rate = learning_rate
        self.first = [np.zeros_like(p) for p in params]
        self.second = [np.zeros_like(p) for p in params]
        self.steps = 0

    def step(self, gradients: list[Matrix]) -> None:
        self.steps += 1
        correction1, correction2 = 1 - 0.9**self.steps, 1 - 0.999**self.steps
        for param, grad, first, second in zip(self.params, gradients, self.first, self.second, strict=True):
            first *= 0.9
            first += 0.1 * grad
            second *= 0.999
            second += 0.001 * grad * grad
            param -= self.learning_rate * (first / correction1) / (np.sqrt(second / correction2) + 1e-8)


def tune_thresholds(probabilities: Matrix, targets: Matrix) -> Matrix:
    """Per label, the probability cut that maximises F1 on the given (dev) data."""
    candidates = np.linspace(0.05, 0.95, 91)
    best = []
    for j in range(targets.shape[1]):
        scores = [f1_at(probabilities[:, j] >= t, targets[:, j] > 0.5) for t in candidates]
        best.append(candidates[int(np.argmax(scores))])
    return np.asarray(best)


def fit_calibration(
    scores: Matrix, positive: npt.NDArray[np.bool_], *, steps: int = 2000
) -> tuple[float, float]:
    """1-D logistic regression P(positive | score) = sigmoid(slope * score + intercept), by Newton steps."""
    slope, intercept = 0.0, 0.0
    design = np.column_stack([scores, np.ones_like(scores)])
    target = positive.astype(np.float64)
    for _ in range(steps):
        p = sigmoid(design @ np.array([slope, intercept]))
        gradient = design.T @ (p - target)
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        slope, intercept = slope - float(step[0]), intercept - float(step[1])
        if np.max(np.abs(step)) < 1e-10:
            break
    return slope, intercept
