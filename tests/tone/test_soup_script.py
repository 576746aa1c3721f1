"""scripts/tone_soup.py: the averaged file holds the tensor-wise mean of its inputs, in the format the
product loads (int8 matrices with per-row scales), and refuses files that tune different tensors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from copilot.index.tuned_encoder import quantized
from copilot.tone.frustration import TunedWeights
from scripts import tone_soup


def _tensors(seed: int) -> tone_soup.Tensors:
    rng = np.random.default_rng(seed)
    return {
        "layer.0.attention.self.query.weight": rng.normal(size=(8, 8)).astype(np.float32),
        "layer.0.attention.self.query.bias": rng.normal(size=8).astype(np.float32),
        "head.weight": rng.normal(size=(1, 8)).astype(np.float32),
        "head.bias": rng.normal(size=1).astype(np.float32),
    }


def _write(path: Path, tensors: tone_soup.Tensors, threshold: float) -> Path:
    arrays = quantized(tensors, min_rows=2)
    arrays["threshold"] = np.asarray(threshold, dtype=np.float32)
    arrays["first_tuned_layer"] = np.asarray(0, dtype=np.int32)
    np.savez_compressed(path, allow_pickle=False, **arrays)
    return path


def test_the_soup_is_the_weighted_mean_of_what_the_product_loads(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.npz", _tensors(0), 0.3)
    second = _write(tmp_path / "b.npz", _tensors(1), 0.7)
    out = tmp_path / "soup.npz"
    assert tone_soup.main([str(first), str(second), "--weights", "3", "1", "--out", str(out)]) == 0
    a, b, soup = (TunedWeights.load(p) for p in (first, second, out))
    for name, value in soup.tensors.items():
        expected = 0.75 * a.tensors[name] + 0.25 * b.tensors[name]
        # int8 with a per-row scale (matrices) or float16: within half a quantisation step of the mean.
        step = np.abs(expected).max(axis=-1, keepdims=True) / 127 if expected.ndim == 2 else 1e-3
        assert np.all(np.abs(value - expected) <= step * 0.51 + 1e-3), name
    assert soup.threshold == pytest.approx(0.3)  # a placeholder: tune_frustration.py chooses it
    with np.load(out) as data:
        assert data["layer.0.attention.self.query.weight.q"].dtype == np.int8
        assert data["head.weight"].dtype == np.float16  # one row: kept as export_npz keeps it


def test_a_negative_weight_swaps_one_ingredient_of_a_soup(tmp_path: Path) -> None:
    shipped = _write(tmp_path / "s.npz", _tensors(0), 0.3)
    control = _write(tmp_path / "a0.npz", _tensors(1), 0.3)
    changed = _write(tmp_path / "a1.npz", _tensors(2), 0.3)
    out = tmp_path / "swapped.npz"
    args = [str(shipped), str(changed), str(control), "--weights", "1", "0.5", "-0.5", "--out", str(out)]
    assert tone_soup.main(args) == 0
    s, a0, a1, swapped = (TunedWeights.load(p) for p in (shipped, control, changed, out))
    for name, value in swapped.tensors.items():
        expected = s.tensors[name] + 0.5 * (a1.tensors[name] - a0.tensors[name])
        step = np.abs(expected).max(axis=-1, keepdims=True) / 127 if expected.ndim == 2 else 1e-3
        assert np.all(np.abs(value - expected) <= step * 0.51 + 1e-3), name
    with pytest.raises(SystemExit):
        tone_soup.main([str(shipped), str(control), "--weights", "1", "-1", "--out", str(out)])


def test_files_that_tune_different_tensors_are_refused(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.npz", _tensors(0), 0.3)
    fewer = _tensors(1)
    del fewer["head.bias"]
    second = _write(tmp_path / "b.npz", fewer, 0.3)
    with pytest.raises(ValueError, match="different tensors"):
        tone_soup.main([str(first), str(second), "--out", str(tmp_path / "soup.npz")])
