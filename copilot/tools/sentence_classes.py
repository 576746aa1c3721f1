"""Which kind of sentence is this: an issue, a commitment, a risk, or other (pleasantries, scheduling, facts).

A multinomial logistic-regression head over the all-MiniLM-L6-v2 sentence embeddings, trained by
`scripts/train_sentence_classes.py` on the pinned, hand-labelled `evals/sentence_data/train.jsonl`
and evaluated on the disjoint `evals/sentence_data/eval.jsonl`. Tools call `classify_sentences`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from copilot.errors import ConfigError

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

MODEL_PATH = Path(__file__).resolve().parent / "sentence_classes.npz"
LABELS = ("issue", "commitment", "risk", "other")
MAX_SENTENCE_CHARS = 600

Matrix = npt.NDArray[np.float64]
_KEYS = ("labels", "mean", "scale", "weights", "bias")
# Chat exports prefix turns with @handles and trail links; neither says what kind of sentence it is.
_HANDLES = re.compile(r"^(?:@\w+[\s,:]*)+")
_LINKS = re.compile(r"https?://\S+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SentenceClass:
    """The most likely label of one sentence and its probability."""

    label: str
    score: float


def clean_sentence(text: str) -> str:
    """The sentence as the classifier sees it: no leading handles or links, one space, bounded length."""
    text = _LINKS.sub("", text)
    text = _HANDLES.sub("", text.strip())
    return _SPACES.sub(" ", text).strip()[:MAX_SENTENCE_CHARS]


def softmax(logits: Matrix) -> Matrix:
    """Row-wise softmax, shifted by the row maximum so exp() never overflows."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True), dtype=np.float64)


class SentenceClassifier:
    """Standardise, project, softmax: one probability per label, summing to one."""

    def __init__(self, labels: Sequence[str], weights: Matrix, bias: Matrix, mean: Matrix, scale: Matrix) -> None:
        dim = weights.shape[0]
        if weights.shape != (dim, len(labels)) or bias.shape != (len(labels),) or mean.shape != (dim,):
            raise ConfigError("sentence_classes", "weights, bias, mean and labels disagree in shape")
        self.labels = list(labels)
        self.weights, self.bias, self.mean, self.scale = weights, bias, mean, scale

    @property
    def dimension(self) -> int:
        """The embedding length the model expects."""
        return int(self.weights.shape[0])

    def probabilities(self, vectors: Matrix) -> Matrix:
        """P(label | sentence) for each row of embeddings, shape (n, labels)."""
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
        if vectors.shape[1] != self.dimension:
            raise ConfigError(
                "embeddings",
                f"sentence classifier expects {self.dimension}-d vectors (all-MiniLM-L6-v2), "
                f"got {vectors.shape[1]}-d",
            )
        return softmax(((vectors - self.mean) / self.scale) @ self.weights + self.bias)

    def predict(self, vectors: Matrix) -> list[SentenceClass]:
        """The arg-max label of each row with its probability."""
        probs = self.probabilities(vectors)
        best = probs.argmax(axis=1)
        return [SentenceClass(self.labels[j], round(float(probs[i, j]), 3)) for i, j in enumerate(best)]

    def save(self, path: Path) -> None:
        """Write the model as a compressed .npz (float32 keeps it commit-sized)."""
        np.savez_compressed(
            path,
            labels=np.asarray(self.labels),
            mean=self.mean.astype(np.float32),
            scale=self.scale.astype(np.float32),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> SentenceClassifier:
        """Read a model written by `save`; a missing or broken file is a ConfigError naming it."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in _KEYS}
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError("sentence_classes", f"{path}: cannot read sentence classifier ({exc})") from exc
        floats = {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items() if k != "labels"}
        return cls([str(x) for x in arrays["labels"]], **floats)


@lru_cache(maxsize=1)
def default_classifier() -> SentenceClassifier:
    """The committed model, loaded once per process."""
    return SentenceClassifier.load(MODEL_PATH)


def classify_sentences(
    texts: Sequence[str], embeddings: Embeddings, classifier: SentenceClassifier | None = None
) -> list[SentenceClass]:
    """Label each sentence issue / commitment / risk / other, with the label's probability."""
    if not texts:
        return []
    model = classifier or default_classifier()
    cleaned = [clean_sentence(t) or "-" for t in texts]
    vectors = np.asarray(embeddings.embed_documents(cleaned), dtype=np.float64)
    return model.predict(vectors)


def fit_softmax(
    vectors: Matrix, targets: npt.NDArray[np.int64], classes: int, *, l2: float, epochs: int = 500
) -> tuple[Matrix, Matrix, Matrix, Matrix]:
    """Fit multinomial logistic regression by full-batch gradient descent with momentum.

    Classes are weighted inversely to their frequency so the rare ones (risks) are not drowned by
    "other". Returns (weights, bias, mean, scale).
    """
    mean = vectors.mean(axis=0)
    scale = vectors.std(axis=0) + 1e-6
    x = (vectors - mean) / scale
    n, dim = x.shape
    onehot = np.eye(classes)[targets]
    counts = onehot.sum(axis=0)
    sample_weight = (n / (classes * np.maximum(counts, 1.0)))[targets][:, None]
    weights, bias = np.zeros((dim, classes)), np.zeros(classes)
    velocity_w, velocity_b = np.zeros_like(weights), np.zeros_like(bias)
    for _ in range(epochs):
        error = (softmax(x @ weights + bias) - onehot) * sample_weight
        velocity_w = 0.9 * velocity_w - 0.1 * (x.T @ error / n + l2 * weights)
        velocity_b = 0.9 * velocity_b - 0.1 * error.mean(axis=0)
        weights += velocity_w
        bias += velocity_b
    return weights, bias, mean, scale
