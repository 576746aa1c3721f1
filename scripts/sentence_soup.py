"""Issue 15: turn scripts/sentence_finetune.py's fold models into one shippable model, and check it.

The fold models of one epoch, of one seed or several (each trained on 4/5 of train, from the same
packaged weights), are averaged weight by weight ("soup": one encoder, the cost of one model at run
time), and the per-class offsets are tuned on those fold models' own out-of-fold predictions. Whether the soup
behaves like the five models it averages is checked on rows no fold model was trained on
(--check FILE ..., e.g. evals/sentence_data/round6_*.jsonl, which are not in train.jsonl): the soup,
the average of the fold models' probabilities ("bag") and each fold model are scored there in fp32
torch with the same offsets. --export writes the soup as the product's file (copilot/tools/sentence_tuned.py:
tuned layers int8 with one scale per output row, the head float32, the offsets); --held-out then
scores evals/sentence_data/eval.jsonl ONCE through the product's int8 ONNX graph.

A run of another encoder (sentence_finetune.py --model PATH, given here too) cannot be exported to the
product's file; --held-out then scores every held-out file (eval.jsonl, eval2.jsonl) and their pool
ONCE with the soup in fp32 torch. --folds K ... reads a run that trained only those folds: the soup
averages their models and the offsets are tuned on their rows.

    python scripts/sentence_soup.py --work /tmp/s15j --seeds 15 --epoch 4 \
        --check evals/sentence_data/round6_dialogues.jsonl evals/sentence_data/round6_keyword.jsonl
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import numpy.typing as npt

from copilot.config import load_settings
from copilot.index.tuned_encoder import quantized
from copilot.tools.sentence_classes import LABELS, clean_sentence
from copilot.tools.sentence_fit import tune_offsets
from copilot.tools.sentence_tuned import TunedSentenceClassifier
from evals.sentences import DATA, confusion, held_out_files, read_split
from scripts.sentence_finetune import rows_of_folds
from scripts.sentence_top_layers import (
    BUCKETS,
    NGRAM_WEIGHT,
    POOLED_SCALE,
    SIDE_WEIGHT,
    Top,
    cached_states,
    cells,
    extra_features,
    scored,
)
from scripts.train_sentence_classes import FOLDS, grouped_folds, read_train

Matrix = npt.NDArray[np.float64]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=DATA, help="where train.jsonl is (as trained)")
    parser.add_argument(
        "--zero-offsets",
        action="store_true",
        help="ship no offsets (when tuned ones do not carry across folds: sentence_round_check.py oof)",
    )
    parser.add_argument("--tag", default="train")
    parser.add_argument("--seeds", type=int, nargs="+", default=[15], help="several: one soup of all")
    parser.add_argument("--epoch", type=int, required=True)
    parser.add_argument("--extra", type=Path, nargs="*", default=[], help="as given to sentence_finetune.py")
    parser.add_argument("--check", type=Path, nargs="*", default=[], help="labelled rows outside training")
    parser.add_argument("--export", type=Path, default=None)
    parser.add_argument("--held-out", action="store_true", help="score eval.jsonl once (needs --export)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--model",
        type=Path,
        default=None,
        help="the encoder folder the run tuned (as given to sentence_finetune.py)",
    )
    parser.add_argument("--folds", type=int, nargs="+", default=None, help="as given to sentence_finetune.py")
    return parser.parse_args(argv)


def fold_states(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The saved fold models of this tag, epoch and every seed."""
    import torch

    return [
        torch.load(args.work / f"{args.tag}-s{seed}-f{k - 1}-e{args.epoch}.pt")
        for seed in args.seeds
        for k in args.folds
    ]


def soup(states: list[dict[str, Any]]) -> dict[str, Any]:
    """The weight-by-weight mean of the fold models."""
    return {
        part: {name: sum(s[part][name] for s in states) / len(states) for name in states[0][part]}
        for part in ("layers", "head")
    }


def model_of(state: dict[str, Any], extra_width: int, model_dir: Path | None = None) -> Top:
    """An fp32 torch model holding these weights (on --model's encoder, else the packaged MiniLM)."""
    top = Top(0, extra_width, model_dir)
    top.layers.load_state_dict(state["layers"])
    top.head.load_state_dict(state["head"])
    top.layers.eval()
    return top


def torch_probabilities(top: Top, states: tuple, extra: np.ndarray) -> Matrix:
    """Softmax output of an fp32 model over every row of a split's cached layer-0 states."""
    import torch

    from scripts.tone_top_layers import batches, padded

    hidden, offsets, lengths = states
    out = np.zeros((len(lengths), len(LABELS)))
    with torch.inference_mode():
        for idx in batches(lengths, 128, None):
            h, mask = padded(hidden, offsets, lengths, idx)
            out[idx] = torch.softmax(top.logits(h, mask, torch.from_numpy(extra[idx])), dim=1).numpy()
    return out


