"""Train the inbound frustration model (issue 17): fine-tune all six MiniLM layers and a head from text.

The packaged all-MiniLM-L6-v2 (word embeddings frozen, layers 1-6 trained), the runtime's masked mean
pooling (`onnx_embeddings.mean_pooled`) scaled to length 20 and a 384x1 logistic head, trained with BCE
and AdamW in torch under bfloat16 autocast (AMX makes it ~2-10x faster than float32 where the CPU has
it; elsewhere it is merely slower), 2 threads, length-bucketed batches of GoEmotions train texts in
shuffled order. No cached states: each step tokenizes and runs the whole encoder.

`--unit text` scores whole comments (the unit GoEmotions raters labelled); `--unit sentences` trains
the way the product scores: each comment is split into sentences as `flag_tone` splits them, every
sentence is scored, and the comment's logit is the max over its sentences (multiple-instance
learning), so the loss is on exactly the score the product thresholds. Every `--eval-every` steps dev
is scored both ways (whole text, max over sentences); the best dev F1 of the `--unit` way picks the
checkpoint, written to --export (the .npz copilot/tone/frustration.py loads; its threshold is then
re-tuned through the runtime graph by scripts/tune_frustration.py). The test split is not scored here.

The committed copilot/tone/frustration_model.npz (docs/tone.md):
    python scripts/tone_finetune.py --data ../shared/data/goemotions --unit sentences --epochs 2 \
        --export copilot/tone/frustration_model.npz
    python scripts/tune_frustration.py --data ../shared/data/goemotions --write
"""

from __future__ import annotations

import argparse
import copy
import itertools
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

from copilot.config import load_settings
from copilot.index.onnx_embeddings import mean_pooled
from copilot.tone.frustration import MAX_TOKENS, POOL_SCALE
from copilot.tone.goemotions import read_split
from copilot.tone.sentences import split_sentences
from scripts.tone_top_layers import batches, best_f1, export_npz, lr_factor

SHAPE_STEP = 16


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="GoEmotions folder")
    parser.add_argument("--unit", choices=("text", "sentences"), default="sentences")
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=32, help="texts per step")
    parser.add_argument("--lr", type=float, default=5e-5, help="encoder layers' learning rate")
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0, help="torch init, dropout and batch order")
    parser.add_argument("--eval-every", type=int, default=300)
    parser.add_argument("--limit", type=int, default=None, help="first N rows of each split (smoke run)")
    parser.add_argument("--export", type=Path, default=None, help="int8 .npz of the best dev checkpoint")
    parser.add_argument(
        "--threads", type=int, default=1, help="1: on a shared machine 2 threads were ~10x slower a step"
    )
    return parser.parse_args(argv)


class Split:
    """A split's texts as word-piece ids: per text its sentences (or itself whole), and its labels."""

    def __init__(self, tokenizer: Any, texts: list[str], targets: np.ndarray) -> None:
        self.targets = targets.astype(np.float32)
        self.whole = [e.ids for e in tokenizer.encode_batch(texts)]
        pieces = [[text[a:b] for a, b in split_sentences(text)] or [text] for text in texts]
        flat = [e.ids for e in tokenizer.encode_batch([p for own in pieces for p in own])]
        bounds = np.cumsum([0, *(len(own) for own in pieces)])
        self.sentences = [flat[a:b] for a, b in itertools.pairwise(bounds)]
        self.lengths = np.array([len(ids) for ids in self.whole])


