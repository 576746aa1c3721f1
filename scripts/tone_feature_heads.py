"""Experiment (issue 17): logistic heads on richer frozen MiniLM features for the inbound frustrated label.

Reads the cache of scripts/tone_layer_features.py and fits, for each feature set, a logistic head in
torch (standardised inputs, Adam, L2 and epoch picked on dev, threshold = best F1 on dev); prints dev
F1 for every setting and, with --test, test P/R/F1 once for each feature set's dev-chosen setting.

Feature sets (whole comments, not sentences):
  sent        layer-6 mean, L2-normalised: the product's sentence vector (fp32 torch, not int8 ONNX)
  pool6       layer-6 mean and max
  pool3456    mean and max of layers 3, 4, 5, 6
  poolall     mean and max of layers 1-6
  +ngrams     the same plus hashed word 1-2-grams (lower-cased words and !?. runs, 2^18 buckets),
              one weight per bucket learnt jointly with the dense weights

Usage: python scripts/tone_feature_heads.py --data ../shared/data/goemotions --cache /tmp/t17c/feat [--test]
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import zlib
from pathlib import Path

import numpy as np

from copilot.tone.goemotions import read_split
from scripts.tone_layer_features import load_cached

BUCKETS = 1 << 18
_TOKEN = re.compile(r"[a-z0-9']+|[!?]+|\.{2,}")
LAYERS = {"sent": None, "pool6": [6], "pool3456": [3, 4, 5, 6], "poolall": [1, 2, 3, 4, 5, 6]}


def ngram_ids(text: str) -> list[int]:
    words = _TOKEN.findall(text.lower())
    grams = words + [f"{a} {b}" for a, b in itertools.pairwise(words)]
    return sorted({zlib.crc32(g.encode()) % BUCKETS for g in grams})


def dense(pooled: np.ndarray, name: str) -> np.ndarray:
    x = pooled.astype(np.float32).reshape(len(pooled), 6, 2, 384)
    layers = LAYERS[name]
    if layers is None:
        v = x[:, 5, 0]
        return v / np.linalg.norm(v, axis=1, keepdims=True)
    return x[:, [k - 1 for k in layers]].reshape(len(pooled), -1)


def best_f1(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    order = np.argsort(-p)
    tp = np.cumsum(y[order])
    k = np.arange(1, len(p) + 1)
    f1 = 2 * tp / (k + y.sum())
    i = int(np.argmax(f1))
    return float(f1[i]), float(p[order][i])


def prf(p: np.ndarray, y: np.ndarray, t: float) -> tuple[float, float, float]:
    pred = p >= t
    tp = float((pred & (y == 1)).sum())
    prec, rec = tp / max(pred.sum(), 1), tp / max(y.sum(), 1)
    return prec, rec, 2 * prec * rec / max(prec + rec, 1e-12)


def fit(x: dict, grams: dict | None, y: dict, l2: float, l2_gram: float, epochs: int):
    """Yields (epoch, dev probabilities, predict-function) after each epoch."""
    import torch

    torch.manual_seed(0)
    mean, std = x["train"].mean(0), x["train"].std(0) + 1e-6
    xs = {s: torch.from_numpy((v - mean) / std) for s, v in x.items()}
    lin = torch.nn.Linear(xs["train"].shape[1], 1)
    groups = [{"params": list(lin.parameters()), "lr": 1e-3}]
    bag = None
    if grams is not None:
        bag = torch.nn.EmbeddingBag(BUCKETS, 1, mode="sum")
        torch.nn.init.zeros_(bag.weight)
        # Sparse counts: a bucket is seen in few batches, so it gets a larger step than the dense weights.
        groups.append({"params": list(bag.parameters()), "lr": 1e-2})
    opt = torch.optim.Adam(groups)
    yt = torch.from_numpy(y["train"].astype(np.float32))
    n = len(yt)

    def bag_inputs(split: str, idx: np.ndarray):
        lists = [grams[split][i] for i in idx]
        flat = torch.tensor([g for lst in lists for g in lst], dtype=torch.long)
        offs = torch.tensor(
            np.concatenate([[0], np.cumsum([len(lst) for lst in lists])[:-1]]), dtype=torch.long
        )
        return flat, offs

    def logits(split: str, idx: np.ndarray):
        z = lin(xs[split][idx]).squeeze(1)
        if bag is not None:
            z = z + bag(*bag_inputs(split, idx)).squeeze(1)
        return z

    def predict(split: str) -> np.ndarray:
        with torch.no_grad():
            idx = np.arange(len(xs[split]))
            return torch.sigmoid(logits(split, idx)).numpy()

    rng = np.random.default_rng(0)
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n)
        for start in range(0, n, 256):
            idx = order[start : start + 256]
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits("train", idx), yt[idx])
            loss = loss + l2 * (lin.weight**2).sum()
            if bag is not None:
                flat, _ = bag_inputs("train", idx)
                loss = loss + l2_gram * (bag.weight[flat] ** 2).sum() / len(idx)
            opt.zero_grad()
            loss.backward()
            opt.step()
        yield epoch, predict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--sets", nargs="*", default=["sent", "pool6", "pool3456", "poolall"])
    parser.add_argument("--ngrams", choices=("no", "yes", "both"), default="both")
    parser.add_argument("--l2", type=float, nargs="*", default=[1e-4, 1e-3, 1e-2])
    parser.add_argument("--l2-gram", type=float, nargs="*", default=[1e-3, 1e-2])
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--limit", type=int, default=None, help="first N rows of each split (smoke run)")
    parser.add_argument("--train-rows", type=int, default=None, help="use only the first N train texts")
    parser.add_argument("--test", action="store_true", help="score each set's dev-chosen setting on test")
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(2)
    splits = ("train", "dev", "test")
    data = {s: read_split(args.data, s, args.limit) for s in splits}
    pooled = {s: load_cached(args.cache, "pooled", s) for s in splits}
    pooled["train"] = pooled["train"][: args.train_rows]
    y = {s: d.targets[: len(pooled[s]), 0] for s, d in data.items()}
    texts = {s: d.texts[: len(pooled[s])] for s, d in data.items()}
    grams = {s: [ngram_ids(t) for t in texts[s]] for s in splits}
    print("rows: " + ", ".join(f"{s} {len(y[s])}" for s in splits), flush=True)
    with_grams = {"no": [False], "yes": [True], "both": [False, True]}[args.ngrams]
    for name in args.sets:
        x = {s: dense(pooled[s], name) for s in splits}
        for use_grams in with_grams:
            label = name + ("+ngrams" if use_grams else "")
            best = None
            settings = [(a, b) for a in args.l2 for b in (args.l2_gram if use_grams else [0.0])]
            for l2, l2_gram in settings:
                for epoch, predict in fit(x, grams if use_grams else None, y, l2, l2_gram, args.epochs):
                    f1, t = best_f1(predict("dev"), y["dev"])
                    tag = f"l2={l2:g}" + (f" l2_gram={l2_gram:g}" if use_grams else "")
                    print(f"{label:<18} {tag} epoch={epoch} dev F1={f1:.3f} (t={t:.3f})", flush=True)
                    if best is None or f1 > best[0]:
                        best = (f1, t, tag, epoch, predict("test") if args.test else None)
            assert best is not None
            line = f"CHOSEN {label:<18} {best[2]} epoch={best[3]} dev F1={best[0]:.3f} t={best[1]:.3f}"
            if best[4] is not None:
                p, r, f = prf(best[4], y["test"], best[1])
                line += f" | test P={p:.3f} R={r:.3f} F1={f:.3f}"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