def check(args: argparse.Namespace, states: list[dict[str, Any]], offsets: Matrix) -> None:
    """Soup, bag and each fold model on the --check rows, with the out-of-fold offsets."""
    rows = read_train(args.check)
    cache = cached_states(args.work, "check", rows.texts, 0, args.threads, args.model)
    extra = extra_features(rows)
    members = [torch_probabilities(model_of(s, extra.shape[1], args.model), cache, extra) for s in states]
    named = {f"fold model {k + 1}": p for k, p in enumerate(members)}  # seed by seed
    named["bag (mean of the fold models' probabilities)"] = np.mean(members, axis=0)
    named["soup (mean of their weights)"] = torch_probabilities(
        model_of(soup(states), extra.shape[1], args.model), cache, extra
    )
    for name, probabilities in named.items():
        _, worst, f1, scores = scored(probabilities, rows.targets, offsets)
        print(f"check {name}: worst P/R {worst:.3f}, macro-F1 {f1:.3f} ({cells(scores)})", flush=True)


def export(path: Path, state: dict[str, Any], offsets: Matrix) -> None:
    """The product's file: tuned layers int8 (named as in the encoder), head float32, offsets, settings."""
    layers = {f"layer.{name}": value.numpy().astype(np.float32) for name, value in state["layers"].items()}
    arrays: dict[str, Any] = quantized(layers)
    arrays["head.weight"] = state["head"]["weight"].numpy().astype(np.float32)
    arrays["head.bias"] = state["head"]["bias"].numpy().astype(np.float32)
    arrays["offsets"] = offsets.astype(np.float32)
    arrays["features"] = np.asarray([POOLED_SCALE, BUCKETS, NGRAM_WEIGHT, SIDE_WEIGHT], dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, labels=np.asarray(LABELS), **arrays)
    print(f"wrote {path} ({path.stat().st_size} bytes)", flush=True)


def held_out(args: argparse.Namespace) -> None:
    """eval.jsonl through the product's graph built from the exported file (score once)."""
    settings = load_settings()
    model = TunedSentenceClassifier(
        settings.resolved_embedding_path(),
        args.work / "onnx",
        weights_path=args.export,
        threads=args.threads,
    )
    split = read_split(DATA / "eval.jsonl")
    texts = [clean_sentence(t) or "-" for t in split.texts]
    probabilities = model.probabilities(np.zeros((len(texts), 0)), texts, split.sides)
    predicted, worst, f1, scores = scored(probabilities, split.targets, np.zeros(len(LABELS)))
    print(f"HELD-OUT worst P/R {worst:.3f}, macro-F1 {f1:.3f} ({cells(scores)})", flush=True)
    for label, s in scores.items():
        print(f"  {label}: P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} n={s['support']}")
    print(f"  confusion (rows true, columns predicted {LABELS}): {confusion(predicted, split.targets)}")


def show_held_out(name: str, probabilities: Matrix, truth: npt.NDArray[np.int64], offsets: Matrix) -> None:
    """Every per-class figure and the confusion of one held-out set (or the pool)."""
    predicted, worst, f1, scores = scored(probabilities, truth, offsets)
    print(f"HELD-OUT {name} ({len(truth)} rows): worst P/R {worst:.3f}, macro-F1 {f1:.3f}", flush=True)
    for label, s in scores.items():
        print(f"  {label}: P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} n={s['support']}")
    print(f"  confusion (rows true, columns predicted {LABELS}): {confusion(predicted, truth)}", flush=True)


def torch_held_out(args: argparse.Namespace, state: dict[str, Any], offsets: Matrix) -> None:
    """Every held-out file and their pool through the soup in fp32 torch, with the out-of-fold offsets
    (score once): the product's int8 graph holds MiniLM only, so another encoder is read this way."""
    top = model_of(state, extra_features(read_split(DATA / "train.jsonl")).shape[1], args.model)
    parts = []
    for path in held_out_files(DATA):
        split = read_split(path)
        cache = cached_states(args.work, path.stem, split.texts, 0, args.threads, args.model)
        parts.append((torch_probabilities(top, cache, extra_features(split)), split.targets))
        show_held_out(path.name, *parts[-1], offsets)
    pooled = (np.concatenate([p for p, _ in parts]), np.concatenate([t for _, t in parts]))
    show_held_out("pooled", *pooled, offsets)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    import torch

    torch.set_num_threads(args.threads)
    train = read_train([args.data / "train.jsonl", *args.extra])
    args.folds = args.folds or list(range(1, FOLDS + 1))
    rows = rows_of_folds(grouped_folds(train), args.folds)  # the rows that have out-of-fold predictions
    # Several seeds: each row's out-of-fold probabilities averaged over the seeds' fold models.
    oof = np.mean(
        [np.load(args.work / f"{args.tag}-s{seed}-oof.npy")[args.epoch - 1] for seed in args.seeds], axis=0
    )[rows]
    offsets = np.zeros(len(LABELS)) if args.zero_offsets else tune_offsets(oof, train.targets[rows])
    _, worst, f1, scores = scored(oof, train.targets[rows], offsets)
    print(
        f"out of fold ({len(rows)} rows): worst P/R {worst:.3f}, macro-F1 {f1:.3f} ({cells(scores)}) "
        f"offsets {offsets.tolist()}"
    )
    states = fold_states(args)
    if args.check:
        check(args, states, offsets)
    if args.model is not None:
        if args.export:
            raise SystemExit("--export writes the product's MiniLM file: not with --model")
        if args.held_out:
            torch_held_out(args, soup(states), offsets)
        return 0
    if args.export:
        export(args.export, soup(states), offsets)
        if args.held_out:
            held_out(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
