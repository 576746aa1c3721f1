"""Which kind of sentence is this: an issue, a commitment, a risk, or other (pleasantries, scheduling, facts).

A small head over the all-MiniLM-L6-v2 sentence embeddings plus hashed word n-grams (softmax, or one
ReLU hidden layer when the training script's cross-validation prefers it), trained by
`scripts/train_sentence_classes.py` on the pinned, hand-labelled `evals/sentence_data/train.jsonl`
and evaluated on the disjoint `evals/sentence_data/eval.jsonl`. Tools call `classify_sentences` with
`Services.sentence_model` (ONNX int8 by default): the script trains on that same runtime's vectors.

Who said a sentence is an input too: the labels depend on it ("an agent's description of a known
problem is other; the issue is the customer's report"), and the product always knows it
(`account_sentences.Sentence.side`: customer, ours or unknown). A model trained with sides reads a
one-hot of the side, and optionally the side crossed with the cue tokens ("customer + question").
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from copilot.errors import ConfigError

if TYPE_CHECKING:
    from copilot.index.embedder import Embedder

MODEL_PATH = Path(__file__).resolve().parent / "sentence_classes.npz"
LABELS = ("issue", "commitment", "risk", "other")
# The sides `copilot/tools/account_sentences.py` attributes sentences to.
SIDES = ("customer", "ours", "unknown")
MAX_SENTENCE_CHARS = 600

Matrix = npt.NDArray[np.float64]
_KEYS = ("labels", "mean", "scale", "weights", "bias", "lexical")
# Written only by models with a hidden layer; a softmax-only file has neither.
_HIDDEN_KEYS = ("hidden_weights", "hidden_bias")
# Written only by models that read the side: (crossed with cues 0/1, weight); older files have none.
_SIDE_KEY = "side"
_TOKEN = re.compile(r"[a-z0-9']+")
# Chat exports prefix turns with @handles and trail links; neither says what kind of sentence it is.
_HANDLES = re.compile(r"^(?:@\w+[\s,:]*)+")
_LINKS = re.compile(r"https?://\S+")
_SPACES = re.compile(r"\s+")
# Cues the word n-grams miss or spread thin, hashed in as extra tokens so the model learns their weight:
# a question or an exclamation, a date or deadline, a first-person future ("I'll", "we will"), negation.
_CUES = {
    "<question>": re.compile(r"\?"),
    "<exclaim>": re.compile(r"!"),
    "<date>": re.compile(
        r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|"
        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\d{4}-\d{2}-\d{2}|"
        r"(?:by|before|until|on)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|tonight|next week|"
        r"end of (?:the )?(?:day|week|month|quarter))",
        re.IGNORECASE,
    ),
    "<we-future>": re.compile(
        r"\b(?:i|we)(?:'ll|\s+will|\s+shall|'m going to|\s+am going to|\s+are going to)\b", re.IGNORECASE
    ),
    "<negation>": re.compile(r"\b(?:not|never|no|nobody|nothing)\b|n't\b", re.IGNORECASE),
}


@dataclass(frozen=True)
class SentenceClass:
    """The most likely label of one sentence and its probability."""

    label: str
    score: float


class SentenceLabeller(Protocol):
    """What the account summary needs of a sentence classifier: this module's frozen-vector one or the
    fine-tuned one (`copilot.tools.sentence_tuned`)."""

    labels: list[str]
    # False when the model runs its own encoder and ignores the embedder's vectors.
    reads_vectors: bool

    def probabilities(
        self, vectors: Matrix, texts: Sequence[str], sides: Sequence[str] | None = None
    ) -> Matrix:
        """P(label | sentence) per row (embedding, cleaned text, who said it), shape (n, labels)."""
        ...

    def classes_of(self, probs: Matrix) -> list[SentenceClass]:
        """The arg-max label of each row with its probability."""
        ...


def labels_of(labels: Sequence[str], probs: Matrix) -> list[SentenceClass]:
    """The arg-max label of each row of a probability matrix, with its probability."""
    best = probs.argmax(axis=1)
    return [SentenceClass(labels[j], round(float(probs[i, j]), 3)) for i, j in enumerate(best)]


def clean_sentence(text: str) -> str:
    """The sentence as the classifier sees it: no leading handles or links, one space, bounded length."""
    text = _LINKS.sub("", text)
    text = _HANDLES.sub("", text.strip())
    return _SPACES.sub(" ", text).strip()[:MAX_SENTENCE_CHARS]


def softmax(logits: Matrix) -> Matrix:
    """Row-wise softmax, shifted by the row maximum so exp() never overflows."""
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(shifted / shifted.sum(axis=1, keepdims=True), dtype=np.float64)


def lexical_features(texts: Sequence[str], buckets: int) -> Matrix:
    """Hashed word uni- and bigram counts plus cue tokens (log-damped, unit length): what the embedding blurs.

    Short function words ("I'll", "by", "or we") decide many commitments and threats; a fixed
    CRC32 hash keeps the vocabulary out of the model file and the features identical everywhere.
    """
    rows = np.zeros((len(texts), buckets))
    if buckets <= 0:
        return rows
    for i, text in enumerate(texts):
        tokens = _TOKEN.findall(text.lower())
        cues = [name for name, pattern in _CUES.items() if pattern.search(text)]
        for gram in tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)] + cues:
            rows[i, zlib.crc32(gram.encode("utf-8")) % buckets] += 1.0
    rows = np.log1p(rows)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return np.asarray(rows / np.where(norms == 0, 1.0, norms), dtype=np.float64)


def cue_flags(text: str) -> list[float]:
    """1.0 for each cue the sentence shows (question, exclamation, date, first-person future, negation)."""
    return [1.0 if pattern.search(text) else 0.0 for pattern in _CUES.values()]


def side_features(texts: Sequence[str], sides: Sequence[str], *, crossed: bool) -> Matrix:
    """Per sentence, a one-hot of who said it and, when `crossed`, that one-hot times each cue flag.

    The cross lets one weight say "a question from the customer" apart from "a question from us".
    """
    width = 1 + (len(_CUES) if crossed else 0)
    rows = np.zeros((len(texts), len(SIDES) * width))
    for i, (text, side) in enumerate(zip(texts, sides, strict=True)):
        if side not in SIDES:
            raise ValueError(f"unknown side {side!r} (expected one of {', '.join(SIDES)})")
        start = SIDES.index(side) * width
        rows[i, start] = 1.0
        if crossed:
            rows[i, start + 1 : start + width] = cue_flags(text)
    return rows


@dataclass(frozen=True)
class HiddenLayer:
    """An optional ReLU layer between the input features and the softmax."""

    weights: Matrix
    bias: Matrix


class SentenceClassifier:
    """Standardised embedding plus weighted hashed n-grams and side features, through an optional ReLU
    layer, softmaxed.

    `lexical` holds (buckets, weight); buckets 0 means the embedding alone. `side` holds (crossed,
    weight); weight 0 means the model does not read who said the sentence.
    """

    reads_vectors = True

    def __init__(
        self,
        labels: Sequence[str],
        weights: Matrix,
        bias: Matrix,
        mean: Matrix,
        scale: Matrix,
        lexical: Matrix | None = None,
        hidden: HiddenLayer | None = None,
        side: Matrix | None = None,
    ) -> None:
        self.lexical = np.zeros(2) if lexical is None else np.asarray(lexical, dtype=np.float64)
        self.side = np.zeros(2) if side is None else np.asarray(side, dtype=np.float64)
        if self.side.shape != (2,):
            raise ConfigError("sentence_classes", "the side setting must be (crossed, weight)")
        dim = mean.shape[0]
        rows = dim + self.buckets + self.side_columns
        if hidden is not None:
            if hidden.weights.shape[0] != rows or hidden.bias.shape != (hidden.weights.shape[1],):
                raise ConfigError("sentence_classes", "the hidden layer disagrees with the input features")
            rows = hidden.weights.shape[1]
        if weights.shape != (rows, len(labels)) or bias.shape != (len(labels),) or scale.shape != (dim,):
            raise ConfigError("sentence_classes", "weights, bias, mean and labels disagree in shape")
        self.labels = list(labels)
        self.weights, self.bias, self.mean, self.scale = weights, bias, mean, scale
        self.hidden = hidden

    @property
    def dimension(self) -> int:
        """The embedding length the model expects."""
        return int(self.mean.shape[0])

    @property
    def buckets(self) -> int:
        """How many hashed n-gram features follow the embedding."""
        return int(self.lexical[0])

    @property
    def reads_side(self) -> bool:
        """Whether who said a sentence is one of the model's inputs."""
        return float(self.side[1]) != 0.0

    @property
    def side_columns(self) -> int:
        """How many side features follow the n-grams (0 for a model that does not read the side)."""
        if not self.reads_side:
            return 0
        return len(SIDES) * (1 + (len(_CUES) if self.side[0] else 0))

    def features(self, vectors: Matrix, texts: Sequence[str], sides: Sequence[str] | None = None) -> Matrix:
        """The model's input rows: standardised embeddings, weighted n-gram features, then the side's
        (every sentence "unknown" when `sides` is None)."""
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
        if vectors.shape[1] != self.dimension:
            raise ConfigError(
                "embeddings",
                f"sentence classifier expects {self.dimension}-d vectors (all-MiniLM-L6-v2), "
                f"got {vectors.shape[1]}-d",
            )
        lexical = lexical_features(texts, self.buckets) * float(self.lexical[1])
        blocks = [(vectors - self.mean) / self.scale, lexical]
        if self.reads_side:
            said_by = list(sides) if sides is not None else ["unknown"] * len(texts)
            if len(said_by) != len(texts):
                raise ValueError(f"{len(texts)} sentences but {len(said_by)} sides")
            blocks.append(side_features(texts, said_by, crossed=bool(self.side[0])) * float(self.side[1]))
        return np.hstack(blocks)

    def probabilities(
        self, vectors: Matrix, texts: Sequence[str], sides: Sequence[str] | None = None
    ) -> Matrix:
        """P(label | sentence) for each row (embedding, cleaned text, who said it), shape (n, labels)."""
        inputs = self.features(vectors, texts, sides)
        if self.hidden is not None:
            inputs = np.maximum(inputs @ self.hidden.weights + self.hidden.bias, 0.0)
        return softmax(inputs @ self.weights + self.bias)

    def predict(
        self, vectors: Matrix, texts: Sequence[str], sides: Sequence[str] | None = None
    ) -> list[SentenceClass]:
        """The arg-max label of each row with its probability."""
        return self.classes_of(self.probabilities(vectors, texts, sides))

    def classes_of(self, probs: Matrix) -> list[SentenceClass]:
        """The arg-max label of each row of `probabilities`' output, with its probability."""
        return labels_of(self.labels, probs)

    def save(self, path: Path) -> None:
        """Write the model as a compressed .npz (float32 keeps it commit-sized)."""
        arrays = {
            "mean": self.mean,
            "scale": self.scale,
            "weights": self.weights,
            "bias": self.bias,
            "lexical": self.lexical,
        }
        if self.hidden is not None:
            arrays.update(hidden_weights=self.hidden.weights, hidden_bias=self.hidden.bias)
        if self.reads_side:
            arrays[_SIDE_KEY] = self.side
        floats = {k: v.astype(np.float32) for k, v in arrays.items()}
        # numpy's stub types **kwds as if they could fill `allow_pickle`; every value here is an array.
        np.savez_compressed(path, labels=np.asarray(self.labels), **floats)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> SentenceClassifier:
        """Read a model written by `save`; a missing or broken file is a ConfigError naming it."""
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in _KEYS}
                extra = {k: data[k] for k in _HIDDEN_KEYS if k in data.files}
                side = np.asarray(data[_SIDE_KEY], dtype=np.float64) if _SIDE_KEY in data.files else None
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError("sentence_classes", f"{path}: cannot read sentence classifier ({exc})") from exc
        floats = {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items() if k != "labels"}
        hidden = None
        if len(extra) == len(_HIDDEN_KEYS):
            hidden = HiddenLayer(*(np.asarray(extra[k], dtype=np.float64) for k in _HIDDEN_KEYS))
        return cls([str(x) for x in arrays["labels"]], **floats, hidden=hidden, side=side)


