"""A small one-vs-rest classifier over sentence embeddings, in plain numpy: an optional ReLU hidden
layer, a logistic output per label, and a per-label calibration (slope, intercept) fitted on dev."""

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
# Optional in the file: a model without them is plain calibrated-as-trained logistic regression.
_OPTIONAL_KEYS = ("hidden_weights", "hidden_bias", "calibration")


def sigmoid(z: Matrix) -> Matrix:
    """The logistic function, safe for any logit."""
    # Clipping keeps exp() finite for extreme logits without changing any probability we can print.
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))


class ToneClassifier:
    """Standardise, (optionally) a ReLU layer, project, calibrate, squash: one probability per label,
    plus a threshold tuned on dev."""

    def __init__(
        self,
        labels: list[str],
        weights: Matrix,
        bias: Matrix,
        thresholds: Matrix,
        mean: Matrix | None = None,
        scale: Matrix | None = None,
        *,
        hidden_weights: Matrix | None = None,
        hidden_bias: Matrix | None = None,
        calibration: Matrix | None = None,
    ) -> None:
        dim = weights.shape[0] if hidden_weights is None else hidden_weights.shape[0]
        self.labels = list(labels)
        self.weights = weights
        self.bias = bias
        self.thresholds = thresholds
        self.mean = np.zeros(dim) if mean is None else mean
        self.scale = np.ones(dim) if scale is None else scale
        self.hidden_weights = hidden_weights
        self.hidden_bias = hidden_bias
        # Row 0 multiplies the logit, row 1 is added: identity unless a dev-set calibration was fitted.
        self.calibration = (
            np.vstack([np.ones(len(labels)), np.zeros(len(labels))]) if calibration is None else calibration
        )
        inner = weights.shape[0]
        if (
            weights.shape != (inner, len(labels))
            or bias.shape != (len(labels),)
            or thresholds.shape != bias.shape
            or self.calibration.shape != (2, len(labels))
            or (hidden_weights is None) != (hidden_bias is None)
            or (hidden_weights is not None and hidden_weights.shape != (dim, inner))
            or (hidden_bias is not None and hidden_bias.shape != (inner,))
        ):
            raise ConfigError("tone_model", "weights, bias, thresholds and labels disagree in shape")

    @property
    def dimension(self) -> int:
        """The embedding length the model expects."""
        return int(self.mean.shape[0])

    def logits(self, vectors: Matrix) -> Matrix:
        """Uncalibrated log-odds per label, shape (n, labels)."""
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
        if vectors.shape[1] != self.dimension:
            raise ConfigError(
                "embeddings",
                f"tone model expects {self.dimension}-d vectors (all-MiniLM-L6-v2), got {vectors.shape[1]}-d",
            )
        x = (vectors - self.mean) / self.scale
        if self.hidden_weights is not None and self.hidden_bias is not None:
            x = np.maximum(x @ self.hidden_weights + self.hidden_bias, 0.0)
        return np.asarray(x @ self.weights + self.bias)

    def probabilities(self, vectors: Matrix) -> Matrix:
        """Calibrated P(label | text) for each row of embeddings, shape (n, labels)."""
        return sigmoid(self.logits(vectors) * self.calibration[0] + self.calibration[1])

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
            calibration=self.calibration.astype(np.float32),
            **self._hidden_arrays(),
        )

    def _hidden_arrays(self) -> dict[str, npt.NDArray[np.float32]]:
        if self.hidden_weights is None or self.hidden_bias is None:
            return {}
        return {
            "hidden_weights": self.hidden_weights.astype(np.float32),
            "hidden_bias": self.hidden_bias.astype(np.float32),
        }

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> ToneClassifier:
        """Read a model written by `save`; a missing or broken file is a ConfigError naming it."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in _KEYS}
                optional = {k: np.asarray(data[k], dtype=np.float64) for k in _OPTIONAL_KEYS if k in data}
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError("tone_model", f"{path}: cannot read tone model ({exc})") from exc
        floats = {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items() if k != "labels"}
        return cls([str(x) for x in arrays["labels"]], **floats, **optional)


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
