"""scripts/train_tone.py runs end to end on a slice of GoEmotions and writes a loadable model."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from copilot.tone.model import ToneClassifier
from tests.support.shared_data import VENDORED

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_tone.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_tone", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.model
def test_training_on_a_slice_writes_a_model_and_reports_test_scores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "model.npz"
    # The first 120 rows of each split are vendored (tests/data/goemotions, Apache-2.0).
    args = ["--data", str(VENDORED / "goemotions"), "--limit", "120", "--out", str(out)]
    args += ["--cache-dir", str(tmp_path / "cache"), "--epochs", "50"]
    assert _load_script().main(args) == 0
    printed = capsys.readouterr().out
    assert "test:" in printed and "macro-F1=" in printed and "frustrated" in printed
    model = ToneClassifier.load(out)
    assert model.labels == ["frustrated"] and model.dimension == 384
    assert 0.0 < float(model.thresholds[0]) < 1.0
    # The embedding cache is keyed by split and content, so a second run reuses it.
    assert len(list((tmp_path / "cache").glob("goemotions-*-120-*.npy"))) == 3
    assert np.isfinite(model.weights).all()
