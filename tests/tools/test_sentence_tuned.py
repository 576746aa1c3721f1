"""The fine-tuned sentence classifier: its graph is built offline from the packaged encoder and the
committed tuned tensors, agrees with the torch reference, labels clear sentences, and the account
summary falls back to the frozen-vector model, saying so, when the tuned file is missing."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from copilot.config import load_settings
from copilot.container import sentence_labeller_for
from copilot.errors import ConfigError
from copilot.index.tuned_encoder import dequantized, quantized
from copilot.tools.sentence_classes import LABELS, SentenceClassifier
from copilot.tools.sentence_tuned import (
    MODEL_PATH,
    TunedSentenceClassifier,
    TunedSentenceWeights,
    reference_module,
    shared_labeller,
)

# Sentences no training or evaluation row contains, one clear case per class, with who said them.
CLEAR = [
    (
        "The invoice export has failed every night since Monday and our finance team is stuck.",
        "customer",
        "issue",
    ),
    ("I will send you the signed order form by Friday.", "ours", "commitment"),
    ("If this is not fixed by the renewal we will move to another vendor.", "customer", "risk"),
    ("Thanks again, have a lovely weekend!", "customer", "other"),
]


@pytest.fixture(scope="module")
def model() -> TunedSentenceClassifier:
    labeller = sentence_labeller_for(load_settings())
    assert isinstance(labeller, TunedSentenceClassifier)
    return labeller


def test_the_committed_file_holds_six_tuned_layers_a_head_and_offsets() -> None:
    weights = TunedSentenceWeights.load(MODEL_PATH)
    assert weights.labels == list(LABELS)
    assert {int(name.split(".")[1]) for name in weights.layers} == set(range(6))
    assert weights.pooled_head.shape == (len(LABELS), 384)
    # int8 layers, no word-piece embeddings (those come from the installed package): about 11 MB.
    assert not any("embeddings" in name for name in weights.layers)
    assert MODEL_PATH.stat().st_size < 12_000_000


def test_clear_sentences_get_their_class(model: TunedSentenceClassifier) -> None:
    texts, sides, expected = zip(*CLEAR, strict=True)
    probabilities = model.probabilities(np.zeros((len(texts), 0)), list(texts), list(sides))
    assert [c.label for c in model.classes_of(probabilities)] == list(expected)
    assert np.allclose(probabilities.sum(axis=1), 1.0)


def test_the_graph_matches_the_torch_reference(model: TunedSentenceClassifier) -> None:
    import torch
    from tokenizers import Tokenizer

    model_dir = load_settings().resolved_embedding_path()
    reference = reference_module(model_dir, model.weights)
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    texts = [text for text, _, _ in CLEAR]
    expected = []
    for text in texts:
        ids = torch.tensor([tokenizer.encode(text).ids])
        with torch.no_grad():
            expected.append(reference(ids, torch.ones_like(ids), torch.zeros_like(ids))[0].numpy())
    got = model._graph.run(texts)
    # int8 weights and activations move a logit by a few tenths at most; the arg-max rests on more.
    assert np.abs(got - np.asarray(expected)).max() < 0.5


def test_a_missing_file_falls_back_to_the_frozen_model_and_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    model_dir = load_settings().resolved_embedding_path()
    with pytest.raises(ConfigError, match=r"missing\.npz"):
        TunedSentenceWeights.load(tmp_path / "missing.npz")
    with caplog.at_level(logging.WARNING, logger="copilot.tools.sentence_tuned"):
        labeller = shared_labeller(model_dir, tmp_path, "source", tmp_path / "missing.npz")
    assert isinstance(labeller, SentenceClassifier)
    assert "frozen-vector model" in caplog.text and "missing.npz" in caplog.text
    assert not list(tmp_path.glob("*.onnx"))


def test_int8_storage_round_trips_within_one_step_per_row() -> None:
    rng = np.random.default_rng(0)
    tensors = {"layer.0.w": rng.normal(size=(8, 5)).astype(np.float32), "layer.0.b": np.ones(8, np.float32)}
    back = dequantized(quantized(tensors))
    step = np.abs(tensors["layer.0.w"]).max(axis=1, keepdims=True) / 127.0
    assert np.all(np.abs(back["layer.0.w"] - tensors["layer.0.w"]) <= step / 2 + 1e-7)
    assert np.array_equal(back["layer.0.b"], tensors["layer.0.b"])
