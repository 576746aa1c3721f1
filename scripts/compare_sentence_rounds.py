"""Whether a labelling round helps the sentence classifier, judged on train only (the eval set is not read).

Usage (from the repo root):
    python scripts/compare_sentence_rounds.py --extra FILE [FILE ...] [--config I] [--cache-dir DIR]

Cross-validation figures of different training sets are not comparable (the folds hold different
sentences), so this compares them on the same sentences: the chosen config (`--config`, a position in
the training script's CONFIGS) is cross-validated on train.jsonl alone, then on train.jsonl plus the
first extra file, plus the first two, and so on; each model's out-of-fold predictions are scored on
train.jsonl's rows (and on all its rows, and on the extra rows alone). All runs use one embedding of
the longest set, so int8 batch effects are the same for every run. Each line gives the worst
per-class precision or recall and macro-F1 with the offsets the training script would choose (tuned
on the out-of-fold predictions themselves) and cross-fitted (tuned on four folds' predictions,
applied to the fifth), plus each fold's offsets, which show how stable the choice is.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.tone.model import embed_for_training
from copilot.tools.sentence_fit import tune_offsets, worst_score
from evals.sentences import DATA, Labelled, macro_f1, per_class
from scripts.train_sentence_classes import (
    CONFIGS,
    LazyEmbeddings,
    grouped_folds,
    out_of_fold,
    read_train,
)

Matrix = npt.NDArray[np.float64]


def subset(data: Labelled, rows: npt.NDArray[np.int64]) -> Labelled:
    """The given rows of a split, every field alike."""
    values = {}
    for field in fields(data):
        column = getattr(data, field.name)
        values[field.name] = column[rows] if isinstance(column, np.ndarray) else [column[i] for i in rows]
    return Labelled(**values)


def figures(predicted: npt.NDArray[np.int64], truth: npt.NDArray[np.int64]) -> str:
    """Worst per-class P/R, macro-F1 and every class's P/R, as one line."""
    scores = per_class(predicted, truth)
    cells = ", ".join(f"{s['precision']:.2f}/{s['recall']:.2f}" for s in scores.values())
    worst = worst_score(predicted, truth, len(scores))
    return f"worst {worst:.3f}, macro-F1 {macro_f1(scores):.3f} ({cells})"


def cross_fitted(logs: Matrix, data: Labelled) -> tuple[npt.NDArray[np.int64], list[list[float]]]:
    """Predictions with each fold's offsets tuned on the other folds' out-of-fold predictions."""
    predicted = np.zeros(len(data.texts), dtype=np.int64)
    chosen = []
    for fold in grouped_folds(data):
        rest = np.setdiff1d(np.arange(len(data.texts)), fold)
        offsets = tune_offsets(np.exp(logs[rest]), data.targets[rest])
        predicted[fold] = (logs[fold] + offsets).argmax(axis=1)
        chosen.append(np.round(offsets, 2).tolist())
    return predicted, chosen


def main(argv: list[str] | None = None) -> int:
    """Print the comparison; returns the exit code."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--extra", type=Path, nargs="+", required=True, help="labelled JSONL files, in order")
    parser.add_argument("--config", type=int, default=1, help="position in CONFIGS (1: the committed one)")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache embeddings as .npy here")
    args = parser.parse_args(argv)
    paths = [DATA / "train.jsonl", *args.extra]
    everything = read_train(paths)
    embeddings = LazyEmbeddings()
    vectors = embed_for_training(
        embeddings, everything.texts, f"sentences-train-{embeddings.backend.split()[0]}", args.cache_dir
    )
    base = len(read_train(paths[:1]).texts)
    for used in range(1, len(paths) + 1):
        rows = np.arange(len(read_train(paths[:used]).texts))
        data = subset(everything, rows)
        probabilities = out_of_fold(vectors[rows], data, CONFIGS[args.config])
        logs = np.log(np.clip(probabilities, 1e-12, 1.0))
        tuned = (logs + tune_offsets(probabilities, data.targets)).argmax(axis=1)
        fitted, chosen = cross_fitted(logs, data)
        names = " + ".join(p.name for p in paths[:used])
        scopes = [("train.jsonl rows", rows < base), ("all its rows", rows >= 0)]
        if used > 1:
            scopes.append(("the extra files' rows", rows >= base))
        for scope, mask in scopes:
            print(f"{names} ({len(rows)} rows), scored on {scope}:", flush=True)
            print(f"  offsets tuned on these predictions: {figures(tuned[mask], data.targets[mask])}")
            print(f"  cross-fitted offsets:               {figures(fitted[mask], data.targets[mask])}")
        print(f"  each fold's offsets: {chosen}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
