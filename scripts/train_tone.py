"""Train the inbound tone classifier on GoEmotions and write copilot/tone/tone_model.npz.

Usage (from the repo root):
    python scripts/train_tone.py [--data ../shared/data/goemotions] [--limit N] [--cache-dir /tmp/tone-cache]

Embeds the train/dev/test texts with the packaged all-MiniLM-L6-v2 (the same vectors the index uses),
fits one-vs-rest logistic regression with numpy, picks each label's threshold on dev, and prints
precision/recall/F1 per label and macro-F1 on test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.config import load_settings
from copilot.index.embeddings import LocalEmbeddings
from copilot.tone.goemotions import INBOUND_MAPPING, read_split
from copilot.tone.metrics import LabelScores, macro_f1, score_labels
from copilot.tone.model import MODEL_PATH, ToneClassifier, embed_for_training, fit_logistic, tune_thresholds

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
    parser.add_argument("--l2", type=float, default=1e-2, help="L2 penalty on the weights")
    parser.add_argument("--epochs", type=int, default=300, help="full-batch gradient steps")
    return parser.parse_args(argv)


def _report(title: str, scores: dict[str, LabelScores]) -> None:
    print(title)
    for label, s in scores.items():
        print(f"  {label:<12} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} support={s.support}")
    print(f"  macro-F1={macro_f1(scores):.3f}")


def main(argv: list[str] | None = None) -> int:
    """Train, tune, evaluate, and save the model; returns the exit code."""
    args = _parse(argv)
    embeddings = LocalEmbeddings(load_settings().resolved_embedding_path())
    labels = list(INBOUND_MAPPING)
    data = {s: read_split(args.data, s, args.limit) for s in ("train", "dev", "test")}
    vectors = {
        s: embed_for_training(embeddings, d.texts, f"goemotions-{s}", args.cache_dir) for s, d in data.items()
    }
    weights, bias, mean, scale = fit_logistic(
        vectors["train"], data["train"].targets, l2=args.l2, epochs=args.epochs
    )
    untuned = ToneClassifier(labels, weights, bias, np.full(len(labels), 0.5), mean, scale)
    thresholds = tune_thresholds(untuned.probabilities(vectors["dev"]), data["dev"].targets)
    model = ToneClassifier(labels, weights, bias, thresholds, mean, scale)
    _report(
        "dev (thresholds tuned here):",
        score_labels(model.decide(vectors["dev"]), data["dev"].targets, labels),
    )
    _report("test:", score_labels(model.decide(vectors["test"]), data["test"].targets, labels))
    print("thresholds: " + ", ".join(f"{lb}={t:.3f}" for lb, t in zip(labels, thresholds, strict=True)))
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
