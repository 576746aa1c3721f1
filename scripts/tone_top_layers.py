"""Train the inbound frustration model (issue 17): fine-tune the top MiniLM layer(s) and a head.

Reads the token states cached by scripts/tone_layer_features.py (the output of layer `--from`,
computed once by the frozen lower layers), then trains the packaged all-MiniLM-L6-v2's layers
`--from`+1..6, masked mean pooling and a 384x1 logistic head with BCE and AdamW in torch (2 threads,
length-bucketed batches in shuffled order). Every `--eval-every` steps it scores dev; the best dev F1
(at its best threshold) picks the checkpoint, whose test P/R/F1 is printed once at the end (unless
--no-test) and whose weights (tuned layers + head) are saved to --save (torch) and --export (the
.npz copilot/tone/frustration.py loads; the threshold there is then re-tuned through the runtime by
scripts/tune_frustration.py).

The model committed until 2026-12-05 (top three layers; the product now ships all six layers tuned
from text by scripts/tone_finetune.py, docs/tone.md):
    python scripts/tone_layer_features.py --data ../shared/data/goemotions --out /tmp/feat3 \
        --keep 3 --states-only
    python scripts/tone_top_layers.py --data ../shared/data/goemotions --cache /tmp/feat3 --from 3 \
        --epochs 2 --lr 1e-4 --schedule linear --eval-every 200 \
        --export copilot/tone/frustration_model.npz --store int8 --no-test
    python scripts/tune_frustration.py --data ../shared/data/goemotions --write
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

from copilot.config import load_settings
from copilot.tone.goemotions import read_split
from scripts.tone_layer_features import load_cached


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--from", dest="start", type=int, default=4, help="cached layer; tune the ones above")
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5, help="transformer layers' learning rate")
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument(
        "--schedule",
        choices=("constant", "linear"),
        default="constant",
        help="learning rates constant, or decayed linearly to 0 at the last step (after 5%% warm-up)",
    )
    parser.add_argument("--seed", type=int, default=0, help="torch and batch-order seed")
    parser.add_argument("--eval-every", type=int, default=400)
    parser.add_argument("--limit", type=int, default=None, help="first N rows of each split (smoke run)")
    parser.add_argument("--train-rows", type=int, default=None, help="use only the first N train texts")
    parser.add_argument(
        "--max-minutes", type=float, default=None, help="stop training after this wall time (time-boxed runs)"
    )
    parser.add_argument("--save", type=Path, default=None, help="torch checkpoint of the chosen step")
    parser.add_argument(
        "--export",
        type=Path,
        default=None,
        help="float16 .npz of the best dev checkpoint so far (tuned layers, head, threshold), rewritten "
        "whenever dev improves: what copilot/tone/frustration_model.npz is",
    )
    parser.add_argument(
        "--store",
        choices=("float16", "int8"),
        default="float16",
        help="how --export keeps the weight matrices (int8: per-row scales, about half the size)",
    )
    parser.add_argument("--no-test", action="store_true", help="do not score test (dev-only runs)")
    parser.add_argument("--threads", type=int, default=2)
    return parser.parse_args(argv)


class Top:
    """Layers start+1..6 of the encoder, mean pooling, a linear head."""

    def __init__(self, start: int) -> None:
        import torch
        from transformers import AutoModel

        model_dir = load_settings().resolved_embedding_path()
        encoder = AutoModel.from_pretrained(
            str(model_dir), local_files_only=True, attn_implementation="eager"
        )
        self.layers = torch.nn.ModuleList(copy.deepcopy(encoder.encoder.layer[start:]))
        self.head = torch.nn.Linear(384, 1)
        torch.nn.init.zeros_(self.head.weight)
        torch.nn.init.constant_(self.head.bias, -1.5)

    def logits(self, h, mask):
        import torch

        additive = (1.0 - mask[:, None, None, :]) * torch.finfo(torch.float32).min
        for layer in self.layers:
            out = layer(h, attention_mask=additive)
            h = out[0] if isinstance(out, tuple) else out
        m = mask.unsqueeze(-1)
        pooled = (h * m).sum(1) / m.sum(1)
        pooled = torch.nn.functional.normalize(pooled, dim=1) * 20.0
        return self.head(pooled).squeeze(1)


def lr_factor(schedule: str, step: int, total: int) -> float:
    """The learning-rate multiplier at `step`: 1, or a 5% linear warm-up then a linear decay to 0."""
    if schedule == "constant":
        return 1.0
    warmup = max(1, int(0.05 * total))
    if step < warmup:
        return (step + 1) / warmup
    return max(0.0, (total - step) / max(1, total - warmup))


def export_npz(
    path: Path, state: dict, *, threshold: float, start: int, step: int, dev_f1: float, store: str = "float16"
) -> None:
    """The tuned layers (named as in the encoder: `layer.<k>.<param>`) and head, plus the dev-tuned
    threshold; written to a temporary file and renamed, so a reader never sees half a file.

    `store="int8"` keeps each weight matrix as int8 with one float32 scale per output row
    (`<name>.q`, `<name>.scale`; copilot/tone/frustration.py dequantises) and the rest as float16:
    three tuned layers are 9.9 MB as float16, 5.3 MB so; the runtime graph quantises weights per
    channel to int8 anyway.
    """
    tensors = {
        f"layer.{start + int(name.split('.', 1)[0])}.{name.split('.', 1)[1]}": value.numpy()
        for name, value in state["layers"].items()
    }
    tensors["head.weight"] = state["head"]["weight"].numpy()
    tensors["head.bias"] = state["head"]["bias"].numpy()
    arrays: dict[str, np.ndarray] = {}
    for name, value in tensors.items():
        if store == "int8" and value.ndim == 2 and value.shape[0] > 1:
            scale = np.maximum(np.abs(value).max(axis=1, keepdims=True), 1e-12) / 127.0
            arrays[f"{name}.q"] = np.round(value / scale).astype(np.int8)
            arrays[f"{name}.scale"] = scale.astype(np.float32)
        else:
            arrays[name] = value.astype(np.float16)
    arrays["threshold"] = np.asarray(threshold, dtype=np.float32)
    arrays["first_tuned_layer"] = np.asarray(start, dtype=np.int32)
    arrays["meta"] = np.asarray(f"step={step} dev_f1={dev_f1:.4f}")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial.npz")
    np.savez_compressed(partial, allow_pickle=False, **arrays)
    partial.replace(path)


def batches(lengths: np.ndarray, size: int, rng: np.random.Generator | None) -> list[np.ndarray]:
    jitter = rng.random(len(lengths)) if rng is not None else np.zeros(len(lengths))
    order = np.lexsort((jitter, lengths))
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    if rng is not None:
        rng.shuffle(chunks)
    return chunks


def padded(states: np.ndarray, offsets: np.ndarray, lengths: np.ndarray, idx: np.ndarray):
    import torch

    width = int(lengths[idx].max())
    h = np.zeros((len(idx), width, states.shape[1]), dtype=np.float32)
    mask = np.zeros((len(idx), width), dtype=np.float32)
    for row, i in enumerate(idx):
        h[row, : lengths[i]] = states[offsets[i] : offsets[i + 1]]
        mask[row, : lengths[i]] = 1.0
    return torch.from_numpy(h), torch.from_numpy(mask)


def best_f1(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    order = np.argsort(-p)
    tp = np.cumsum(y[order])
    f1 = 2 * tp / (np.arange(1, len(p) + 1) + y.sum())
    i = int(np.argmax(f1))
    return float(f1[i]), float(p[order][i])


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    import torch

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    split_data = {}
    for s in ("train", "dev", "test"):
        lengths = load_cached(args.cache, "len", s)
        if s == "train" and args.train_rows:
            lengths = lengths[: args.train_rows]
        states = load_cached(args.cache, f"h{args.start}", s)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        targets = read_split(args.data, s, args.limit).targets[: len(lengths), 0].astype(np.float32)
        split_data[s] = (states, offsets, lengths, targets)
    top = Top(args.start)
    params = [
        {"params": top.layers.parameters(), "lr": args.lr},
        {"params": top.head.parameters(), "lr": args.head_lr},
    ]
    opt = torch.optim.AdamW(params, weight_decay=0.01)

    def predict(split: str) -> np.ndarray:
        states, offsets, lengths, _ = split_data[split]
        out = np.zeros(len(lengths), dtype=np.float32)
        top.layers.eval()
        with torch.inference_mode():
            for idx in batches(lengths, 128, None):
                out[idx] = torch.sigmoid(top.logits(*padded(states, offsets, lengths, idx))).numpy()
        top.layers.train()
        return out

    rng = np.random.default_rng(args.seed)
    states, offsets, lengths, y = split_data["train"]
    print(f"train texts: {len(lengths)}", flush=True)
    per_epoch = int(np.ceil(len(lengths) / args.batch))
    total = int(args.epochs * per_epoch)
    scheduler = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: lr_factor(args.schedule, step, total))
    best: tuple[float, float, int, dict] | None = None
    step, started, cpu, losses = 0, time.time(), time.process_time(), []
    top.layers.train()
    while step < total:
        for idx in batches(lengths, args.batch, rng):
            h, mask = padded(states, offsets, lengths, idx)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                top.logits(h, mask), torch.from_numpy(y[idx])
            )
            opt.zero_grad()
            loss.backward()
            opt.step()
            scheduler.step()
            losses.append(loss.item())
            step += 1
            out_of_time = args.max_minutes is not None and time.time() - started > 60 * args.max_minutes
            if out_of_time:
                total = step
            if step % args.eval_every == 0 or step == total:
                f1, t = best_f1(predict("dev"), split_data["dev"][3])
                print(
                    f"step {step}/{total} (epoch {step / per_epoch:.2f}) loss={np.mean(losses[-200:]):.4f} "
                    f"dev F1={f1:.3f} t={t:.3f} | {time.time() - started:.0f} s wall, "
                    f"{time.process_time() - cpu:.0f} CPU-s",
                    flush=True,
                )
                if best is None or f1 > best[0]:
                    state = {
                        "layers": copy.deepcopy(top.layers.state_dict()),
                        "head": copy.deepcopy(top.head.state_dict()),
                    }
                    best = (f1, t, step, state)
                    if args.export:
                        export_npz(
                            args.export,
                            state,
                            threshold=t,
                            start=args.start,
                            step=step,
                            dev_f1=f1,
                            store=args.store,
                        )
            if step >= total:
                break
    assert best is not None
    top.layers.load_state_dict(best[3]["layers"])
    top.head.load_state_dict(best[3]["head"])
    if args.save:
        torch.save({**best[3], "threshold": best[1], "start": args.start}, args.save)
    print(f"CHOSEN step {best[2]} dev F1={best[0]:.3f} t={best[1]:.3f}", flush=True)
    if args.no_test:
        return 0
    p, yt = predict("test"), split_data["test"][3]
    pred = p >= best[1]
    tp = float((pred & (yt == 1)).sum())
    prec, rec = tp / max(pred.sum(), 1), tp / yt.sum()
    print(
        f"test (scored once, chosen step) P={prec:.3f} R={rec:.3f} F1={2 * prec * rec / (prec + rec):.3f}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
