"""A tiny one-vs-rest logistic-regression classifier over sentence embeddings, in plain numpy."""

from __future__ import annotations

import hashlib
import sys
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from copilot.errors import ConfigError
from copilot.tone.metrics import f1_at

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

MODEL_PATH = Path(__file__).resolve().parent / "tone_model.npz"

Matrix = npt.NDArray[np.float64]
_KEYS = ("labels", "mean", "scale", "weights", "bias", "thresholds")


def sigmoid(z: Matrix) -> Matrix:
    """The logistic function, safe for any logit."""
    # Clipping keeps exp() finite for extreme logits without changing any probability we can print.
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))


class ToneClassifier:
    """Standardise, project, squash: one independent probability per label, plus a tuned threshold."""

    def __init__(
        self,
        labels: list[str],
        weights: Matrix,
        bias: Matrix,
        thresholds: Matrix,
        mean: Matrix | None = None,
        scale: Matrix | None = None,
    ) -> None:
        dim = weights.shape[0]
        self.labels = list(labels)
        self.weights = weights
        self.bias = bias
        self.thresholds = thresholds
        self.mean = np.zeros(dim) if mean is None else mean
        self.scale = np.ones(dim) if scale is None else scale
        if (
            weights.shape != (dim, len(labels))
            or bias.shape != (len(labels),)
            or thresholds.shape != bias.shape
        ):
            raise ConfigError("tone_model", "weights, bias, thresholds and labels disagree in shape")

    @property
    def dimension(self) -> int:
        """The embedding length the model expects."""
        return int(self.weights.shape[0])

    def probabilities(self, vectors: Matrix) -> Matrix:
        """P(label | text) for each row of embeddings, shape (n, labels)."""
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
        if vectors.shape[1] != self.dimension:
            raise ConfigError(
                "embeddings",
                f"tone model expects {self.dimension}-d vectors (all-MiniLM-L6-v2), got {vectors.shape[1]}-d",
            )
        return sigmoid(((vectors - self.mean) / self.scale) @ self.weights + self.bias)

    def decide(self, vectors: Matrix) -> npt.NDArray[np.bool_]:
        """Which labels fire for each row, using the thresholds tuned on dev."""
        return self.probabilities(vectors) >= self.thresholds

    def save(self, path: Path) -> None:
        """Write the model as a compressed .npz (float32 keeps it commit-sized)."""
        np.savez_compressed(
            path,
            labels=np.asarray(self.labels),
            mean=self.mean.astype(np.float32),
            scale=self.scale.astype(np.float32),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ToneClassifier:
        """Read a model written by `save`; a missing or broken file is a ConfigError naming it."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in _KEYS}
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError("tone_model", f"{path}: cannot read tone model ({exc})") from exc
        floats = {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items() if k != "labels"}
        return cls([str(x) for x in arrays["labels"]], **floats)


@lru_cache(maxsize=1)
def default_classifier() -> ToneClassifier:
    """The committed model, loaded once per process."""
    return ToneClassifier.load(MODEL_PATH)


def embed_for_training(
    embeddings: Embeddings, texts: list[str], cache_key: str, cache_dir: Path | None
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
