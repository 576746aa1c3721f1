"""Train the issue / commitment / risk / other sentence classifier and write copilot/tools/sentence_classes.npz.

Usage (from the repo root):
    python scripts/train_sentence_classes.py [--cache-dir /tmp/sentence-cache] [--report evals/sentence_data/REPORT.md]

Reads the pinned, hand-labelled `evals/sentence_data/train.jsonl` (the only data the model sees),
checks it shares no sentence template with `evals/sentence_data/eval.jsonl`, embeds both with the
packaged all-MiniLM-L6-v2, picks the L2 penalty by 5-fold cross-validation on train, fits a softmax
head on all of train, and reports per-class precision and recall on the held-out eval set.
The same data and arguments give the same model file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.config import load_settings
from copilot.index.embeddings import LocalEmbeddings
from copilot.tone.model import embed_for_training
from copilot.tools.sentence_classes import LABELS, MODEL_PATH, SentenceClassifier, fit_softmax
from evals.sentences import (
    DATA,
    check_disjoint,
    confusion,
    macro_f1,
    per_class,
    read_split,
    render_report,
)

L2_GRID = (0.003, 0.01, 0.03, 0.1, 0.3)
FOLDS = 5

Matrix = npt.NDArray[np.float64]


def fit(vectors: Matrix, targets: npt.NDArray[np.int64], l2: float) -> SentenceClassifier:
    """A classifier fitted on the given rows."""
    weights, bias, mean, scale = fit_softmax(vectors, targets, len(LABELS), l2=l2)
    return SentenceClassifier(LABELS, weights, bias, mean, scale)


def choose_l2(vectors: Matrix, targets: npt.NDArray[np.int64]) -> tuple[float, dict[float, float]]:
    """The L2 penalty with the best cross-validated macro-F1 on train (folds fixed by a seed)."""
    order = np.random.default_rng(15).permutation(len(targets))
    folds = np.array_split(order, FOLDS)
    results = {}
    for l2 in L2_GRID:
        predicted = np.empty_like(targets)
        for fold in folds:
            rest = np.setdiff1d(order, fold)
            model = fit(vectors[rest], targets[rest], l2)
            predicted[fold] = model.probabilities(vectors[fold]).argmax(axis=1)
        results[l2] = macro_f1(per_class(predicted, targets))
    return max(results, key=lambda k: results[k]), results


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA, help="folder with train.jsonl and eval.jsonl")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache embeddings as .npy here")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    parser.add_argument("--report", type=Path, default=None, help="also write the markdown report here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Train, evaluate on the held-out set, save the model; returns the exit code."""
    args = _parse(argv)
    train, held_out = read_split(args.data / "train.jsonl"), read_split(args.data / "eval.jsonl")
    check_disjoint(train, held_out)
    embeddings = LocalEmbeddings(load_settings().resolved_embedding_path())
    x_train = embed_for_training(embeddings, train.texts, "sentences-train", args.cache_dir)
    x_eval = embed_for_training(embeddings, held_out.texts, "sentences-eval", args.cache_dir)
    l2, grid = choose_l2(x_train, train.targets)
    print("cross-validated macro-F1 by L2: " + ", ".join(f"{k}={v:.3f}" for k, v in grid.items()))
    model = fit(x_train, train.targets, l2)
    predicted = model.probabilities(x_eval).argmax(axis=1)
    scores = per_class(predicted, held_out.targets)
    note = (
        f"Model: softmax head on all-MiniLM-L6-v2 vectors (torch), L2 = {l2} chosen by {FOLDS}-fold "
        "cross-validation on train only; the eval set was not used for any choice. "
        "Reproduce: `python scripts/train_sentence_classes.py --report evals/sentence_data/REPORT.md`."
    )
    report = render_report(scores, confusion(predicted, held_out.targets), train, held_out, note)
    print(report)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
