"""Issue 15 experiment: tune MiniLM's top layers plus a 4-way head for the sentence classifier.

The committed classifier (scripts/train_sentence_classes.py) reads FROZEN all-MiniLM-L6-v2 vectors.
This script instead caches the token states after layer `--from` (fp32 torch, frozen lower layers,
computed once into --cache, outside the repo), then trains layers `--from`+1..6, masked mean pooling
and a linear 4-way head over [unit pooled vector x 20, hashed n-grams x 12, side one-hot crossed with
the cue flags x 16] (the same lexical and side features as the committed model) with class-weighted
cross-entropy and AdamW (2 threads, length-bucketed batches in a seeded order, a warm-up over 5% of
--epochs epochs' steps then a constant learning rate, so the state after epoch k is the state of a
k-epoch run with the same --epochs; the final run uses that warm-up too).

Choice, on train only: for every learning rate in --lrs, the same 5 grouped folds as
scripts/train_sentence_classes.py give out-of-fold probabilities after each epoch 1..--epochs; per
(learning rate, epochs) the per-class log-probability offsets are tuned on them (sentence_fit.tune_offsets)
and the criterion is that script's: the worst per-class precision or recall out of fold, then macro-F1.
The chosen setting is trained on all of train and evals/sentence_data/eval.jsonl is scored once
(unless --cv-only). --section writes the markdown (CV table, held-out table, confusion, run notes).

    python scripts/sentence_top_layers.py --cache /tmp/s15i --from 4 --epochs 4 --lrs 1e-4 \
        --export /tmp/s15i/sentence_top.npz --section /tmp/s15i/section.md
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np
import numpy.typing as npt

from copilot.config import load_settings
from copilot.tools.sentence_classes import LABELS, lexical_features, side_features
from copilot.tools.sentence_fit import tune_offsets, worst_score
from evals.sentences import (
    DATA,
    Labelled,
    Scores,
    check_apart_from_held_out,
    confusion,
    macro_f1,
    per_class,
    read_split,
)
from scripts.tone_top_layers import batches, padded
from scripts.train_sentence_classes import BUCKETS, FOLDS, grouped_folds

Matrix = npt.NDArray[np.float64]
MAX_TOKENS = 128
POOLED_SCALE, NGRAM_WEIGHT, SIDE_WEIGHT = 20.0, 12.0, 16.0


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path, required=True, help="token-state cache (outside the repo)")
    parser.add_argument("--from", dest="start", type=int, default=4, help="frozen up to this layer")
    parser.add_argument("--model", type=Path, default=None, help="encoder folder (default: packaged MiniLM)")
    parser.add_argument("--epochs", type=int, default=4, help="most epochs cross-validated")
    parser.add_argument("--lrs", type=float, nargs="+", default=[1e-4], help="layer learning rates tried")
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--cv-only", action="store_true", help="stop before training on all of train")
    parser.add_argument("--export", type=Path, default=None, help="float16 .npz of the final weights")
    parser.add_argument("--section", type=Path, default=None, help="write the markdown section here")
    return parser.parse_args(argv)


def encoder_dir(model_dir: Path | None) -> Path:
    """The encoder to tune: a folder given by --model (e.g. all-mpnet-base-v2, a training-time input
    outside the repo), else the runtime's packaged all-MiniLM-L6-v2."""
    return model_dir if model_dir is not None else load_settings().resolved_embedding_path()


