"""Issue 15: fine-tune all MiniLM layers (bf16 autocast) plus the 4-way head, cross-validated on train.

Reuses scripts/sentence_top_layers.py with the frozen part reduced to the word-piece embeddings
(`--from 0`): layers 1-6, masked mean pooling and the linear head over [unit pooled vector x 20,
hashed n-grams x 12, side crossed with the cue flags x 16] are trained with class-weighted
cross-entropy. Matmuls run in bfloat16 under torch.autocast (Intel AMX makes them ~10x faster than
fp32; on AMD Zen 4, avx512_bf16 without AMX, 1.65x for all-mpnet-base-v2; the weights and the
optimiser stay fp32).

On the same 5 grouped folds as scripts/train_sentence_classes.py it records every row's out-of-fold
probabilities after each epoch, per seed, and keeps each fold model's weights (in --work, outside the
repo). It reports, per epoch, the criterion (worst per-class P/R, then macro-F1, offsets tuned on
those predictions) for one seed's fold models and for the seeds averaged. --extra adds labelled rows
after train.jsonl's (a round kept outside train); the figures are then printed on train.jsonl's rows
only as well, so runs with and without the round can be compared on the same sentences. --weight
NAME=W scales the loss of the --extra file named NAME (its rows count as W of a row, in the class
balance too), so a round can teach without outweighing train.jsonl.

--model PATH tunes another encoder the same way (same head, side input, folds and criterion; every
layer tuned, its token embeddings frozen), e.g. all-mpnet-base-v2 (12 layers, 768-d; a training-time
input outside the repo, unpacked from PyPI as scripts/tone_teacher.py describes). --time-steps N only
times N training steps with bf16 autocast and in fp32. --folds K ... trains only those folds (when all
five do not fit the time); the figures then cover those folds' rows, and the saved out-of-fold file
holds zeros for the other rows, so compare two encoders on the same --folds.

    python scripts/sentence_finetune.py --work /tmp/s15j --epochs 5 --seeds 15 16
    python scripts/sentence_finetune.py --work /tmp/s15n/mpnet --tag r6 --threads 1 \
        --model /work/models/all-mpnet-base-v2 --folds 1 2 3 \
        --extra evals/sentence_data/round6_dialogues.jsonl evals/sentence_data/round6_keyword.jsonl
    python scripts/sentence_finetune.py --work /tmp/s15m --tag r8w3 \
        --extra evals/sentence_data/round8_crm.jsonl \
        --weight round8_crm.jsonl=0.3
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import numpy.typing as npt

from copilot.tools.sentence_classes import LABELS
from copilot.tools.sentence_fit import tune_offsets
from evals.sentences import DATA, Labelled, check_apart_from_held_out, read_split
from scripts.sentence_top_layers import Run, Top, cached_states, cells, extra_features, scored
from scripts.train_sentence_classes import FOLDS, grouped_folds, read_train

Matrix = npt.NDArray[np.float64]


class AutocastTop(Top):
    """The top-layer model with its forward pass under bf16 autocast (logits returned as fp32)."""

    def logits(self, h: Any, mask: Any, extra: Any) -> Any:
        """As Top.logits, with the matmuls in bfloat16."""
        import torch

        with torch.autocast("cpu", dtype=torch.bfloat16):
            out = super().logits(h, mask, extra)
        return out.float()


class AutocastRun(Run):
    """A Run whose model is an AutocastTop."""

    model_class = AutocastTop

    def state(self) -> dict[str, Any]:
        """A copy of the tuned layers' and head's weights."""
        return {
            "layers": {k: v.clone() for k, v in self.top.layers.state_dict().items()},
            "head": {k: v.clone() for k, v in self.top.head.state_dict().items()},
        }


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--work", type=Path, required=True, help="caches and fold weights (outside the repo)")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seeds", type=int, nargs="+", default=[15])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--extra", type=Path, nargs="+", default=[])
    parser.add_argument(
        "--folds",
        type=int,
        nargs="+",
        default=None,
        metavar="K",
        help=f"train only these of the {FOLDS} folds (1-based); figures then cover their rows only",
    )
    parser.add_argument("--tag", default="train", help="names the token-state cache and the outputs")
    parser.add_argument(
        "--model", type=Path, default=None, help="encoder folder to tune (default: the packaged MiniLM)"
    )
    parser.add_argument(
        "--time-steps", type=int, default=None, help="only time this many steps, bf16 autocast and fp32"
    )
    parser.add_argument(
        "--weight", nargs="+", default=[], metavar="NAME=W", help="loss weight of an --extra file's rows"
    )
    return parser.parse_args(argv)


def row_weights(args: argparse.Namespace) -> np.ndarray:
    """One loss weight per row of train.jsonl + the --extra files, in that order (1 unless --weight)."""
    paths = [args.data / "train.jsonl", *args.extra]
    names = [path.name for path in paths]
    asked: dict[str, float] = {}
    for item in args.weight:
        name, sep, value = item.partition("=")
        if not sep or name not in names[1:]:
            raise SystemExit(
                f"--weight {item!r}: expected NAME=W with NAME one of the --extra files {names[1:]}"
            )
        try:
            asked[name] = float(value)
        except ValueError:
            raise SystemExit(f"--weight {item!r}: {value!r} is not a number") from None
        if not asked[name] > 0:
            raise SystemExit(f"--weight {item!r}: the weight must be positive")
    sizes = [len(read_split(path).texts) for path in paths]
    return np.concatenate(
        [np.full(size, asked.get(name, 1.0)) for name, size in zip(names, sizes, strict=True)]
    )


def rows_of_folds(folds: list[npt.NDArray[np.int64]], chosen: list[int]) -> npt.NDArray[np.int64]:
    """The rows of the chosen folds (1-based), sorted: with --folds only they get out-of-fold
    predictions, so every figure is computed on them alone."""
    unknown = sorted(set(chosen) - set(range(1, len(folds) + 1)))
    if unknown:
        raise SystemExit(f"--folds {unknown}: there are folds 1..{len(folds)}")
    return np.sort(np.concatenate([folds[k - 1] for k in sorted(set(chosen))]))


def report(name: str, probabilities: Matrix, truth: npt.NDArray[np.int64], rows: np.ndarray) -> None:
    """One line: the criterion on `rows` with offsets tuned on those rows' probabilities."""
    offsets = tune_offsets(probabilities[rows], truth[rows])
    _, worst, f1, scores = scored(probabilities[rows], truth[rows], offsets)
    print(
        f"{name}: worst P/R {worst:.3f}, macro-F1 {f1:.3f} ({cells(scores)}) offsets {offsets.tolist()}",
        flush=True,
    )


