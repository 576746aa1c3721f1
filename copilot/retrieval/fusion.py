"""Learned fusion: one linear score per chunk from its signals, plus a prior per question type and kind.

The weights are fitted (`fit_fusion`) on a training split of the sample's accounts by a listwise
softmax loss (the stating chunk should win among all of its account's chunks) and committed as
`fusion_weights.json` with a note of what they were fitted on. Reciprocal rank fusion stays
available as the unlearned reference (`rrf_scores`) for the ablation.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from copilot.retrieval.features import FEATURES, KINDS, Signals
from copilot.retrieval.questions import QUESTION_TYPES
from copilot.retrieval.ranking import RRF_K

WEIGHTS_FILE = Path(__file__).with_name("fusion_weights.json")


@dataclass(frozen=True)
class FusionWeights:
    """Weights per feature and a prior per (question type, interaction kind)."""

    weights: np.ndarray
    kind_prior: np.ndarray  # QUESTION_TYPES x KINDS
    provenance: dict[str, Any] = field(default_factory=dict)

    def score(self, found: Signals, question_kind: str) -> np.ndarray:
        """Each chunk's fused score (higher is better)."""
        row = self.kind_prior[QUESTION_TYPES.index(question_kind)]
        return np.asarray(found.matrix @ self.weights + row[found.kinds])

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready form naming every weight."""
        return {
            "features": dict(zip(FEATURES, map(float, self.weights), strict=True)),
            "kind_prior": {
                q: dict(zip(KINDS, map(float, self.kind_prior[n]), strict=True))
                for n, q in enumerate(QUESTION_TYPES)
            },
            "provenance": self.provenance,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FusionWeights:
        """Read the form `as_json` writes; unknown features or kinds weigh 0."""
        features = data.get("features", {})
        prior = data.get("kind_prior", {})
        return cls(
            weights=np.array([float(features.get(f, 0.0)) for f in FEATURES]),
            kind_prior=np.array(
                [[float(prior.get(q, {}).get(k, 0.0)) for k in KINDS] for q in QUESTION_TYPES]
            ),
            provenance=dict(data.get("provenance", {})),
        )


@cache
def default_weights() -> FusionWeights:
    """The committed fitted weights."""
    return FusionWeights.from_json(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))


def rrf_scores(found: Signals, columns: Sequence[str], depth: int = 24) -> np.ndarray:
    """Reciprocal rank fusion of the named signals' top-`depth` lists, times the recency boost."""
    fused = np.zeros(len(found.matrix))
    for name in columns:
        values = found.column(name)
        order = np.argsort(-values, kind="stable")[:depth]
        order = order[values[order] > 0]
        fused[order] += 1.0 / (RRF_K + np.arange(1, len(order) + 1))
    return fused * (1.0 + 0.5 * found.column("recency"))


@dataclass(frozen=True)
class TrainingList:
    """One training question: its chunks' signals, its type, and which chunks state the fact."""

    signals: Signals
    question_kind: str
    relevant: np.ndarray  # bool per chunk


def fit_fusion(
    lists: Sequence[TrainingList],
    *,
    mask: Sequence[str] = FEATURES,
    l2: float = 0.01,
    steps: int = 600,
    rate: float = 0.1,
) -> FusionWeights:
    """Weights minimising the listwise softmax loss (Adam); features outside `mask` stay 0."""
    usable = [t for t in lists if t.relevant.any()]
    keep = np.array([f in mask for f in FEATURES], dtype=np.float64)
    theta = np.zeros(len(FEATURES) + len(QUESTION_TYPES) * len(KINDS))
    moments = (np.zeros_like(theta), np.zeros_like(theta))
    for step in range(1, steps + 1):
        gradient = l2 * theta
        for item in usable:
            gradient += _gradient(theta, item, keep) / len(usable)
        theta = _adam(theta, gradient, moments, step, rate)
    weights = theta[: len(FEATURES)] * keep
    prior = theta[len(FEATURES) :].reshape(len(QUESTION_TYPES), len(KINDS))
    return FusionWeights(weights, prior - prior.mean(axis=1, keepdims=True))


def _gradient(theta: np.ndarray, item: TrainingList, keep: np.ndarray) -> np.ndarray:
    """Gradient of -log(sum softmax over relevant chunks) for one question."""
    n_features = len(FEATURES)
    x = item.signals.matrix * keep
    q = QUESTION_TYPES.index(item.question_kind)
    prior_index = n_features + q * len(KINDS) + item.signals.kinds
    scores = x @ theta[:n_features] + theta[prior_index]
    p_all = _softmax(scores)
    p_rel = _softmax(np.where(item.relevant, scores, -np.inf))
    diff = p_all - p_rel
    gradient = np.zeros_like(theta)
    gradient[:n_features] = diff @ x
    np.add.at(gradient, prior_index, diff)
    return gradient


def _softmax(scores: np.ndarray) -> np.ndarray:
    top = np.max(scores)
    exp = np.exp(scores - top)
    return np.asarray(exp / exp.sum())


def _adam(
    theta: np.ndarray, gradient: np.ndarray, moments: tuple[np.ndarray, np.ndarray], step: int, rate: float
) -> np.ndarray:
    first, second = moments
    first *= 0.9
    first += 0.1 * gradient
    second *= 0.999
    second += 0.001 * gradient**2
    corrected = (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return np.asarray(theta - rate * corrected)
