"""The numpy classifier: the committed model loads, training learns, thresholds and files round-trip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from copilot.errors import ConfigError
from copilot.tone.model import (
    MODEL_PATH,
    ToneClassifier,
    default_classifier,
    fit_logistic,
    fit_mlp,
    tune_thresholds,
)


def test_committed_model_loads_and_gives_probabilities() -> None:
    model = default_classifier()
    assert model.labels == ["frustrated"]
    assert model.dimension == 384
    assert 0.0 < float(model.thresholds[0]) < 1.0
    assert MODEL_PATH.stat().st_size < 100_000
    # Vectors near the training mean are in distribution; stepping along the weights raises P(frustrated).
    rng = np.random.default_rng(0)
    vectors = model.mean + 0.1 * model.scale * rng.normal(size=(5, 384))
    probabilities = model.probabilities(vectors)
    assert probabilities.shape == (5, 1)
    assert np.all((probabilities > 0.0) & (probabilities < 1.0))
    step = model.scale * model.weights[:, 0] / np.linalg.norm(model.weights[:, 0])
    assert np.all(model.probabilities(vectors + step) > probabilities)


def _separable(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    x = rng.normal(size=(n, 8))
    y = (x[:, 0] + 0.5 * x[:, 1] > 0.3).astype(np.float64).reshape(-1, 1)
    return x, y


def test_fit_logistic_learns_a_linear_rule() -> None:
    rng = np.random.default_rng(1)
    x, y = _separable(rng, 600)
    weights, bias, mean, scale = fit_logistic(x, y, epochs=300)
    model = ToneClassifier(["frustrated"], weights, bias, np.array([0.5]), mean, scale)
    held_x, held_y = _separable(rng, 300)
    accuracy = float(np.mean(model.decide(held_x) == (held_y > 0.5)))
    assert accuracy > 0.93
    # The informative feature dominates the noise features.
    assert abs(weights[0, 0]) > 3 * np.max(np.abs(weights[2:, 0]))


def test_tune_thresholds_finds_the_gap() -> None:
    probabilities = np.array([[0.1], [0.2], [0.35], [0.6], [0.7], [0.9]])
    targets = np.array([[0], [0], [0], [1], [1], [1]], dtype=np.float64)
    threshold = float(tune_thresholds(probabilities, targets)[0])
    assert 0.35 < threshold <= 0.6


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    model = ToneClassifier(
        ["frustrated"],
        rng.normal(size=(6, 1)),
        np.array([0.1]),
        np.array([0.4]),
        rng.normal(size=6),
        np.ones(6),
    )
    path = tmp_path / "m.npz"
    model.save(path)
    loaded = ToneClassifier.load(path)
    x = rng.normal(size=(4, 6))
    assert loaded.labels == ["frustrated"]
    np.testing.assert_allclose(loaded.probabilities(x), model.probabilities(x), atol=1e-5)


def test_broken_model_file_is_a_config_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "broken.npz"
    path.write_bytes(b"not a zip")
    with pytest.raises(ConfigError, match=r"broken\.npz"):
        ToneClassifier.load(path)
    np.savez(tmp_path / "partial.npz", labels=np.array(["frustrated"]))
    with pytest.raises(ConfigError, match=r"partial\.npz"):
        ToneClassifier.load(tmp_path / "partial.npz")


def test_wrong_embedding_width_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="384-d"):
        default_classifier().probabilities(np.zeros((1, 128)))


def test_mismatched_shapes_are_rejected() -> None:
    with pytest.raises(ConfigError, match="shape"):
        ToneClassifier(["a", "b"], np.zeros((4, 1)), np.zeros(1), np.zeros(1))


def _ring(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    # Inside vs outside a circle: no linear rule separates it, one hidden layer does.
    x = rng.normal(size=(n, 4))
    y = (x[:, 0] ** 2 + x[:, 1] ** 2 < 1.0).astype(np.float64).reshape(-1, 1)
    return x, y


def test_fit_mlp_learns_what_a_linear_head_cannot() -> None:
    rng = np.random.default_rng(3)
    x, y = _ring(rng, 3000)
    held_x, held_y = _ring(rng, 1000)
    *_, mlp = fit_mlp(x, y, hidden=32, epochs=30, dropout=0.0, l2=1e-4, learning_rate=3e-3)
    weights, bias, mean, scale = fit_logistic(x, y, epochs=300)
    linear = ToneClassifier(["frustrated"], weights, bias, np.array([0.5]), mean, scale)
    mlp_accuracy = float(np.mean(mlp.decide(held_x) == (held_y > 0.5)))
    linear_accuracy = float(np.mean(linear.decide(held_x) == (held_y > 0.5)))
    assert mlp_accuracy > 0.9 > linear_accuracy + 0.1


def test_fit_mlp_is_seeded() -> None:
    x, y = _ring(np.random.default_rng(4), 400)
    first = list(fit_mlp(x, y, hidden=8, epochs=2))
    second = list(fit_mlp(x, y, hidden=8, epochs=2))
    assert len(first) == 2
    np.testing.assert_array_equal(first[-1].weights, second[-1].weights)
    assert first[-1].hidden is not None and second[-1].hidden is not None
    np.testing.assert_array_equal(first[-1].hidden[0], second[-1].hidden[0])


def test_mlp_model_round_trips_through_a_file(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    hidden = (rng.normal(size=(6, 3)), rng.normal(size=3))
    model = ToneClassifier(
        ["frustrated"], rng.normal(size=(3, 1)), np.array([0.2]), np.array([0.3]), hidden=hidden
    )
    assert model.dimension == 6
    path = tmp_path / "mlp.npz"
    model.save(path)
    loaded = ToneClassifier.load(path)
    x = rng.normal(size=(4, 6))
    assert loaded.hidden is not None
    np.testing.assert_allclose(loaded.probabilities(x), model.probabilities(x), atol=1e-5)
    with pytest.raises(ConfigError, match=r"expects 6-d"):
        loaded.probabilities(np.zeros((1, 5)))
