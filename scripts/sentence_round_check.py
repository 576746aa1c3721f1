"""Issue 15: read a fine-tuning run's out-of-fold predictions file by file, and score a shipped model on a
labelled round it never saw — the train-side comparison of a new round (eighth round, README.md).

`oof` reads what scripts/sentence_finetune.py saved (`{tag}-s{seed}-oof.npy` in --work) for one epoch
(several seeds: their probabilities averaged) and prints, with per-class P/R and the confusion:
train.jsonl's rows with offsets tuned on them (the figure earlier runs were compared by), every row with
offsets tuned on every row (the offsets that would ship), and each --extra file's rows with those
offsets. `model` runs a `sentence_tuned.npz` through the product's int8 graph on labelled files (a
round the model was not trained on), with the offsets stored in the file. Neither reads a held-out file.

    python scripts/sentence_round_check.py oof --work /tmp/s15l/work --tag r8 --epoch 5 \
        --extra evals/sentence_data/round6_*.jsonl evals/sentence_data/round8_*.jsonl
    python scripts/sentence_round_check.py model --model copilot/tools/sentence_tuned.npz \
        --files evals/sentence_data/round8_dialogues.jsonl
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import numpy.typing as npt

from copilot.tools.sentence_classes import LABELS
from copilot.tools.sentence_fit import tune_offsets, worst_score
from evals.sentences import DATA, confusion, read_split
from scripts.sentence_finetune import rows_of_folds
from scripts.sentence_top_layers import cells, scored
from scripts.train_sentence_classes import FOLDS, grouped_folds, read_train

Matrix = npt.NDArray[np.float64]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    modes = parser.add_subparsers(dest="mode", required=True)
    oof = modes.add_parser("oof", help="a run's out-of-fold predictions, file by file")
    oof.add_argument("--work", type=Path, required=True)
    oof.add_argument("--data", type=Path, default=DATA, help="where train.jsonl is (as trained)")
    oof.add_argument("--tag", required=True)
    oof.add_argument("--seeds", type=int, nargs="+", default=[15])
    oof.add_argument("--epoch", type=int, required=True)
    oof.add_argument("--extra", type=Path, nargs="*", default=[], help="as given to sentence_finetune.py")
    oof.add_argument(
        "--folds", type=int, nargs="+", default=None, help="only these folds' rows (1-based; as trained)"
    )
    model = modes.add_parser("model", help="a sentence_tuned.npz on labelled files it was not trained on")
    model.add_argument("--model", type=Path, required=True)
    model.add_argument("--files", type=Path, nargs="+", required=True)
    model.add_argument("--cache-dir", type=Path, default=Path("/tmp/sentence-round-check"))
    return parser.parse_args(argv)


def show(name: str, predicted: npt.NDArray[np.int64], truth: npt.NDArray[np.int64], line: str) -> None:
    """The summary line, per-class counts of predictions, and the confusion (rows true)."""
    predicted_counts = {label: int((predicted == k).sum()) for k, label in enumerate(LABELS)}
    print(f"{name} ({len(truth)} rows): {line}", flush=True)
    print(f"  predicted {predicted_counts}; confusion (rows true {LABELS}): {confusion(predicted, truth)}")


def report(name: str, probabilities: Matrix, truth: npt.NDArray[np.int64], offsets: Matrix) -> None:
    """One block: worst per-class P/R, macro-F1, per-class P/R after the offsets."""
    predicted, worst, f1, scores = scored(probabilities, truth, offsets)
    show(name, predicted, truth, f"worst P/R {worst:.3f}, macro-F1 {f1:.3f} ({cells(scores)})")


def out_of_fold(args: argparse.Namespace) -> None:
    """The run's figures on train.jsonl's rows, on every row, and on each --extra file."""
    train = read_train([args.data / "train.jsonl", *args.extra])
    oof = np.mean(
        [np.load(args.work / f"{args.tag}-s{seed}-oof.npy")[args.epoch - 1] for seed in args.seeds], axis=0
    )
    if len(oof) != len(train.texts):
        raise SystemExit(f"{len(oof)} saved predictions but {len(train.texts)} rows: other --extra files?")
    sizes = [len(read_split(path).texts) for path in [args.data / "train.jsonl", *args.extra]]
    bounds = np.cumsum([0, *sizes])
    # A run of some folds only (sentence_finetune.py --folds) has predictions for their rows alone.
    kept = rows_of_folds(grouped_folds(train), args.folds or list(range(1, FOLDS + 1)))
    base = np.intersect1d(np.arange(bounds[1]), kept)
    own = tune_offsets(oof[base], train.targets[base])
    report(f"train.jsonl, offsets {own.tolist()} tuned there", oof[base], train.targets[base], own)
    shipped = tune_offsets(oof[kept], train.targets[kept])
    report(f"every row, offsets {shipped.tolist()} tuned there", oof[kept], train.targets[kept], shipped)
    for path, start, end in zip(args.extra, bounds[1:-1], bounds[2:], strict=True):
        rows = np.intersect1d(np.arange(start, end), kept)
        report(f"{path.name} (offsets of every row)", oof[rows], train.targets[rows], shipped)
    nested, zero = nested_against_zero(oof, train.targets, grouped_folds(train), kept)
    print(f"nested offsets: worst P/R {nested:.3f}, zero offsets {zero:.3f} (same rows)", flush=True)
    print(f"offsets that ship: {shipped.tolist() if nested > zero else [0.0] * len(LABELS)}", flush=True)


def nested_against_zero(
    oof: Matrix, truth: npt.NDArray[np.int64], folds: list[npt.NDArray[np.int64]], kept: npt.NDArray[np.int64]
) -> tuple[float, float]:
    """Worst per-class P/R when each fold is predicted with offsets tuned on the other folds' rows alone,
    and with no offsets: whether tuning offsets carries to rows it never saw (thirteenth round)."""
    logs = np.log(np.clip(oof, 1e-12, 1.0))
    nested = logs.argmax(axis=1)
    for fold in folds:
        inside = np.intersect1d(fold, kept)
        others = np.setdiff1d(kept, inside)
        if len(inside) and len(others):
            nested[inside] = (logs[inside] + tune_offsets(oof[others], truth[others])).argmax(axis=1)
    classes = oof.shape[1]
    return (
        worst_score(nested[kept], truth[kept], classes),
        worst_score(logs[kept].argmax(axis=1), truth[kept], classes),
    )


def model_on_files(args: argparse.Namespace) -> None:
    """A fine-tuned file through the product's graph, on each file and on all of them."""
    from copilot.config import load_settings
    from copilot.tools.sentence_classes import clean_sentence
    from copilot.tools.sentence_tuned import TunedSentenceClassifier

    model = TunedSentenceClassifier(
        load_settings().resolved_embedding_path(), args.cache_dir, weights_path=args.model, threads=1
    )
    for paths in [[path] for path in args.files] + ([args.files] if len(args.files) > 1 else []):
        rows = read_train(paths)
        texts = [clean_sentence(t) or "-" for t in rows.texts]
        probabilities = model.probabilities(np.zeros((len(texts), 0)), texts, rows.sides)
        name = f"{args.model.name} on {' + '.join(p.name for p in paths)}"
        report(name, probabilities, rows.targets, np.zeros(len(LABELS)))  # the file's offsets are inside


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    out_of_fold(args) if args.mode == "oof" else model_on_files(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