def cross_validate(args: argparse.Namespace, train: Labelled, seed: int) -> dict[int, Matrix]:
    """{epoch: out-of-fold probabilities} for one seed; saves each fold model after each epoch."""
    import torch

    args.seed, args.start = seed, 0
    data = (*cached_states(args.work, args.tag, train.texts, 0, args.threads, args.model), train.targets)
    extra = extra_features(train)
    everything = np.arange(len(train.texts))
    oof = {e: np.zeros((len(everything), len(LABELS))) for e in range(1, args.epochs + 1)}
    for k, fold in enumerate(grouped_folds(train)):
        if k + 1 not in args.folds:
            continue
        run = AutocastRun(args, args.lr, data, extra)
        saved = [args.work / f"{args.tag}-s{seed}-f{k}-e{e}.pt" for e in range(1, args.epochs + 1)]
        if all(path.is_file() for path in saved):  # a resumed run: this fold is trained already
            for epoch, path in enumerate(saved, start=1):
                state = torch.load(path)
                run.top.layers.load_state_dict(state["layers"])
                run.top.head.load_state_dict(state["head"])
                oof[epoch][fold] = run.probabilities(data, extra, fold)
            continue
        started = time.time()

        def keep(
            epoch: int, run: AutocastRun = run, fold: np.ndarray = fold, k: int = k, started: float = started
        ) -> None:
            oof[epoch][fold] = run.probabilities(data, extra, fold)
            torch.save(run.state(), args.work / f"{args.tag}-s{seed}-f{k}-e{epoch}.pt")
            print(f"seed {seed} fold {k + 1} epoch {epoch}: {time.time() - started:.0f} s", flush=True)

        run.train(np.setdiff1d(everything, fold), args.epochs, keep, args.epochs, args.row_weights)
    np.save(args.work / f"{args.tag}-s{seed}-oof.npy", np.stack([oof[e] for e in sorted(oof)]))
    return oof


def time_steps(args: argparse.Namespace, train: Labelled) -> None:
    """Seconds a training step over --time-steps length-bucketed batches of randomly drawn rows, with
    bf16 autocast (what training uses) and in fp32, to check that autocast pays on this CPU."""
    args.seed, args.start = args.seeds[0], 0
    data = (*cached_states(args.work, args.tag, train.texts, 0, args.threads, args.model), train.targets)
    extra = extra_features(train)
    rows = np.random.default_rng(args.seed).permutation(len(train.texts))[: args.time_steps * args.batch]
    for name, run_class in (("bf16 autocast", AutocastRun), ("fp32", Run)):
        run = run_class(args, args.lr, data, extra)
        wall, cpu = time.time(), time.process_time()
        run.train(rows, 1, lambda _epoch: None, args.epochs, args.row_weights)
        print(
            f"{name}: {(time.time() - wall) / args.time_steps:.2f} s wall, "
            f"{(time.process_time() - cpu) / args.time_steps:.2f} CPU-s a step of {args.batch} rows "
            f"({args.time_steps} steps), load {os.getloadavg()[0]:.1f}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    import torch

    torch.set_num_threads(args.threads)
    args.work.mkdir(parents=True, exist_ok=True)
    train = read_train([args.data / "train.jsonl", *args.extra])
    check_apart_from_held_out(train, args.data)
    args.folds = args.folds or list(range(1, FOLDS + 1))
    scored_rows = rows_of_folds(grouped_folds(train), args.folds)
    base = np.intersect1d(np.arange(len(read_split(args.data / "train.jsonl").texts)), scored_rows)
    args.row_weights = row_weights(args)
    print(
        f"{len(train.texts)} rows, folds {args.folds} of {FOLDS} ({len(scored_rows)} rows scored, "
        f"{len(base)} of them train.jsonl's), summed row weight {args.row_weights.sum():.0f}, "
        f"encoder {args.model or 'packaged MiniLM'}, load {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    if args.time_steps is not None:
        time_steps(args, train)
        return 0
    per_seed = {seed: cross_validate(args, train, seed) for seed in args.seeds}
    for epoch in range(1, args.epochs + 1):
        for seed, oof in per_seed.items():
            report(f"seed {seed} epoch {epoch}", oof[epoch], train.targets, base)
        if len(per_seed) > 1:
            mean = np.mean([oof[epoch] for oof in per_seed.values()], axis=0)
            report(f"seeds averaged epoch {epoch}", mean, train.targets, base)
    print(f"done, load {os.getloadavg()[0]:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
