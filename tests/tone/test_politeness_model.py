"""The outbound politeness model: ridge and calibration learn, files round-trip, the committed model
ranks a rude request below a polite one with the real sentence embeddings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from copilot.config import load_settings
from copilot.errors import ConfigError
from copilot.index.embeddings import LocalEmbeddings
from copilot.tone.model import fit_calibration, sigmoid
from copilot.tone.politeness_model import (
    MODEL_PATH,
    PolitenessModel,
    default_politeness_model,
    fit_ridge,
    pool_sentences,
)
from copilot.tone.strategies import FEATURE_NAMES


def test_fit_ridge_recovers_a_linear_target() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, 5))
    y = 2.0 * x[:, 0] - x[:, 3] + 0.5
    weights, bias, mean, scale = fit_ridge(x, y, l2=1e-4)
    predicted = ((x - mean) / scale) @ weights + bias
    assert np.corrcoef(predicted, y)[0, 1] > 0.999
    assert abs(weights[0]) > 10 * abs(weights[1])


def test_fit_calibration_matches_a_known_logistic() -> None:
    rng = np.random.default_rng(4)
    scores = rng.normal(size=20_000)
    positive = rng.random(20_000) < sigmoid(-2.0 * scores + 0.5)
    slope, intercept = fit_calibration(scores, positive)
    assert slope == pytest.approx(-2.0, abs=0.15)
    assert intercept == pytest.approx(0.5, abs=0.1)


def test_pool_sentences_averages_each_texts_sentences_to_unit_vectors() -> None:
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [3.0, 4.0]])
    pooled = pool_sentences(vectors, [2, 1])
    np.testing.assert_allclose(pooled, [[np.sqrt(0.5), np.sqrt(0.5)], [0.6, 0.8]])


def _model(dimension: int, seed: int = 5) -> PolitenessModel:
    rng = np.random.default_rng(seed)
    size = dimension + len(FEATURE_NAMES)
    return PolitenessModel(
        rng.normal(size=size), np.ones(size), rng.normal(size=size), 0.1, -1.5, -0.8, 0.4, -0.5
    )


def test_save_load_round_trip_and_shape_errors(tmp_path: Path) -> None:
    model = _model(6)
    path = tmp_path / "p.npz"
    model.save(path)
    loaded = PolitenessModel.load(path)
    vectors = np.random.default_rng(6).normal(size=(2, 6))
    texts = ["Thanks, could you check?", "Why did you revert it?"]
    np.testing.assert_allclose(loaded.politeness(vectors, texts), model.politeness(vectors, texts), rtol=1e-5)
    assert loaded.threshold == pytest.approx(0.4)
    with pytest.raises(ConfigError, match="6-d vectors"):
        model.politeness(np.zeros((1, 5)), ["x"])
    (tmp_path / "bad.npz").write_bytes(b"nope")
    with pytest.raises(ConfigError, match="retrain"):
        PolitenessModel(
            model.mean, model.scale, model.weights, 0.0, -1.0, 0.0, 0.5, 0.0, ("old",) * len(FEATURE_NAMES)
        )
    with pytest.raises(ConfigError, match=r"bad\.npz"):
        PolitenessModel.load(tmp_path / "bad.npz")


def test_impolite_probability_falls_as_politeness_rises() -> None:
    model = _model(4)
    probabilities = model.impolite_probability(np.array([-2.0, 0.0, 2.0]))
    assert probabilities[0] > probabilities[1] > probabilities[2]


def test_committed_model_loads_small() -> None:
    model = default_politeness_model()
    assert model.dimension == 384 and model.strategies == FEATURE_NAMES
    assert 0.0 < model.threshold < 1.0
    assert model.slope < 0  # lower predicted politeness -> more likely impolite
    assert MODEL_PATH.stat().st_size < 100_000


@pytest.mark.model
def test_committed_model_ranks_rude_below_polite_with_real_embeddings() -> None:
    embedder = LocalEmbeddings(load_settings().resolved_embedding_path())
    model = default_politeness_model()
    texts = [
        "Thank you so much for your help with the report! "
        "Could you possibly send the figures when you have a moment?",
        "Why haven't you sent the figures yet? Send them now.",
    ]
    vectors = np.asarray(embedder.embed_documents(texts))
    polite, rude = model.politeness(vectors, texts)
    assert polite > rude
    assert model.impolite_probability(np.array([rude]))[0] > model.impolite_probability(np.array([polite]))[0]
