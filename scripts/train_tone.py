"""Train the inbound tone classifier on GoEmotions and write copilot/tone/tone_model.npz.

Usage (from the repo root):
    python scripts/train_tone.py [--data ../shared/data/goemotions] [--limit N] [--cache-dir /tmp/tone-cache]
                                 [--head logistic|mlp] [--embedder torch|onnx]

Embeds the train/dev/test texts with the packaged all-MiniLM-L6-v2 (torch, as the committed model
was made; or the ONNX int8 graph flag_tone runs on), fits the head with numpy on train (logistic
regression, as committed; or an MLP whose epoch is picked on dev), picks each label's threshold on
dev, and prints precision/recall/F1 per label and macro-F1 on dev and on test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.config import load_settings
from copilot.container import Services
from copilot.index.embeddings import LocalEmbeddings
from copilot.tone.goemotions import INBOUND_MAPPING, read_split
from copilot.tone.metrics import LabelScores, macro_f1, score_labels
from copilot.tone.model import (
    MODEL_PATH,
    ToneClassifier,
    embed_for_training,
    fit_logistic,
    fit_mlp,
    tune_thresholds,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "goemotions"

HIDDEN = 256

Matrix = npt.NDArray[np.float64]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="GoEmotions folder")
    parser.add_argument("--limit", type=int, default=None, help="read at most N rows of each split")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache embeddings as .npy here")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    parser.add_argument("--head", choices=("logistic", "mlp"), default="logistic", help="the classifier head")
    parser.add_argument(
        "--embedder", choices=("torch", "onnx"), default="torch", help="sentence model runtime"
    )
    parser.add_argument("--hidden", type=int, default=HIDDEN, help="MLP hidden units")
    parser.add_argument(
        "--l2", type=float, default=None, help="L2 penalty (default: 1e-3 MLP, 1e-2 logistic)"
    )
    parser.add_argument(
        "--epochs",
        type=int,
        default=None,
        help="MLP epochs (best on dev kept; default 12) or logistic full-batch steps (default 300)",
    )
    return parser.parse_args(argv)


def _report(title: str, scores: dict[str, LabelScores]) -> None:
    print(title)
    for label, s in scores.items():
        print(f"  {label:<12} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} support={s.support}")
    print(f"  macro-F1={macro_f1(scores):.3f}")


def _with_thresholds(model: ToneClassifier, vectors: Matrix, targets: Matrix) -> ToneClassifier:
    thresholds = tune_thresholds(model.probabilities(vectors), targets)
    return ToneClassifier(
        list(INBOUND_MAPPING), model.weights, model.bias, thresholds, model.mean, model.scale, model.hidden
    )


def _dev_macro_f1(model: ToneClassifier, vectors: Matrix, targets: Matrix) -> float:
    return macro_f1(score_labels(model.decide(vectors), targets, model.labels))


def train_head(
    args: argparse.Namespace, vectors: dict[str, Matrix], targets: dict[str, Matrix]
) -> ToneClassifier:
    """Fit on train; thresholds (and the MLP's epoch) chosen on dev."""
    labels = list(INBOUND_MAPPING)
    if args.head == "logistic":
        l2 = 1e-2 if args.l2 is None else args.l2
        weights, bias, mean, scale = fit_logistic(
            vectors["train"], targets["train"], l2=l2, epochs=args.epochs or 300
        )
        untuned = ToneClassifier(labels, weights, bias, np.full(len(labels), 0.5), mean, scale)
        return _with_thresholds(untuned, vectors["dev"], targets["dev"])
    best: tuple[float, int, ToneClassifier] | None = None
    l2 = 1e-3 if args.l2 is None else args.l2
    for epoch, untuned in enumerate(
        fit_mlp(vectors["train"], targets["train"], hidden=args.hidden, epochs=args.epochs or 12, l2=l2), 1
    ):
        model = _with_thresholds(untuned, vectors["dev"], targets["dev"])
        score = _dev_macro_f1(model, vectors["dev"], targets["dev"])
        print(f"  epoch {epoch}: dev macro-F1={score:.3f}")
        if best is None or score > best[0]:
            best = (score, epoch, model)
    assert best is not None
    print(f"chosen epoch {best[1]} (best dev macro-F1)")
    return best[2]


def main(argv: list[str] | None = None) -> int:
    """Train, tune, evaluate, and save the model; returns the exit code."""
    args = _parse(argv)
    settings = load_settings()
    embeddings = (
        LocalEmbeddings(settings.resolved_embedding_path())
        if args.embedder == "torch"
        else Services(settings).sentence_model
    )
    labels = list(INBOUND_MAPPING)
    data = {s: read_split(args.data, s, args.limit) for s in ("train", "dev", "test")}
    vectors = {
        s: embed_for_training(
            embeddings,
            d.texts,
            f"goemotions-{s}" if args.embedder == "torch" else f"goemotions-onnx-{s}",
            args.cache_dir,
        )
        for s, d in data.items()
    }
    model = train_head(args, vectors, {s: d.targets for s, d in data.items()})
    _report(
        "dev (thresholds tuned here):",
        score_labels(model.decide(vectors["dev"]), data["dev"].targets, labels),
    )
    _report("test:", score_labels(model.decide(vectors["test"]), data["test"].targets, labels))
    print("thresholds: " + ", ".join(f"{lb}={t:.3f}" for lb, t in zip(labels, model.thresholds, strict=True)))
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
