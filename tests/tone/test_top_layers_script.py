"""scripts/tone_layer_features.py + scripts/tone_top_layers.py on a slice of GoEmotions: the exported
file is what the product loads (copilot/tone/frustration.py), and the learning-rate schedule."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from copilot.config import load_settings
from copilot.tone.frustration import TunedWeights, reference_model
from scripts import tone_layer_features, tone_top_layers
from tests.support.shared_data import VENDORED


def test_the_linear_schedule_warms_up_then_decays_to_zero() -> None:
    factors = [tone_top_layers.lr_factor("linear", step, 100) for step in range(100)]
    assert factors[0] == pytest.approx(0.2) and factors[4] == pytest.approx(1.0)
    assert all(a >= b for a, b in itertools.pairwise(factors[4:]))
    assert factors[-1] == pytest.approx(1 / 95)
    assert tone_top_layers.lr_factor("constant", 77, 100) == 1.0


def test_a_short_run_exports_weights_the_product_graph_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, cache, out = VENDORED / "goemotions", tmp_path / "cache", tmp_path / "tuned.npz"
    # The first 120 rows of each split are vendored (tests/data/goemotions, Apache-2.0); 32 are enough.
    base = ["--data", str(data), "--limit", "32"]
    assert tone_layer_features.main([*base, "--out", str(cache), "--keep", "4", "--states-only"]) == 0
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        f"{kind}-{split}.npy" for kind in ("h4", "len") for split in ("train", "dev", "test")
    )
    args = [*base, "--cache", str(cache), "--from", "4", "--epochs", "1", "--batch", "16"]
    args += ["--eval-every", "1", "--schedule", "linear", "--export", str(out), "--store", "int8"]
    args += ["--save", str(tmp_path / "chosen.pt")]
    assert tone_top_layers.main(args) == 0
    printed = capsys.readouterr().out
    assert "CHOSEN step" in printed and "test (scored once" in printed
    weights = TunedWeights.load(out)
    assert weights.first_layer == 4 and 0.0 < weights.threshold < 1.0
    assert {n.split(".")[1] for n in weights.tensors if n.startswith("layer.")} == {"4", "5"}
    assert all(v.dtype == np.float32 for v in weights.tensors.values())
    # Loading is strict: every tuned tensor must name a parameter of the packaged encoder's layers.
    module = reference_model(load_settings().resolved_embedding_path(), weights)
    tuned = module.encoder.encoder.layer[5].output.dense.bias.detach().numpy()
    assert np.array_equal(tuned, weights.tensors["layer.5.output.dense.bias"])
    # Stored as int8 with a scale per row, a matrix comes back within half a step of the trained one.
    with np.load(out) as data:
        assert data["layer.5.output.dense.weight.q"].dtype == np.int8
        step = data["layer.5.output.dense.weight.scale"]
    import torch

    # --save keeps the chosen step's float32 state; its layers are numbered from the first tuned one.
    trained = torch.load(tmp_path / "chosen.pt")["layers"]["1.output.dense.weight"].numpy()
    assert np.all(np.abs(trained - weights.tensors["layer.5.output.dense.weight"]) <= step / 2 + 1e-7)