def padded(rows: list[list[int]]) -> tuple[Any, Any]:
    """input_ids and attention_mask, zero-padded on the right and below to multiples of SHAPE_STEP:
    oneDNN builds kernels per input shape, so few shapes keep the bfloat16 steps fast."""
    import torch

    height, width = (-(-n // SHAPE_STEP) * SHAPE_STEP for n in (len(rows), max(len(r) for r in rows)))
    ids = torch.zeros((height, width), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row)
    return ids, (ids != 0).long()


class Model:
    """Packaged encoder (word embeddings frozen) + the runtime's pooling + a linear head."""

    def __init__(self) -> None:
        import torch
        from transformers import AutoModel

        model_dir = load_settings().resolved_embedding_path()
        self.encoder = AutoModel.from_pretrained(
            str(model_dir), local_files_only=True, attn_implementation="eager"
        )
        for param in self.encoder.embeddings.parameters():
            param.requires_grad_(False)
        self.pooled = mean_pooled(self.encoder)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)
        torch.nn.init.zeros_(self.head.weight)
        torch.nn.init.constant_(self.head.bias, -1.5)

    def logits(self, rows: list[list[int]]) -> Any:
        """One logit per row (float32), run under bfloat16 autocast."""
        import torch

        ids, mask = padded(rows)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            pooled = self.pooled(ids, mask, torch.zeros_like(ids)) * POOL_SCALE
            return self.head(pooled).squeeze(1).float()[: len(rows)]

    def text_logits(self, split: Split, idx: np.ndarray, unit: str) -> Any:
        """Per text: its whole-text logit, or the max of its sentences' logits."""
        import torch

        if unit == "text":
            return self.logits([split.whole[i] for i in idx])
        rows = [ids for i in idx for ids in split.sentences[i]]
        scores = self.logits(rows)
        counts = [len(split.sentences[i]) for i in idx]
        return torch.stack([chunk.max() for chunk in torch.split(scores, counts)])

    def state(self) -> dict:
        """The trained tensors, named as export_npz expects (layers `<k>.<param>`, head)."""
        return {
            "layers": copy.deepcopy(self.encoder.encoder.layer.state_dict()),
            "head": copy.deepcopy(self.head.state_dict()),
        }


def predict(model: Model, split: Split, unit: str) -> np.ndarray:
    """P(frustrated) per text, by whole text or max over sentences."""
    import torch

    out = np.zeros(len(split.lengths), dtype=np.float32)
    model.encoder.eval()
    with torch.inference_mode():
        for idx in batches(split.lengths, 128, None):
            out[idx] = torch.sigmoid(model.text_logits(split, idx, unit)).numpy()
    model.encoder.train()
    return out


def train(args: argparse.Namespace, model: Model, data: dict[str, Split]) -> tuple[float, int]:
    """Run the steps; export the best dev checkpoint whenever dev improves. Returns (dev F1, step)."""
    import torch

    params = [p for p in model.encoder.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(
        [{"params": params, "lr": args.lr}, {"params": model.head.parameters(), "lr": args.head_lr}],
        weight_decay=0.01,
    )
    train_split, rng = data["train"], np.random.default_rng(args.seed)
    per_epoch = int(np.ceil(len(train_split.lengths) / args.batch))
    total = int(args.epochs * per_epoch)
    scheduler = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor("linear", s, total))
    best, step, losses = (-1.0, 0), 0, []
    started, cpu = time.time(), time.process_time()
    model.encoder.train()
    while step < total:
        for idx in batches(train_split.lengths, args.batch, rng):
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                model.text_logits(train_split, idx, args.unit), torch.from_numpy(train_split.targets[idx])
            )
            opt.zero_grad()
            loss.backward()
            opt.step()
            scheduler.step()
            losses.append(loss.item())
            step += 1
            if step % args.eval_every == 0 or step == total:
                best = _evaluate(args, model, data["dev"], step, best)
                print(
                    f"  step {step}/{total} (epoch {step / per_epoch:.2f}) loss={np.mean(losses[-200:]):.4f}"
                    f" | {time.time() - started:.0f} s wall, {time.process_time() - cpu:.0f} CPU-s",
                    flush=True,
                )
            if step >= total:
                break
    return best


def _evaluate(
    args: argparse.Namespace, model: Model, dev: Split, step: int, best: tuple[float, int]
) -> tuple[float, int]:
    """Dev F1 both ways; export when the `--unit` way beats the best so far."""
    scores = {unit: best_f1(predict(model, dev, unit), dev.targets) for unit in ("text", "sentences")}
    print(
        f"step {step}: dev F1 whole text {scores['text'][0]:.4f}, max sentence {scores['sentences'][0]:.4f}",
        flush=True,
    )
    f1, threshold = scores[args.unit]
    if f1 <= best[0]:
        return best
    if args.export:
        export_npz(
            args.export, model.state(), threshold=threshold, start=0, step=step, dev_f1=f1, store="int8"
        )
    return f1, step


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    import torch
    from tokenizers import Tokenizer

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    tokenizer = Tokenizer.from_file(str(load_settings().resolved_embedding_path() / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()
    data = {}
    for name in ("train", "dev"):
        rows = read_split(args.data, name, args.limit)
        data[name] = Split(tokenizer, rows.texts, rows.targets[:, 0])
    model = Model()
    print(f"train texts: {len(data['train'].lengths)}, unit: {args.unit}", flush=True)
    f1, step = train(args, model, data)
    print(f"CHOSEN step {step} dev F1 ({args.unit}) {f1:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