def token_states(
    texts: list[str], start: int, threads: int, model_dir: Path | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(every token's state after layer `start` as float32 rows, word pieces per text)."""
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModel

    torch.set_num_threads(threads)
    folder = encoder_dir(model_dir)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()
    model = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()
    model.encoder.layer = model.encoder.layer[:start]  # the layers above are tuned, not cached
    # Pad with the model's own pad id: MPNet numbers positions by the non-pad tokens (its id 0 is <s>).
    pad_id = model.config.pad_token_id or 0
    encodings = tokenizer.encode_batch(texts)
    lengths = np.array([len(e.ids) for e in encodings], dtype=np.int32)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    states = np.zeros((int(offsets[-1]), model.config.hidden_size), dtype=np.float32)
    for idx in batches(lengths, 64, None):
        width = int(lengths[idx].max())
        ids = torch.full((len(idx), width), pad_id, dtype=torch.long)
        mask = torch.zeros((len(idx), width), dtype=torch.long)
        for row, i in enumerate(idx):
            ids[row, : lengths[i]] = torch.tensor(encodings[i].ids)
            mask[row, : lengths[i]] = 1
        with torch.inference_mode():
            # No token_type_ids: MiniLM's default is the all-zero types passed before; MPNet has none.
            out = model(input_ids=ids, attention_mask=mask)
        for row, i in enumerate(idx):
            states[offsets[i] : offsets[i + 1]] = out.last_hidden_state[row, : lengths[i]].numpy()
    return states, lengths


def cached_states(
    cache: Path, split: str, texts: list[str], start: int, threads: int, model_dir: Path | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The split's token states from --cache, computed and saved on first use (another encoder's
    states are filed under its folder name, so one cache never mixes two encoders)."""
    if model_dir is not None:
        split = f"{model_dir.name}-{split}"
    states_file, lengths_file = cache / f"h{start}-{split}.npy", cache / f"len-{split}.npy"
    if not states_file.is_file():
        states, lengths = token_states(texts, start, threads, model_dir)
        cache.mkdir(parents=True, exist_ok=True)
        np.save(states_file, states)
        np.save(lengths_file, lengths)
    lengths = np.load(lengths_file)
    if len(lengths) != len(texts):
        raise SystemExit(f"{lengths_file} has {len(lengths)} rows, the split {len(texts)}: clear --cache")
    return np.load(states_file), np.concatenate([[0], np.cumsum(lengths)]), lengths


def extra_features(split: Labelled) -> np.ndarray:
    """The committed model's non-embedding inputs: hashed n-grams and the side crossed with cues."""
    lexical = lexical_features(split.texts, BUCKETS) * NGRAM_WEIGHT
    sides = side_features(split.texts, split.sides, crossed=True) * SIDE_WEIGHT
    return np.hstack([lexical, sides]).astype(np.float32)


class Top:
    """Layers start+1.. of the encoder (the packaged MiniLM, or --model's), mean pooling, a linear head
    over pooled + extras."""

    def __init__(self, start: int, extra: int, model_dir: Path | None = None) -> None:
        import torch
        from transformers import AutoModel

        encoder = AutoModel.from_pretrained(
            str(encoder_dir(model_dir)), local_files_only=True, attn_implementation="eager"
        )
        stack = encoder.encoder
        self.layers = torch.nn.ModuleList(copy.deepcopy(stack.layer[start:]))
        # MPNet's layers add a relative-position bias its encoder computes from one shared table; the
        # table stays frozen, as MiniLM's position embeddings do (they are in the cached states).
        self.position: Any = None
        if hasattr(stack, "compute_position_bias"):
            stack.layer = torch.nn.ModuleList()
            self.position = stack.requires_grad_(False)
        self.head = torch.nn.Linear(encoder.config.hidden_size + extra, len(LABELS))
        torch.nn.init.zeros_(self.head.weight)
        torch.nn.init.zeros_(self.head.bias)

    def logits(self, h: Any, mask: Any, extra: Any) -> Any:
        """(batch, labels) logits from layer-`start` token states, their mask and the extra features."""
        import torch

        additive = (1.0 - mask[:, None, None, :]) * torch.finfo(torch.float32).min
        bias = {} if self.position is None else {"position_bias": self.position.compute_position_bias(h)}
        for layer in self.layers:
            out = layer(h, attention_mask=additive, **bias)
            h = out[0] if isinstance(out, tuple) else out
        m = mask.unsqueeze(-1)
        pooled = torch.nn.functional.normalize((h * m).sum(1) / m.sum(1), dim=1) * POOLED_SCALE
        return self.head(torch.cat([pooled, extra], dim=1))


class Run:
    """One training run on some rows of a split; `after_epoch` sees the model after every epoch."""

    model_class: type[Top] = Top

    def __init__(self, args: argparse.Namespace, lr: float, data: tuple, extra: np.ndarray) -> None:
        import torch

        torch.manual_seed(args.seed)
        self.args, self.lr, self.data, self.extra = args, lr, data, extra
        self.top = self.model_class(args.start, extra.shape[1], args.model)
        self.opt = torch.optim.AdamW(
            [
                {"params": self.top.layers.parameters(), "lr": lr},
                {"params": self.top.head.parameters(), "lr": args.head_lr},
            ],
            weight_decay=0.01,
        )

    def probabilities(self, data: tuple, extra: np.ndarray, rows: np.ndarray) -> Matrix:
        """Softmax output for the given rows of a split."""
        import torch

        states, offsets, lengths, _ = data
        out = np.zeros((len(rows), len(LABELS)))
        self.top.layers.eval()
        with torch.inference_mode():
            for chunk in batches(lengths[rows], 128, None):
                idx = rows[chunk]
                h, mask = padded(states, offsets, lengths, idx)
                logits = self.top.logits(h, mask, torch.from_numpy(extra[idx]))
                out[chunk] = torch.softmax(logits, dim=1).numpy()
        self.top.layers.train()
        return out

    def train(
        self,
        rows: np.ndarray,
        epochs: int,
        after_epoch: Callable[[int], None],
        warmup_epochs: int,
        row_weights: np.ndarray | None = None,
    ) -> None:
        """Class-weighted cross-entropy on `rows`, `epochs` passes; calls after_epoch(epoch). The warm-up
        is 5% of `warmup_epochs` epochs' steps, fixed by the longest run so a shorter one is its prefix.
        `row_weights` (one per row of the split, default 1) scale each row's loss; a row of weight w counts
        as w of a row in the class frequencies too. All ones is the plain class-weighted mean."""
        import torch

        states, offsets, lengths, targets = self.data
        each = np.ones(len(targets)) if row_weights is None else np.asarray(row_weights, dtype=np.float64)
        per_class_weight = torch.from_numpy(weighted_class_weights(targets[rows], each[rows]))
        row_weight = torch.from_numpy(each.astype(np.float32))
        loss_fn = torch.nn.CrossEntropyLoss(weight=per_class_weight, reduction="none")
        rng = np.random.default_rng(self.args.seed)
        per_epoch = int(np.ceil(len(rows) / self.args.batch))
        warmup = max(1, int(0.05 * per_epoch * warmup_epochs))
        scheduler = torch.optim.lr_scheduler.LambdaLR(self.opt, lambda s: min(1.0, (s + 1) / warmup))
        self.top.layers.train()
        for epoch in range(1, epochs + 1):
            for chunk in batches(lengths[rows], self.args.batch, rng):
                idx = rows[chunk]
                h, mask = padded(states, offsets, lengths, idx)
                logits = self.top.logits(h, mask, torch.from_numpy(self.extra[idx]))
                truth = torch.from_numpy(targets[idx])
                scale = row_weight[torch.from_numpy(idx)]
                loss = (loss_fn(logits, truth) * scale).sum() / (per_class_weight[truth] * scale).sum()
                self.opt.zero_grad()
                loss.backward()
                self.opt.step()
                scheduler.step()
            after_epoch(epoch)


def weighted_class_weights(targets: npt.NDArray[np.int64], weights: np.ndarray) -> Any:
    """Per-class loss weights inverse to each class's summed row weight (float32, one per label): with
    every row weighted 1 these are sentence_fit.class_weights' values."""
    totals = np.bincount(targets, weights=weights, minlength=len(LABELS))
    return (weights.sum() / (len(LABELS) * np.maximum(totals, 1e-9))).astype(np.float32)


def scored(
    probabilities: Matrix, truth: npt.NDArray[np.int64], offsets: Matrix
) -> tuple[npt.NDArray[np.int64], float, float, Scores]:
    """(predictions, worst per-class P/R, macro-F1, per-class figures) after the offsets."""
    predicted = (np.log(np.clip(probabilities, 1e-12, 1.0)) + offsets).argmax(axis=1)
    scores = per_class(predicted, truth)
    return predicted, worst_score(predicted, truth, len(LABELS)), macro_f1(scores), scores


def cells(scores: Scores) -> str:
    """Per-class precision/recall, two decimals, in LABELS order."""
    return ", ".join(f"{s['precision']:.2f}/{s['recall']:.2f}" for s in scores.values())


def cross_validate(args: argparse.Namespace, train: Labelled, data: tuple, extra: np.ndarray) -> dict:
    """{(lr, epochs): (offsets, worst, macro-F1, per-class)} from out-of-fold probabilities."""
    everything = np.arange(len(train.texts))
    results = {}
    for lr in args.lrs:
        oof = {e: np.zeros((len(everything), len(LABELS))) for e in range(1, args.epochs + 1)}
        for k, fold in enumerate(grouped_folds(train)):
            run = Run(args, lr, data, extra)
            started = time.time()

            def keep(epoch: int, run: Run = run, fold: np.ndarray = fold, oof: dict = oof) -> None:
                oof[epoch][fold] = run.probabilities(data, extra, fold)

            run.train(np.setdiff1d(everything, fold), args.epochs, keep, args.epochs)
            print(f"lr {lr} fold {k + 1}/{FOLDS}: {time.time() - started:.0f} s", file=sys.stderr, flush=True)
        for epoch, probabilities in oof.items():
            offsets = tune_offsets(probabilities, train.targets)
            _, worst, f1, scores = scored(probabilities, train.targets, offsets)
            results[(lr, epoch)] = (offsets, worst, f1, scores)
            print(
                f"lr {lr} epochs {epoch}: worst P/R {worst:.3f}, macro-F1 {f1:.3f} ({cells(scores)})",
                file=sys.stderr,
                flush=True,
            )
    return results


def export(path: Path, run: Run, offsets: Matrix, start: int) -> None:
    """Tuned layers (named as in the encoder), head and offsets as float16 arrays."""
    arrays = {
        f"layer.{start + int(name.split('.', 1)[0])}.{name.split('.', 1)[1]}": value.numpy()
        for name, value in run.top.layers.state_dict().items()
    }
    arrays["head.weight"] = run.top.head.weight.detach().numpy()
    arrays["head.bias"] = run.top.head.bias.detach().numpy()
    stored = {k: v.astype(np.float16) for k, v in arrays.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, offsets=offsets.astype(np.float32), labels=np.asarray(LABELS), **stored)


def section(args: argparse.Namespace, results: dict, chosen: tuple, held_out_block: str, timing: str) -> str:
    """The report section: what ran, the cross-validation table, then the held-out block."""
    lines = [
        "",
        "## Experiment (issue 15): tuning MiniLM's top layers instead of the frozen vector",
        "",
        f"Layers {args.start + 1}-6 of all-MiniLM-L6-v2 tuned (layers 1-{args.start} frozen, fp32 torch; "
        "the committed model reads the ONNX int8 vector), masked mean pooling, a linear 4-way head over "
        f"[unit pooled vector x {POOLED_SCALE:g}, {BUCKETS} hashed uni/bigrams + cue tokens x "
        f"{NGRAM_WEIGHT:g}, side one-hot crossed with the 5 cue flags x {SIDE_WEIGHT:g}], class-weighted "
        "cross-entropy, AdamW "
        f"(weight decay 0.01, head lr {args.head_lr:g}, batch {args.batch}, warm-up over 5% of "
        f"{args.epochs} epochs then constant), "
        f"seed {args.seed}. The model saw train.jsonl only; learning rate, epochs and per-class offsets "
        f"were chosen by the same {FOLDS} grouped folds and criterion (worst per-class P/R out of fold, "
        "then macro-F1) as scripts/train_sentence_classes.py; eval.jsonl was scored once, with the chosen "
        f"setting. {timing}",
        "",
        "Cross-validation on train (out of fold, tuned offsets):",
        "",
        "| model | worst P/R | macro-F1 | P/R issue, commitment, risk, other |",
        "|---|---|---|---|",
        "| committed frozen-vector MLP (above) | 0.648 | 0.772 "
        "| 0.68/0.74, 0.86/0.79, 0.68/0.65, 0.90/0.89 |",
    ]
    for (lr, epochs), (_, worst, f1, scores) in results.items():
        mark = " (chosen)" if (lr, epochs) == chosen else ""
        lines.append(
            f"| top layers, lr {lr:g}, {epochs} epochs{mark} | {worst:.3f} | {f1:.3f} | {cells(scores)} |"
        )
    return "\n".join(lines) + "\n" + held_out_block


def held_out_table(scores: Scores, matrix: list[list[int]], offsets: Matrix) -> str:
    """Held-out per-class figures beside the committed model's, and the confusion matrix."""
    lines = [
        "",
        f"Held-out eval.jsonl (scored once; offsets {np.round(offsets, 2).tolist()}), against the "
        "committed model:",
        "",
        "| label | precision | recall | F1 | support | committed P / R |",
        "|---|---|---|---|---|---|",
    ]
    committed = {
        "issue": "0.791 / 0.800",
        "commitment": "0.824 / 0.737",
        "risk": "0.811 / 0.833",
        "other": "0.893 / 0.901",
    }
    for label, s in scores.items():
        lines.append(
            f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} "
            f"| {committed[label]} |"
        )
    lines += [
        "",
        f"macro-F1 {macro_f1(scores):.3f} (committed 0.823)",
        "",
        "Confusion (rows true, columns predicted):",
        "",
    ]
    lines += ["| true \\ predicted | " + " | ".join(LABELS) + " |", "|---" * (len(LABELS) + 1) + "|"]
    lines += [f"| {LABELS[i]} | " + " | ".join(str(v) for v in row) + " |" for i, row in enumerate(matrix)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    import torch

    torch.set_num_threads(args.threads)
    began, load_before = datetime.now(UTC), os.getloadavg()[0]
    train, held_out = read_split(args.data / "train.jsonl"), read_split(args.data / "eval.jsonl")
    check_apart_from_held_out(train, args.data)
    data = (
        *cached_states(args.cache, "train", train.texts, args.start, args.threads, args.model),
        train.targets,
    )
    extra = extra_features(train)
    results = cross_validate(args, train, data, extra)
    chosen = max(results, key=lambda k: results[k][1:3])
    offsets = results[chosen][0]
    print(f"CHOSEN lr {chosen[0]} epochs {chosen[1]} offsets {offsets.tolist()}", flush=True)
    block = ""
    if not args.cv_only:
        run = Run(args, chosen[0], data, extra)
        run.train(np.arange(len(train.texts)), chosen[1], lambda _: None, args.epochs)
        eval_data = (
            *cached_states(args.cache, "eval", held_out.texts, args.start, args.threads, args.model),
            held_out.targets,
        )
        probabilities = run.probabilities(eval_data, extra_features(held_out), np.arange(len(held_out.texts)))
        predicted, worst, f1, scores = scored(probabilities, held_out.targets, offsets)
        print(f"HELD-OUT worst P/R {worst:.3f} macro-F1 {f1:.3f} ({cells(scores)})", flush=True)
        block = held_out_table(scores, confusion(predicted, held_out.targets), offsets)
        if args.export:
            export(args.export, run, offsets, args.start)
    timing = (
        f"Run {began:%Y-%m-%d %H:%M}-{datetime.now(UTC):%H:%M} UTC, 2 threads, 1-minute load "
        f"{load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end."
    )
    text = section(args, results, chosen, block, timing)
    print(text)
    if args.section:
        args.section.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
