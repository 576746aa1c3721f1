"""The fine-tuned sentence classifier: all-MiniLM-L6-v2 with tuned encoder layers, on ONNX Runtime.

The committed file (`sentence_tuned.npz`, written by scripts/sentence_finetune.py) holds what
training changed: the tuned encoder layers (int8, one scale per output row), the 4-way head over
[unit mean-pooled vector x pool scale, hashed n-grams x weight, side crossed with the cue flags x
weight] and the per-class decision offsets chosen on train's folds. The encoder and the head's
pooled-vector part run as one cached per-machine graph (copilot/index/tuned_encoder.py, the same
machinery as the tone's frustration model); the n-gram and side parts, the bias and the offsets are
added here, so the graph is named by the tuned tensors only. When the file is missing or the graph
cannot be built, `sentence_labeller` falls back to the frozen-vector model (sentence_classes.npz)
and logs why.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from copilot.errors import ConfigError
from copilot.index.onnx_embeddings import TextGraph, mean_pooled
from copilot.index.tuned_encoder import (
    Tensors,
    dequantized,
    graph_file,
    tensor_digest,
    tuned_encoder,
    tuned_graph,
)
from copilot.tools.sentence_classes import (
    SentenceClass,
    SentenceLabeller,
    default_classifier,
    labels_of,
    lexical_features,
    side_features,
    softmax,
)

MODEL_PATH = Path(__file__).resolve().parent / "sentence_tuned.npz"
# Bump when the graph changes shape or semantics, so stale cached graphs are not reused.
GRAPH_VERSION = "1"
# Training truncated sentences at 128 word pieces (scripts/sentence_top_layers.py).
MAX_TOKENS = 128
LOG = logging.getLogger(__name__)

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TunedSentenceWeights:
    """The tuned layers, the head split into its pooled-vector and feature parts, and the settings."""

    labels: list[str]
    layers: Tensors
    pooled_head: npt.NDArray[np.float32]  # (labels, 384)
    feature_head: npt.NDArray[np.float32]  # (labels, n-gram buckets + side columns)
    bias: Matrix  # the head's bias plus the decision offsets
    features: Matrix  # (pool scale, n-gram buckets, n-gram weight, side weight)
    digest: str

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> TunedSentenceWeights:
        """Read the committed file; a missing or broken one is a ConfigError naming it."""
        try:
            with np.load(path, allow_pickle=False) as data:
                tensors = dequantized({k: data[k] for k in data.files if k.startswith(("layer.", "head."))})
                labels = [str(x) for x in data["labels"]]
                offsets = np.asarray(data["offsets"], dtype=np.float64)
                features = np.asarray(data["features"], dtype=np.float64)
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(
                "sentence_tuned", f"{path}: cannot read the tuned sentence model ({exc})"
            ) from exc
        head = tensors.pop("head.weight", None)
        bias = tensors.pop("head.bias", None)
        if head is None or bias is None or not tensors or head.shape[0] != len(labels):
            raise ConfigError("sentence_tuned", f"{path}: no head, no tuned layer, or labels disagree")
        pooled, rest = head[:, :384], head[:, 384:]
        digest = tensor_digest({**tensors, "head.pooled": pooled, "scale": features[:1].astype(np.float32)})
        return cls(labels, tensors, pooled, rest, bias + offsets, features, digest)


def reference_module(model_dir: Path, weights: TunedSentenceWeights) -> Any:
    """The torch module the graph is traced from: the packaged encoder with the tuned layers, the
    embedder's mean pooling times the pool scale, the head's pooled-vector part; output (n, labels)."""
    import torch

    pooled = mean_pooled(tuned_encoder(model_dir, weights.layers))
    head = torch.from_numpy(np.ascontiguousarray(weights.pooled_head.T))
    scale = float(weights.features[0])

    class _PooledLogits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.pooled = pooled

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return (self.pooled(input_ids, attention_mask, token_type_ids) * scale) @ head

    return _PooledLogits().eval()


class TunedSentenceClassifier:
    """Issue / commitment / risk / other from the tuned encoder's graph plus n-gram and side features."""

    reads_vectors = False

    def __init__(
        self,
        model_dir: Path,
        cache_dir: Path,
        *,
        source: str | None = None,
        weights_path: Path = MODEL_PATH,
        quantize: bool = True,
        threads: int | None = None,
    ) -> None:
        self.weights = TunedSentenceWeights.load(weights_path)
        self.labels = self.weights.labels
        digest = self.weights.digest
        target = graph_file("sentence-classes", GRAPH_VERSION, digest, cache_dir, model_dir, source, quantize)
        module = lambda: reference_module(model_dir, self.weights)  # noqa: E731 - built only on a cache miss
        self.onnx_path = tuned_graph(target, module, "pooled_logits", quantize=quantize)
        self._graph = TextGraph(self.onnx_path, model_dir, max_tokens=MAX_TOKENS, threads=threads)

    def feature_logits(self, texts: Sequence[str], sides: Sequence[str] | None) -> Matrix:
        """The head's n-gram and side part plus its bias and the decision offsets."""
        _, buckets, ngram_weight, side_weight = (float(v) for v in self.weights.features)
        said_by = list(sides) if sides is not None else ["unknown"] * len(texts)
        if len(said_by) != len(texts):
            raise ValueError(f"{len(texts)} sentences but {len(said_by)} sides")
        extra = np.hstack(
            [
                lexical_features(texts, int(buckets)) * ngram_weight,
                side_features(texts, said_by, crossed=True) * side_weight,
            ]
        )
        return np.asarray(extra @ self.weights.feature_head.T + self.weights.bias, dtype=np.float64)

    def probabilities(
        self, vectors: Matrix, texts: Sequence[str], sides: Sequence[str] | None = None
    ) -> Matrix:
        """P(label | sentence) per cleaned text; `vectors` (the frozen model's input) is not read."""
        del vectors  # the tuned graph runs its own encoder
        if not texts:
            return np.zeros((0, len(self.labels)))
        pooled = np.asarray(self._graph.run(texts), dtype=np.float64)
        return softmax(pooled + self.feature_logits(texts, sides))

    def classes_of(self, probs: Matrix) -> list[SentenceClass]:
        """The arg-max label of each row with its probability."""
        return labels_of(self.labels, probs)


@lru_cache(maxsize=4)
def shared_labeller(
    model_dir: Path, cache_dir: Path, source: str | None = None, weights_path: Path = MODEL_PATH
) -> SentenceLabeller:
    """The tuned classifier for this packaged encoder, or the frozen-vector one (logged) when the tuned
    file is missing or its graph cannot be built (e.g. no torch on a machine whose cache lacks it)."""
    try:
        return TunedSentenceClassifier(model_dir, cache_dir, source=source, weights_path=weights_path)
    except (ConfigError, ImportError, OSError) as exc:
        LOG.warning("tuned sentence classifier unavailable (%s); using the frozen-vector model", exc)
        return default_classifier()


def sentence_labeller() -> SentenceLabeller:
    """The configured sentence classifier (see `shared_labeller`), one per process and configuration."""
    from copilot.config import load_settings
    from copilot.container import sentence_labeller_for

    return sentence_labeller_for(load_settings())
