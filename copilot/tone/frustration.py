"""Inbound `frustrated`: all-MiniLM-L6-v2 with its encoder layers tuned on GoEmotions, on ONNX Runtime.

The committed file (`frustration_model.npz`, weight matrices int8, written by scripts/tone_finetune.py
and averaged over two runs by scripts/tone_soup.py, or by scripts/tone_top_layers.py for top layers
only) holds only what training changed: the tuned encoder layers (from `first_tuned_layer` up) and a
384x1 head, plus the message threshold, the calibration and the sentence margin tuned on GoEmotions
dev through this runtime (scripts/tune_frustration.py). The graph that runs (the packaged embeddings
and any untuned layers, the tuned layers, mean pooling, the head) is built once per machine into the
model cache by copilot/index/tuned_encoder.py (torch is needed only then), and named by digests of
the packaged model and of the tuned weights, so a changed file never reuses a stale graph.
No weights are downloaded.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from copilot.errors import ConfigError
from copilot.index.onnx_embeddings import SKIP_LAYER_NORM_FUSIONS, TextGraph, mean_pooled
from copilot.index.tuned_encoder import dequantized, graph_file, tensor_digest, tuned_encoder, tuned_graph

MODEL_PATH = Path(__file__).resolve().parent / "frustration_model.npz"
# Bump when the graph changes shape or semantics, so stale cached graphs are not reused.
GRAPH_VERSION = "1"
# Training truncated GoEmotions comments at 128 word pieces (scripts/tone_layer_features.py).
MAX_TOKENS = 128
# A longer message is scored as windows of at most 126 word pieces (128 with [CLS] and [SEP]) that
# overlap by this many, so a sentence cut by one window's edge is whole in the next.
WINDOW_OVERLAP = 32
# The head sees the unit-length mean of the last layer's token states times this (scripts/tone_top_layers.py).
POOL_SCALE = 20.0
# The frustration graph's sessions run without the SkipLayerNormalization fusion: a one-text inbound
# request's graph call is 16-21% cheaper (docs/benchmarks.md), and the stored threshold, calibration and
# margin were tuned through this setting (scripts/tune_frustration.py builds the model the same way).
# The MiniLM embedder (retrieval, politeness, injection check) and the sentence classifier keep it.
GRAPH_UNFUSED = SKIP_LAYER_NORM_FUSIONS

Vector = npt.NDArray[np.float64]


class FrustrationModel(ABC):
    """P(frustrated) for texts, the probability at which a message's label fires, and how much more a
    single sentence needs (`sentence_margin`, a logit) to flag its message on its own."""

    threshold: float
    sentence_margin: float = 0.0

    @abstractmethod
    def probabilities(self, texts: Sequence[str]) -> Vector:
        """One probability per text (a message, a window of one, or a sentence), in input order."""

    def windows(self, text: str) -> list[tuple[int, int]]:
        """Character spans of `text` that each fit the model's input; the whole text unless it is longer."""
        return [(0, len(text))]


@dataclass(frozen=True)
class TunedWeights:
    """The tuned top layers (`layer.<k>.<param>`, as in the encoder) and head, as float32 arrays."""

    first_layer: int
    tensors: dict[str, npt.NDArray[np.float32]]
    threshold: float
    digest: str
    # (slope, intercept) of the logistic calibration of the graph's logit, fitted on dev (identity if absent)
    calibration: tuple[float, float] = (1.0, 0.0)
    # Calibrated logit a sentence's score loses before it can flag its message alone (0 if absent)
    sentence_margin: float = 0.0

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> TunedWeights:
        """Read the committed file; a missing or broken one is a ConfigError naming it."""
        try:
            with np.load(path, allow_pickle=False) as data:
                tensors = dequantized({k: data[k] for k in data.files if k.startswith(("layer.", "head."))})
                threshold = float(data["threshold"])
                first = int(data["first_tuned_layer"])
                slope, intercept = (
                    (float(v) for v in data["calibration"]) if "calibration" in data.files else (1.0, 0.0)
                )
                margin = float(data["sentence_margin"]) if "sentence_margin" in data.files else 0.0
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError("frustration_model", f"{path}: cannot read the tuned model ({exc})") from exc
        if "head.weight" not in tensors or not any(k.startswith(f"layer.{first}.") for k in tensors):
            raise ConfigError("frustration_model", f"{path}: no head or no tuned layer {first}")
        # The threshold and calibration are not part of the graph: re-tuning them must not force a rebuild.
        return cls(first, tensors, threshold, tensor_digest(tensors), (slope, intercept), margin)


