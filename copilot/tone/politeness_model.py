"""The outbound politeness model: ridge regression from (sentence embedding, politeness strategies) to
the raters' politeness score, plus a logistic calibration that turns a low score into P(impolite).
The strategies are counted over the whole text and again over its first and last sentence
(copilot/tone/strategies.py `FEATURE_NAMES`).

Trained on the Stanford Politeness Corpus (scripts/train_politeness.py); inference is numpy only.
A text's vector is the normalised mean of its sentences' MiniLM vectors, so the runtime embeds each
sentence once and gets both the whole-text score and per-sentence scores (the evidence) from them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.errors import ConfigError
from copilot.tone.model import sigmoid
from copilot.tone.strategies import FEATURE_NAMES, feature_matrix

MODEL_PATH = Path(__file__).resolve().parent / "politeness_model.npz"

Matrix = npt.NDArray[np.float64]
_ARRAYS = ("mean", "scale", "weights")
_SCALARS = ("bias", "slope", "intercept", "threshold", "impolite_below")


@dataclass(frozen=True)
class PolitenessModel:
    """Standardise [embedding, strategy counts], project to a politeness score, squash to P(impolite)."""

    mean: Matrix
    scale: Matrix
    weights: Matrix
    bias: float
    slope: float
    intercept: float
    threshold: float
    impolite_below: float
    strategies: tuple[str, ...] = FEATURE_NAMES

    def __post_init__(self) -> None:
        if not (self.mean.shape == self.scale.shape == self.weights.shape) or self.weights.ndim != 1:
            raise ConfigError("politeness_model", "mean, scale and weights disagree in shape")
        if self.strategies != FEATURE_NAMES:
            raise ConfigError("politeness_model", "trained on other strategy features; retrain it")

    @property
    def dimension(self) -> int:
        """The embedding length the model expects."""
        return int(self.weights.shape[0]) - len(self.strategies)

    def politeness(self, vectors: Matrix, texts: list[str]) -> Matrix:
        """Predicted politeness (raters' normalized scale, higher = more polite), one per text."""
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
        if vectors.shape[1] != self.dimension or len(texts) != vectors.shape[0]:
            raise ConfigError(
                "embeddings",
                f"politeness model expects {self.dimension}-d vectors (all-MiniLM-L6-v2), one per text; "
                f"got {vectors.shape[1]}-d for {vectors.shape[0]} vectors and {len(texts)} texts",
            )
        features = np.hstack([vectors, feature_matrix(texts)])
        return np.asarray(((features - self.mean) / self.scale) @ self.weights + self.bias)

    def impolite_probability(self, politeness: Matrix) -> Matrix:
        """P(the raters would put the text in the least polite quarter), from predicted politeness."""
        return sigmoid(self.slope * politeness + self.intercept)

    def save(self, path: Path) -> None:
        """Write the model as a compressed .npz (float32 arrays keep it commit-sized)."""
        named: dict[str, npt.NDArray[np.generic]] = {k: getattr(self, k).astype(np.float32) for k in _ARRAYS}
        named |= {k: np.asarray(getattr(self, k), dtype=np.float64) for k in _SCALARS}
        named["strategies"] = np.asarray(self.strategies)
        np.savez_compressed(path, allow_pickle=False, **named)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> PolitenessModel:
        """Read a model written by `save`; a missing or broken file is a ConfigError naming it."""
        try:
            with np.load(path, allow_pickle=False) as data:
                mean, scale, weights = (np.asarray(data[k], dtype=np.float64) for k in _ARRAYS)
                bias, slope, intercept, threshold, impolite_below = (float(data[k]) for k in _SCALARS)
                strategies = tuple(str(s) for s in data["strategies"])
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError("politeness_model", f"{path}: cannot read politeness model ({exc})") from exc
        return cls(mean, scale, weights, bias, slope, intercept, threshold, impolite_below, strategies)


@lru_cache(maxsize=1)
def default_politeness_model() -> PolitenessModel:
    """The committed model, loaded once per process."""
    return PolitenessModel.load(MODEL_PATH)


def pool_sentences(sentence_vectors: Matrix, counts: list[int]) -> Matrix:
    """One unit vector per text: the mean of its `counts[i]` consecutive sentence vectors."""
    bounds = np.cumsum([0, *counts])
    pooled = np.vstack([sentence_vectors[a:b].mean(axis=0) for a, b in itertools.pairwise(bounds)])
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def fit_ridge(features: Matrix, targets: Matrix, l2: float) -> tuple[Matrix, float, Matrix, Matrix]:
    """Closed-form ridge on standardised features: (weights, bias, mean, scale)."""
    mean = features.mean(axis=0)
    scale = features.std(axis=0) + 1e-6
    x = (features - mean) / scale
    bias = float(targets.mean())
    gram = x.T @ x + l2 * len(x) * np.eye(x.shape[1])
    weights = np.linalg.solve(gram, x.T @ (targets - bias))
    return weights, bias, mean, scale
