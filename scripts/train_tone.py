"""Train the inbound tone classifier on GoEmotions and write copilot/tone/tone_model.npz.

Usage (from the repo root):
    python scripts/train_tone.py [--data ../shared/data/goemotions] [--limit N] [--cache-dir /tmp/tone-cache]

Embeds the train/dev/test texts with the runtime sentence model (the packaged all-MiniLM-L6-v2 on the
configured backend, ONNX int8 by default, so training sees the vectors flag_tone sees), fits the head
with numpy (`--head mlp`: one ReLU layer, seeded, best epoch by dev average precision; `--head
logistic`: one-vs-rest logistic regression), calibrates each label on dev (Platt scaling of the
logit), picks each label's threshold on dev, and prints precision/recall/F1 and calibration error on
test. Deterministic for a given machine: fixed seed, fixed data order.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.config import load_settings
from copilot.container import Services
from copilot.tone.goemotions import INBOUND_MAPPING, read_split
from copilot.tone.metrics import LabelScores, average_precision, calibration_error, macro_f1, score_labels
from copilot.tone.mlp import MlpSettings, MlpWeights, fit_mlp
from copilot.tone.model import (
    MODEL_PATH,
    ToneClassifier,
    embed_for_training,
    fit_calibration,
    fit_logistic,
    tune_thresholds,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "goemotions"

Matrix = npt.NDArray[np.float64]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="GoEmotions folder")
    parser.add_argument("--limit", type=int, default=None, help="read at most N rows of each split")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache embeddings as .npy here")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    parser.add_argument("--head", choices=("mlp", "logistic"), default="mlp", help="classifier head")
    parser.add_argument("--l2", type=float, default=None, help="L2 penalty (default 1e-4 mlp, 1e-2 logistic)")
    parser.add_argument("--epochs", type=int, default=None, help="epochs (default 20 mlp, 300 logistic)")
    parser.add_argument("--hidden", type=int, default=256, help="hidden units of the mlp head")
    return parser.parse_args(argv)


def _standardiser(train: Matrix) -> tuple[Matrix, Matrix]:
    return train.mean(axis=0), train.std(axis=0) + 1e-6


def _fit_head(
    args: argparse.Namespace, labels: list[str], vectors: dict[str, Matrix], targets: dict[str, Matrix]
) -> ToneClassifier:
    """The uncalibrated classifier (threshold 0.5) for the chosen head."""
    unset = np.full(len(labels), 0.5)
    if args.head == "logistic":
        l2 = 1e-2 if args.l2 is None else args.l2
        epochs = 300 if args.epochs is None else args.epochs
        weights, bias, mean, scale = fit_logistic(vectors["train"], targets["train"], l2=l2, epochs=epochs)
        return ToneClassifier(labels, weights, bias, unset, mean, scale)
    mean, scale = _standardiser(vectors["train"])
    dev_x = (vectors["dev"] - mean) / scale

    def dev_score(net: MlpWeights) -> float:
        return float(
            np.mean(
                [
                    average_precision(net.logits(dev_x)[:, j], targets["dev"][:, j] > 0.5)
                    for j in range(len(labels))
                ]
            )
        )

    settings = MlpSettings(
        hidden=args.hidden,
        epochs=20 if args.epochs is None else args.epochs,
        l2=1e-4 if args.l2 is None else args.l2,
    )
    net, history = fit_mlp((vectors["train"] - mean) / scale, targets["train"], dev_score, settings)
    print("dev average precision by epoch: " + " ".join(f"{h:.3f}" for h in history))
    return ToneClassifier(
        labels,
        net.weights,
        net.bias,
        unset,
        mean,
        scale,
        hidden_weights=net.hidden_weights,
        hidden_bias=net.hidden_bias,
    )


def _calibrate(model: ToneClassifier, dev_vectors: Matrix, dev_targets: Matrix) -> ToneClassifier:
    """The same head with Platt calibration and F1-optimal thresholds, both fitted on dev."""
    logits = model.logits(dev_vectors)
    calibration = np.array(
        [fit_calibration(logits[:, j], dev_targets[:, j] > 0.5) for j in range(len(model.labels))]
    ).T
    model.calibration = calibration
    model.thresholds = tune_thresholds(model.probabilities(dev_vectors), dev_targets)
    return model


def _report(title: str, scores: dict[str, LabelScores]) -> None:
    print(title)
    for label, s in scores.items():
        print(f"  {label:<12} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} support={s.support}")
    print(f"  macro-F1={macro_f1(scores):.3f}")


def main(argv: list[str] | None = None) -> int:
    """Train, tune, evaluate, and save the model; returns the exit code."""
    args = _parse(argv)
    embeddings = Services(load_settings()).sentence_model
    labels = list(INBOUND_MAPPING)
    data = {s: read_split(args.data, s, args.limit) for s in ("train", "dev", "test")}
    vectors = {
        s: embed_for_training(embeddings, d.texts, f"goemotions-{s}", args.cache_dir) for s, d in data.items()
    }
    targets = {s: d.targets for s, d in data.items()}
    model = _calibrate(_fit_head(args, labels, vectors, targets), vectors["dev"], targets["dev"])
    thresholds = model.thresholds
    _report(
        "dev (thresholds tuned here):",
        score_labels(model.decide(vectors["dev"]), data["dev"].targets, labels),
    )
    _report("test:", score_labels(model.decide(vectors["test"]), data["test"].targets, labels))
    test_probabilities = model.probabilities(vectors["test"])
    for j, label in enumerate(labels):
        error = calibration_error(test_probabilities[:, j], targets["test"][:, j] > 0.5)
        print(f"  {label} test calibration error (ECE, 10 bins)={error:.3f}")
    print("thresholds: " + ", ".join(f"{lb}={t:.3f}" for lb, t in zip(labels, thresholds, strict=True)))
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