def reference_model(model_dir: Path, weights: TunedWeights) -> Any:
    """The torch module the graph is traced from: packaged encoder with the tuned layers, mean pooling,
    scaled unit vector, head, sigmoid; inputs (input_ids, attention_mask, token_type_ids), output (n, 1)."""
    import torch

    encoder = tuned_encoder(model_dir, weights.tensors)
    head = torch.nn.Linear(encoder.config.hidden_size, 1)
    head.load_state_dict(
        {
            "weight": torch.from_numpy(weights.tensors["head.weight"]),
            "bias": torch.from_numpy(weights.tensors["head.bias"]),
        }
    )

    class _Frustration(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder, self.head = encoder, head
            self.pooled = mean_pooled(encoder)  # the same encoder, with the embedder's pooling

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            pooled = self.pooled(input_ids, attention_mask, token_type_ids) * POOL_SCALE
            return torch.sigmoid(self.head(pooled))

    return _Frustration().eval()


def graph_path(
    model_dir: Path, cache_dir: Path, weights: TunedWeights, source: str | None, quantize: bool
) -> Path:
    """Where this model's graph is cached: named by the packaged model's and the tuned weights' digests."""
    return graph_file("frustration", GRAPH_VERSION, weights.digest, cache_dir, model_dir, source, quantize)


def export_graph(
    model_dir: Path,
    cache_dir: Path,
    weights: TunedWeights,
    *,
    source: str | None = None,
    quantize: bool = True,
) -> Path:
    """The cached ONNX graph for the packaged model plus these tuned weights, built on first use."""
    target = graph_path(model_dir, cache_dir, weights, source, quantize)
    return tuned_graph(target, lambda: reference_model(model_dir, weights), "probability", quantize=quantize)


class TunedFrustrationModel(FrustrationModel):
    """The tuned encoder's graph over sentences, in length-bucketed batches."""

    def __init__(
        self,
        model_dir: Path,
        cache_dir: Path,
        *,
        source: str | None = None,
        weights_path: Path = MODEL_PATH,
        quantize: bool = True,
        batch_size: int = 32,
        threads: int | None = None,
    ) -> None:
        from tokenizers import Tokenizer

        weights = TunedWeights.load(weights_path)
        self.threshold = weights.threshold
        self.calibration = weights.calibration
        self.sentence_margin = weights.sentence_margin
        self.onnx_path = export_graph(model_dir, cache_dir, weights, source=source, quantize=quantize)
        self._graph = TextGraph(
            self.onnx_path,
            model_dir,
            batch_size=batch_size,
            max_tokens=MAX_TOKENS,
            threads=threads,
            unfused=GRAPH_UNFUSED,
        )
        # The graph's tokenizer truncates; windows need every word piece's offsets.
        self._pieces = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._pieces.no_truncation()
        self._pieces.no_padding()

    def windows(self, text: str) -> list[tuple[int, int]]:
        """Overlapping spans of at most MAX_TOKENS - 2 word pieces (one span for most messages)."""
        room = MAX_TOKENS - 2
        # Every word piece covers at least one character, so a short text needs no tokenizing.
        if len(text) <= room:
            return [(0, len(text))]
        return token_windows(self._pieces.encode(text, add_special_tokens=False).offsets, len(text), room)

    def raw_probabilities(self, sentences: Sequence[str]) -> Vector:
        """The graph's own sigmoid output per sentence (before calibration)."""
        if not sentences:
            return np.zeros(0)
        return np.asarray(self._graph.run(sentences)[:, 0], dtype=np.float64)

    def probabilities(self, sentences: Sequence[str]) -> Vector:
        """Calibrated P(frustrated) per sentence: the fine-tuned head is over-confident (flagged texts'
        ECE 0.097 on GoEmotions test before calibration), so its logit goes through a logistic fit on dev."""
        return calibrated(self.raw_probabilities(sentences), self.calibration)


def token_windows(offsets: Sequence[tuple[int, int]], length: int, room: int) -> list[tuple[int, int]]:
    """Character spans of windows of `room` word pieces (by their offsets), overlapping by WINDOW_OVERLAP."""
    if len(offsets) <= room:
        return [(0, length)]
    spans = []
    for first in range(0, len(offsets), room - WINDOW_OVERLAP):
        last = min(first + room, len(offsets)) - 1
        spans.append((offsets[first][0], offsets[last][1]))
        if last == len(offsets) - 1:
            break
    return spans


def shifted(probabilities: Vector, margin: float) -> Vector:
    """sigmoid(logit(p) - margin): a sentence's score on its message's scale (0 for an infinite margin)."""
    clipped = np.clip(probabilities, 1e-7, 1 - 1e-7)
    return 1.0 / (1.0 + np.exp(-(np.log(clipped / (1 - clipped)) - margin)))


def calibrated(probabilities: Vector, calibration: tuple[float, float]) -> Vector:
    """sigmoid(slope * logit(p) + intercept): monotone, so it moves the threshold, not the ranking."""
    slope, intercept = calibration
    clipped = np.clip(probabilities, 1e-7, 1 - 1e-7)
    return 1.0 / (1.0 + np.exp(-(slope * np.log(clipped / (1 - clipped)) + intercept)))


@lru_cache(maxsize=4)
def shared_frustration_model(model_dir: Path, cache_dir: Path, source: str | None = None) -> FrustrationModel:
    """One model per process and configuration (the API's Services and flag_tone's default share it)."""
    return TunedFrustrationModel(model_dir, cache_dir, source=source)


@lru_cache(maxsize=1)
def default_frustration_model() -> FrustrationModel:
    """The committed model over the configured packaged encoder, built into the configured model cache."""
    from copilot.config import load_settings
    from copilot.container import frustration_model_for

    return frustration_model_for(load_settings())