@lru_cache(maxsize=1)
def default_classifier() -> SentenceClassifier:
    """The committed model, loaded once per process."""
    return SentenceClassifier.load(MODEL_PATH)


def classify_sentences(
    texts: Sequence[str],
    embeddings: Embedder,
    classifier: SentenceLabeller | None = None,
    sides: Sequence[str] | None = None,
) -> list[SentenceClass]:
    """Label each sentence issue / commitment / risk / other, with the label's probability.

    `classifier` defaults to this module's frozen-vector model; `sides` says who said each sentence
    (customer, ours, unknown); without it every one is unknown.
    """
    if not texts:
        return []
    model: SentenceLabeller = classifier or default_classifier()
    cleaned = [clean_sentence(t) or "-" for t in texts]
    if model.reads_vectors:
        vectors = np.asarray(embeddings.embed_documents(cleaned), dtype=np.float64)
    else:
        vectors = np.zeros((len(cleaned), 0))
    read = model.classes_of(model.probabilities(vectors, cleaned, sides))
    return [
        UNREAD if len(text.split()) < MIN_READ_WORDS else cls for text, cls in zip(cleaned, read, strict=True)
    ]


# A one-word sentence ("None.", "Nope.", "Friday.") says nothing on its own, and no training or held-out
# sentence is shorter than three words, so the model's reading of it is noise: "None." answering "Any
# problems with the SSO setup?" read as an issue (0.59) made a praise-only call negative. It is "other"
# with no confidence, which no caller's bar takes as a reading either way.
MIN_READ_WORDS = 2
UNREAD = SentenceClass("other", 0.0)


def fit_softmax(
    features: Matrix, targets: npt.NDArray[np.int64], classes: int, *, l2: float, epochs: int = 300
) -> tuple[Matrix, Matrix]:
    """Fit multinomial logistic regression by full-batch gradient descent with momentum.

    Classes are weighted inversely to their frequency so the rare ones (risks) are not drowned by
    "other". Returns (weights, bias).
    """
    n, dim = features.shape
    onehot = np.eye(classes)[targets]
    counts = onehot.sum(axis=0)
    sample_weight = (n / (classes * np.maximum(counts, 1.0)))[targets][:, None]
    weights, bias = np.zeros((dim, classes)), np.zeros(classes)
    velocity_w, velocity_b = np.zeros_like(weights), np.zeros_like(bias)
    for _ in range(epochs):
        error = (softmax(features @ weights + bias) - onehot) * sample_weight
        velocity_w = 0.9 * velocity_w - 0.1 * (features.T @ error / n + l2 * weights)
        velocity_b = 0.9 * velocity_b - 0.1 * error.mean(axis=0)
        weights += velocity_w
        bias += velocity_b
    return weights, bias
