"""The inbound frustration model: its graph is built from the committed weights and the packaged
encoder, agrees with the torch reference, and is cached per machine by the weights it holds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from copilot.config import load_settings
from copilot.container import frustration_model_for
from copilot.errors import ConfigError
from copilot.tone.frustration import (
    MODEL_PATH,
    TunedFrustrationModel,
    TunedWeights,
    calibrated,
    graph_path,
    reference_model,
)

SENTENCES = [
    "This is the third time the export has broken and I am absolutely furious about it!",
    "Thanks a lot for your help yesterday, everything works now.",
    "We are disappointed with how the rollout was handled.",
    "See you at Thursday's review.",
]


def _reference_probabilities(model_dir: Path, sentences: list[str]) -> np.ndarray:
    import torch
    from tokenizers import Tokenizer

    reference = reference_model(model_dir, TunedWeights.load(MODEL_PATH))
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()  # the packaged tokenizer.json pads to a fixed length
    out = []
    for sentence in sentences:
        ids = torch.tensor([tokenizer.encode(sentence).ids])
        with torch.no_grad():
            out.append(float(reference(ids, torch.ones_like(ids), torch.zeros_like(ids))[0, 0]))
    return np.array(out)


def test_the_committed_file_holds_tuned_layers_a_head_and_a_threshold() -> None:
    weights = TunedWeights.load(MODEL_PATH)
    assert 0.0 < weights.threshold < 1.0
    # A sentence alone must clear a higher cut than its whole message (flag_tone's two-cut rule).
    assert weights.sentence_margin > 0.0
    assert weights.tensors["head.weight"].shape == (1, 384)
    tuned = {int(name.split(".")[1]) for name in weights.tensors if name.startswith("layer.")}
    assert tuned == set(range(weights.first_layer, 6))
    # Weight matrices int8 with a scale per row: six tuned layers stay well inside the 25 MB budget.
    assert MODEL_PATH.stat().st_size < 12_000_000


def test_the_runtime_graph_matches_the_torch_reference() -> None:
    settings = load_settings()
    model = frustration_model_for(settings)
    assert isinstance(model, TunedFrustrationModel)
    got = model.raw_probabilities(SENTENCES)
    expected = _reference_probabilities(settings.resolved_embedding_path(), SENTENCES)
    # int8 weights and activations move a probability by a few hundredths at most.
    assert np.abs(got - expected).max() < 0.05, (got, expected)
    # The order is what the flag rests on: the angry and the disappointed lines score above the calm ones.
    assert min(got[0], got[2]) > max(got[1], got[3])
    # The reported probability is the dev-fitted calibration of the graph's: same order, other values.
    final = model.probabilities(SENTENCES)
    assert np.allclose(final, calibrated(got, model.calibration))
    assert list(np.argsort(final)) == list(np.argsort(got)) and model.calibration != (1.0, 0.0)


def test_the_graph_is_named_by_the_weights_not_the_threshold(tmp_path: Path) -> None:
    weights = TunedWeights.load(MODEL_PATH)
    with np.load(MODEL_PATH) as data:
        arrays = {k: data[k] for k in data.files}
    moved = tmp_path / "moved.npz"
    np.savez(moved, **{**arrays, "threshold": np.float32(0.123)})
    changed = tmp_path / "changed.npz"
    bias = arrays["head.bias"] + np.float16(1.0)
    np.savez(changed, **{**arrays, "head.bias": bias})
    model_dir = load_settings().resolved_embedding_path()

    def path(w: TunedWeights) -> Path:
        return graph_path(model_dir, tmp_path, w, "source", quantize=True)

    assert TunedWeights.load(moved).threshold == pytest.approx(0.123)
    assert path(TunedWeights.load(moved)) == path(weights)
    assert path(TunedWeights.load(changed)) != path(weights)


def test_a_missing_weights_file_is_a_config_error(tmp_path: Path) -> None:
    settings = load_settings()
    with pytest.raises(ConfigError, match=r"missing\.npz"):
        TunedFrustrationModel(
            settings.resolved_embedding_path(), tmp_path, weights_path=tmp_path / "missing.npz"
        )


def _session_output(onnx_path: Path, feeds: dict[str, np.ndarray], disabled: tuple[str, ...]) -> np.ndarray:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(
        str(onnx_path), options, providers=["CPUExecutionProvider"], disabled_optimizers=list(disabled)
    )
    wanted = {i.name for i in session.get_inputs()}
    return np.asarray(session.run(None, {k: v for k, v in feeds.items() if k in wanted})[0])


def _feeds(model_dir: Path, sentences: list[str]) -> dict[str, np.ndarray]:
    """The three BERT inputs for `sentences` as one zero-padded batch, as TextGraph builds it."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    encodings = [tokenizer.encode(s).ids for s in sentences]
    ids = np.zeros((len(encodings), max(map(len, encodings))), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, encoding in enumerate(encodings):
        ids[row, : len(encoding)], mask[row, : len(encoding)] = encoding, 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}


def test_only_the_frustration_graph_runs_without_the_skip_layer_norm_fusion() -> None:
    # The stored cuts were tuned through sessions without that fusion (docs/tone.md); the embedder that
    # the politeness model, retrieval and the injection check read keeps every fusion, so its vectors
    # (and their held-out figures) are unchanged.
    from copilot.container import Services
    from copilot.index.onnx_embeddings import SKIP_LAYER_NORM_FUSIONS, OnnxEmbeddings

    settings = load_settings()
    model_dir = settings.resolved_embedding_path()
    model = frustration_model_for(settings)
    assert isinstance(model, TunedFrustrationModel)
    feeds = _feeds(model_dir, SENTENCES)  # one batch: int8 activation scales are per batch
    unfused = _session_output(model.onnx_path, feeds, SKIP_LAYER_NORM_FUSIONS)[:, 0]
    fused = _session_output(model.onnx_path, feeds, ())[:, 0]
    assert np.array_equal(model.raw_probabilities(SENTENCES), unfused)
    embedder = Services(settings).sentence_model
    assert isinstance(embedder, OnnxEmbeddings)
    vectors = embedder.embed_array(SENTENCES)
    fused_vectors = _session_output(embedder.onnx_path, feeds, ())
    assert np.allclose(
        vectors, fused_vectors / np.linalg.norm(fused_vectors, axis=1, keepdims=True), atol=1e-7
    )
    # What lets the first check tell the two settings apart: on this batch their outputs differ.
    assert not np.array_equal(unfused, fused)
