"""Second-layer injection detector: logistic regression over sentence embeddings, one score per sentence.

The rules in injection_rules.py match the wordings they were written from; this head is trained
(scripts/train_injection.py) on BIPIA's training attacks and hand-written everyday chatbot requests
(recommend, summarise, analyse, chat, ...) against clean email, dialogue and Reddit sentences and
hand-written business requests, so it also catches instructions phrased in ways no rule
anticipated. Its threshold was picked on held-out attack categories, so it is tuned for unseen
kinds of attack.

Each sentence is read together with the text around it: the features are the sentence's vector and
its difference from the mean of the other sentences of the same record. An injected task ("analyse
electric car sales") is off the topic of the email it hides in; that contrast carries most of what
generalises to unseen attacks, since a bare request can look like ordinary small talk.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.errors import ConfigError
from copilot.index.embedder import Embedder
from copilot.tone.sentences import split_sentences

MODEL_PATH = Path(__file__).resolve().parent / "injection_model.npz"
# Fragments shorter than this ("Thanks!", "Best regards") carry no instruction and score noisily.
MIN_WORDS = 4
# Long lines are usually pasted tables or footers; scoring only their start keeps the batch small.
MAX_SENTENCE_CHARS = 400

Vector = npt.NDArray[np.float64]
_KEYS = ("mean", "scale", "weights", "bias", "threshold")


def context_features(vectors: npt.ArrayLike) -> Vector:
    """Per sentence of one text: [its vector, its vector minus the mean of the text's other sentences]."""
    rows = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
    n = rows.shape[0]
    others = (rows.sum(axis=0) - rows) / (n - 1) if n > 1 else np.zeros_like(rows)
    return np.hstack([rows, rows - others])


def _sigmoid(z: Vector) -> Vector:
    # Clipping keeps exp() finite for extreme logits without changing any probability we can print.
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))


@dataclass(frozen=True)
class InjectionClassifier:
    """Standardise, project, squash: P(sentence is an instruction aimed at the model)."""

    mean: Vector
    scale: Vector
    weights: Vector
    bias: float
    threshold: float

    def __post_init__(self) -> None:
        dim = self.weights.shape
        if len(dim) != 1 or dim[0] % 2 or self.mean.shape != dim or self.scale.shape != dim:
            raise ConfigError("injection_model", "mean, scale and weights disagree in shape")
        if not 0.0 < self.threshold < 1.0:
            raise ConfigError("injection_model", f"threshold {self.threshold} is not a probability")

    @property
    def dimension(self) -> int:
        """The embedding length the model expects (the features are twice as long)."""
        return int(self.weights.shape[0]) // 2

    def probabilities(self, features: npt.ArrayLike) -> Vector:
        """P(injection) for each row of context features (see `context_features`)."""
        rows = np.atleast_2d(np.asarray(features, dtype=np.float64))
        if rows.shape[1] != self.weights.shape[0]:
            raise ConfigError(
                "embeddings",
                f"injection model expects {self.dimension}-d vectors (all-MiniLM-L6-v2), "
                f"got {rows.shape[1] // 2}-d",
            )
        return _sigmoid(((rows - self.mean) / self.scale) @ self.weights + self.bias)

    def text_probabilities(self, vectors: npt.ArrayLike) -> Vector:
        """P(injection) for each sentence vector of one text, each read against the others."""
        rows = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
        if rows.shape[1] != self.dimension:
            raise ConfigError(
                "embeddings",
                f"injection model expects {self.dimension}-d vectors (all-MiniLM-L6-v2), "
                f"got {rows.shape[1]}-d",
            )
        return self.probabilities(context_features(rows))

    def save(self, path: Path) -> None:
        """Write the model as a compressed .npz (float32 keeps it commit-sized)."""
        np.savez_compressed(
            path,
            mean=self.mean.astype(np.float32),
            scale=self.scale.astype(np.float32),
            weights=self.weights.astype(np.float32),
            bias=np.float32(self.bias),
            threshold=np.float32(self.threshold),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> InjectionClassifier:
        """Read a model written by `save`; a missing or broken file is a ConfigError naming it."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: np.asarray(data[k], dtype=np.float64) for k in _KEYS}
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError("injection_model", f"{path}: cannot read injection model ({exc})") from exc
        return cls(
            mean=arrays["mean"],
            scale=arrays["scale"],
            weights=arrays["weights"],
            bias=float(arrays["bias"]),
            threshold=float(arrays["threshold"]),
        )


@lru_cache(maxsize=1)
def default_injection_classifier() -> InjectionClassifier:
    """The committed model, loaded once per process."""
    return InjectionClassifier.load(MODEL_PATH)


@dataclass(frozen=True)
class ScoredSentence:
    """One sentence of a text at text[start:end] and its injection probability."""

    start: int
    end: int
    probability: float


def scoreable_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans worth scoring: at least MIN_WORDS words, cut at MAX_SENTENCE_CHARS."""
    spans = []
    for start, end in split_sentences(text):
        if len(text[start:end].split()) >= MIN_WORDS:
            spans.append((start, min(end, start + MAX_SENTENCE_CHARS)))
    return spans


def score_sentences(
    text: str, embeddings: Embedder, classifier: InjectionClassifier | None = None
) -> list[ScoredSentence]:
    """Every scoreable sentence of `text` with its probability of being an injected instruction."""
    model = classifier if classifier is not None else default_injection_classifier()
    spans = scoreable_sentences(text)
    if not spans:
        return []
    vectors = embeddings.embed_documents([text[s:e] for s, e in spans])
    probabilities = model.text_probabilities(vectors)
    return [ScoredSentence(s, e, float(p)) for (s, e), p in zip(spans, probabilities, strict=True)]


def flagged_sentences(
    text: str, embeddings: Embedder, classifier: InjectionClassifier | None = None
) -> list[ScoredSentence]:
    """The sentences of `text` the classifier scores at or above its tuned threshold."""
    model = classifier if classifier is not None else default_injection_classifier()
    return [s for s in score_sentences(text, embeddings, model) if s.probability >= model.threshold]
