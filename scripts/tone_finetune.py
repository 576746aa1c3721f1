"""Train the inbound frustration model (issue 17): fine-tune all six MiniLM layers and a head from text.

The packaged all-MiniLM-L6-v2 (word embeddings frozen, layers 1-6 trained), the runtime's masked mean
pooling (`onnx_embeddings.mean_pooled`) scaled to length 20 and a 384x1 logistic head, trained with BCE
and AdamW in torch under bfloat16 autocast (AMX makes it ~2-10x faster than float32 where the CPU has
it; on a Zen 4 without AMX it was still ~1.6x faster a step: `--dtype float32` to compare), 1 thread,
length-bucketed batches of GoEmotions train texts in shuffled order. No cached states: each step
tokenizes and runs the whole encoder.

`--unit text` scores whole comments (the unit GoEmotions raters labelled); `--unit sentences` trains
the way the product scores: each comment is split into sentences as `flag_tone` splits them, every
sentence is scored, and the comment's logit is the max over its sentences (multiple-instance
learning), so the loss is on exactly the score the product thresholds. Every `--eval-every` steps dev
is scored both ways (whole text, max over sentences); the best dev F1 of the `--unit` way picks the
checkpoint, written to --export (the .npz copilot/tone/frustration.py loads; its threshold is then
re-tuned through the runtime graph by scripts/tune_frustration.py). The test split is not scored here.

Continued training (issue 17, B2B): `--init NPZ` starts from a weights file (the committed one: its
int8 matrices dequantised as copilot/tone/frustration.py loads them) instead of the packaged layers and a
zero head; `--extra FILE.jsonl` (hand-labelled rows, evals/tone_data format) is mixed into every batch,
`--extra-share` of its rows drawn at random from the extra set (so a small set is oversampled);
`--steps` fixes the number of steps; `--b2b-dev FILE.jsonl` adds a second dev set, and the checkpoint is
then chosen as the product chooses its operating point (scripts/tune_frustration.py --b2b): the two-cut
rule's highest mean of GoEmotions dev F1 and B2B dev F1 among points keeping GoEmotions dev F1 >=
`--floor`, on the torch logits of both sets. Step 0 (the initial weights) is scored too.

Distillation (issue 17, t17d): `--distill SOFT.npz` (written by scripts/tone_teacher.py --soft-targets from
a fine-tuned all-mpnet-base-v2 teacher) makes the loss (1 - w) x BCE(label) + w x BCE(teacher's
probability), w = `--distill-weight`, for GoEmotions train texts and, with --extra, the B2B rows (the
teacher's probability of the whole text, whatever --unit). Dev is scored against the labels as before.

Auxiliary emotions (issue 17, t17v): `--aux-emotions W` adds a 384x28 multi-label head on the same pooled
vector, trained on all 28 GoEmotions labels: loss = BCE(frustrated) + W x mean BCE(28 emotions) (under
`--unit sentences` a comment's emotion logits are the max over its sentences', label by label). Rows with
no emotion labels (the --extra B2B rows) add nothing to the auxiliary term. The export is unchanged (the
binary head only, what the product loads); the auxiliary head is kept beside it in `<export>.aux.npz`,
which `--init` picks up when it exists, so a continued stage goes on with the head it was trained with.

The committed copilot/tone/frustration_model.npz is the weight average of two runs (docs/tone.md,
"Shipped 2026-12-05, t17k"): the first seed continued on B2B rows, and a second seed on whole comments:
    python scripts/tone_finetune.py --data ../shared/data/goemotions --unit sentences --epochs 2 \
        --seed 0 --export /tmp/sentences_s0.npz
    python scripts/tone_finetune.py --data ../shared/data/goemotions --unit sentences --init \
        /tmp/sentences_s0.npz --extra evals/tone_data/b2b_train.jsonl --extra-share 0.125 --steps 300 \
        --lr 1e-5 --head-lr 5e-5 --eval-every 100 --b2b-dev evals/tone_data/b2b_dev.jsonl \
        --export /tmp/b2b_s0.npz
    python scripts/tone_finetune.py --data ../shared/data/goemotions --unit text --epochs 1.5 \
        --eval-every 340 --seed 1 --export /tmp/text_s1.npz
    python scripts/tone_soup.py /tmp/b2b_s0.npz /tmp/text_s1.npz --out copilot/tone/frustration_model.npz
    python scripts/tune_frustration.py --data ../shared/data/goemotions \
        --b2b evals/tone_data/b2b_dev.jsonl --write
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
from copilot.tone.frustration import MAX_TOKENS, POOL_SCALE, TunedWeights
from copilot.tone.goemotions import read_emotions, read_split
from copilot.tone.labelled import load_labelled
from copilot.tone.sentences import split_sentences
from scripts.tone_top_layers import batches, best_f1, export_npz, lr_factor
from scripts.tune_frustration import choose_point

SHAPE_STEP = 16
# The grid scripts/tune_frustration.py searches: raw-logit sentence margins (inf: whole text), thresholds.
MARGINS = np.r_[np.arange(0.0, 8.01, 0.1), np.inf]
THRESHOLDS = np.arange(-6.0, 6.0, 0.01)


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
    parser.add_argument("--steps", type=int, default=None, help="number of steps (overrides --epochs)")
    parser.add_argument("--init", type=Path, default=None, help="start from this weights file (.npz)")
    parser.add_argument("--extra", type=Path, default=None, help="labelled .jsonl rows mixed into training")
    parser.add_argument("--extra-share", type=float, default=0.25, help="share of each batch from --extra")
    parser.add_argument("--b2b-dev", type=Path, default=None, help="second dev set (.jsonl) to choose by")
    parser.add_argument("--floor", type=float, default=0.625, help="lowest GoEmotions dev F1 with --b2b-dev")
    parser.add_argument("--distill", type=Path, default=None, help="teacher's soft targets (.npz)")
    parser.add_argument(
        "--distill-weight", type=float, default=0.7, help="share of the loss on the teacher's probability"
    )
    parser.add_argument(
        "--aux-emotions",
        type=float,
        default=0.0,
        help="weight W of an auxiliary 28-emotion BCE term (0: no auxiliary head)",
    )
    parser.add_argument(
        "--dtype",
        choices=("bfloat16", "float32"),
        default="bfloat16",
        help="bfloat16 autocast (fast with AMX) or plain float32 (may be faster on CPUs without AMX)",
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="1: on a shared machine 2 threads were ~10x slower a step"
    )
    return parser.parse_args(argv)


class Split:
    """A split's texts as word-piece ids: per text its sentences (or itself whole), and its labels;
    with `emotions` (rows x 28, 0/1) also every GoEmotions label, else none (the auxiliary loss skips it)."""

    def __init__(
        self, tokenizer: Any, texts: list[str], targets: np.ndarray, emotions: np.ndarray | None = None
    ) -> None:
        self.texts = texts
        self.targets = targets.astype(np.float32)
        self.emotions = emotions.astype(np.float32) if emotions is not None else None
        # What the loss fits: the labels, or with --distill their mix with the teacher's probabilities.
        self.fit_targets = self.targets
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
    """Packaged encoder (word embeddings frozen) + the runtime's pooling + a linear head; with
    `aux_prior` (each emotion's share of train rows) also the auxiliary emotion head."""

    def __init__(self, autocast: bool = True, aux_prior: np.ndarray | None = None) -> None:
        import torch
        from transformers import AutoModel

        self.autocast = autocast
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
        self.aux_head = None if aux_prior is None else _aux_head(self.encoder.config.hidden_size, aux_prior)

    def outputs(self, rows: list[list[int]]) -> tuple[Any, Any]:
        """Per row the frustrated logit and the emotion logits (None without the auxiliary head),
        float32, run under bfloat16 autocast unless the model is float32."""
        import torch

        ids, mask = padded(rows)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.autocast):
            pooled = self.pooled(ids, mask, torch.zeros_like(ids)) * POOL_SCALE
            logits = self.head(pooled).squeeze(1).float()[: len(rows)]
            return logits, None if self.aux_head is None else self.aux_head(pooled).float()[: len(rows)]

    def logits(self, rows: list[list[int]]) -> Any:
        """One frustrated logit per row."""
        return self.outputs(rows)[0]

    def text_outputs(self, split: Split, idx: np.ndarray, unit: str) -> tuple[Any, Any]:
        """Per text: its whole-text logits, or the max of its sentences' logits (label by label for
        the emotions, as a comment has an emotion when one of its sentences has it)."""
        import torch

        if unit == "text":
            return self.outputs([split.whole[i] for i in idx])
        scores, emotions = self.outputs([ids for i in idx for ids in split.sentences[i]])
        counts = [len(split.sentences[i]) for i in idx]
        per_text = torch.stack([chunk.max() for chunk in torch.split(scores, counts)])
        if emotions is None:
            return per_text, None
        return per_text, torch.stack([chunk.amax(dim=0) for chunk in torch.split(emotions, counts)])

    def text_logits(self, split: Split, idx: np.ndarray, unit: str) -> Any:
        """Per text: its whole-text frustrated logit, or the max of its sentences'."""
        return self.text_outputs(split, idx, unit)[0]

    def load(self, path: Path) -> None:
        """Start from a weights file: its tuned layers (dequantised) and head replace the packaged ones."""
        import torch

        weights = TunedWeights.load(path)
        layers = {
            name.split(".", 1)[1]: torch.from_numpy(value)
            for name, value in weights.tensors.items()
            if name.startswith("layer.")
        }
        own = self.encoder.encoder.layer.state_dict()
        missing = sorted(k for k in own if k not in layers and int(k.split(".")[0]) >= weights.first_layer)
        if missing:
            raise ValueError(f"{path}: no tensors for {missing[:3]}")
        self.encoder.encoder.layer.load_state_dict({**own, **layers})
        self.head.load_state_dict(
            {
                "weight": torch.from_numpy(weights.tensors["head.weight"]),
                "bias": torch.from_numpy(weights.tensors["head.bias"]),
            }
        )
        if self.aux_head is not None and aux_path(path).is_file():
            with np.load(aux_path(path), allow_pickle=False) as aux:
                self.aux_head.load_state_dict({k: torch.from_numpy(aux[k]) for k in ("weight", "bias")})

    def state(self) -> dict:
        """The trained tensors, named as export_npz expects (layers `<k>.<param>`, head)."""
        return {
            "layers": copy.deepcopy(self.encoder.encoder.layer.state_dict()),
            "head": copy.deepcopy(self.head.state_dict()),
        }


def _aux_head(width: int, prior: np.ndarray) -> Any:
    """A width x len(prior) linear head: zero weights, each bias at its emotion's train log-odds (so the
    first steps do not spend the encoder's gradient on learning base rates). Made under a forked torch
    RNG, so a run with the head draws the same dropout masks as the same seed without it."""
    import torch

    with torch.random.fork_rng():
        head = torch.nn.Linear(width, len(prior))
    share = np.clip(prior, 1e-4, 1 - 1e-4)
    with torch.no_grad():
        head.weight.zero_()
        head.bias.copy_(torch.from_numpy(np.log(share / (1 - share)).astype(np.float32)))
    return head


def aux_path(export: Path) -> Path:
    """Where the auxiliary head of a weights file is kept (never loaded by the product)."""
    return export.with_name(export.stem + ".aux.npz")


def save_aux(model: Model, export: Path) -> None:
    """The auxiliary head beside the export, renamed into place as export_npz does."""
    if model.aux_head is None:
        return
    partial = export.with_name(export.stem + ".aux.partial.npz")
    np.savez(partial, **{k: v.detach().numpy() for k, v in model.aux_head.state_dict().items()})
    partial.replace(aux_path(export))


def joint_loss(
    logits: Any, targets: Any, emotion_logits: Any | None, emotions: Any, has_emotions: Any, weight: float
) -> Any:
    """BCE on frustrated over every row, plus `weight` x the BCE over the emotions averaged over the rows
    that have emotion labels (`has_emotions`) and the labels; rows without them add nothing."""
    import torch

    loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, targets)
    if emotion_logits is None or weight == 0.0 or not bool(has_emotions.any()):
        return loss
    aux = torch.nn.functional.binary_cross_entropy_with_logits(
        emotion_logits[has_emotions], emotions[has_emotions]
    )
    return loss + weight * aux


def step_loss(args: argparse.Namespace, model: Model, parts: list[tuple[Split, np.ndarray]]) -> Any:
    """The loss of one step's texts (GoEmotions rows, and B2B rows with --extra)."""
    import torch

    outputs = [model.text_outputs(split, rows, args.unit) for split, rows in parts]
    targets = torch.from_numpy(np.concatenate([split.fit_targets[rows] for split, rows in parts]))
    logits = torch.cat([scores for scores, _ in outputs])
    if model.aux_head is None:
        return joint_loss(logits, targets, None, None, None, 0.0)
    width = model.aux_head.out_features
    # Rows without emotion labels get zeros here and are masked out of the auxiliary term.
    emotions = np.concatenate(
        [
            np.zeros((len(rows), width)) if split.emotions is None else split.emotions[rows]
            for split, rows in parts
        ]
    ).astype(np.float32)
    has = np.concatenate([np.full(len(rows), split.emotions is not None) for split, rows in parts])
    return joint_loss(
        logits,
        targets,
        torch.cat([aux for _, aux in outputs]),
        torch.from_numpy(emotions),
        torch.from_numpy(has),
        args.aux_emotions,
    )


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


def predict_logits(model: Model, split: Split, unit: str) -> np.ndarray:
    """Raw logit per text, by whole text or max over sentences."""
    probabilities = np.clip(predict(model, split, unit).astype(np.float64), 1e-7, 1 - 1e-7)
    return np.log(probabilities / (1 - probabilities))


def step_texts(
    args: argparse.Namespace, data: dict[str, Split], idx: np.ndarray, rng: np.random.Generator
) -> list[tuple[Split, np.ndarray]]:
    """The texts of one step: the GoEmotions batch, and with --extra `--extra-share` of the batch drawn
    from the extra rows instead (at random, so a small set is seen many times)."""
    if "extra" not in data:
        return [(data["train"], idx)]
    extra = data["extra"]
    n_extra = max(1, round(args.batch * args.extra_share))
    drawn = rng.choice(len(extra.lengths), size=n_extra, replace=False)
    return [(data["train"], idx[: args.batch - n_extra]), (extra, drawn)]


def train(args: argparse.Namespace, model: Model, data: dict[str, Split]) -> tuple[float, int]:
    """Run the steps; export the best dev checkpoint whenever dev improves. Returns (dev F1, step)."""
    import torch

    params = [p for p in model.encoder.parameters() if p.requires_grad]
    heads = [*model.head.parameters(), *(model.aux_head.parameters() if model.aux_head is not None else [])]
    opt = torch.optim.AdamW(
        [{"params": params, "lr": args.lr}, {"params": heads, "lr": args.head_lr}], weight_decay=0.01
    )
    train_split, rng = data["train"], np.random.default_rng(args.seed)
    per_epoch = int(np.ceil(len(train_split.lengths) / args.batch))
    total = args.steps if args.steps is not None else int(args.epochs * per_epoch)
    scheduler = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: lr_factor("linear", s, total))
    best, step, losses = (-1.0, 0), 0, []
    started, cpu = time.time(), time.process_time()
    if args.init is not None:
        best = _evaluate(args, model, data, 0, best)
    model.encoder.train()
    while step < total:
        for idx in batches(train_split.lengths, args.batch, rng):
            loss = step_loss(args, model, step_texts(args, data, idx, rng))
            opt.zero_grad()
            loss.backward()
            opt.step()
            scheduler.step()
            losses.append(loss.item())
            step += 1
            if step % args.eval_every == 0 or step == total:
                best = _evaluate(args, model, data, step, best)
                print(
                    f"  step {step}/{total} (epoch {step / per_epoch:.2f}) loss={np.mean(losses[-200:]):.4f}"
                    f" | {time.time() - started:.0f} s wall, {time.process_time() - cpu:.0f} CPU-s",
                    flush=True,
                )
            if step >= total:
                break
    return best


def _evaluate(
    args: argparse.Namespace, model: Model, data: dict[str, Split], step: int, best: tuple[float, int]
) -> tuple[float, int]:
    """Dev F1 both ways; export when the `--unit` way (or, with --b2b-dev, the two-dev-set point) beats
    the best so far."""
    dev = data["dev"]
    logits = {unit: predict_logits(model, dev, unit) for unit in ("text", "sentences")}
    scores = {unit: best_f1(1 / (1 + np.exp(-logits[unit])), dev.targets) for unit in logits}
    print(
        f"step {step}: dev F1 whole text {scores['text'][0]:.4f}, max sentence {scores['sentences'][0]:.4f}",
        flush=True,
    )
    f1, threshold = scores[args.unit]
    if "b2b_dev" in data:
        f1, threshold = _two_dev_sets(args, model, data, logits, step)
    if f1 <= best[0]:
        return best
    if args.export:
        export_npz(
            args.export, model.state(), threshold=threshold, start=0, step=step, dev_f1=f1, store="int8"
        )
        save_aux(model, args.export)
    return f1, step


def _two_dev_sets(
    args: argparse.Namespace, model: Model, data: dict[str, Split], logits: dict[str, np.ndarray], step: int
) -> tuple[float, float]:
    """(mean of the two dev F1s, threshold as a probability) at the best two-cut point keeping GoEmotions
    dev F1 >= --floor (-1 when none does), as scripts/tune_frustration.py --b2b chooses it."""
    b2b = data["b2b_dev"]
    sets = (
        (logits["text"], logits["sentences"], data["dev"].targets > 0.5),
        (predict_logits(model, b2b, "text"), predict_logits(model, b2b, "sentences"), b2b.targets > 0.5),
    )
    try:
        margin, threshold, go, b2 = choose_point(*sets, args.floor, MARGINS, THRESHOLDS)
    except ValueError:
        # Still say where the best point without the floor lies, so a failed run is readable.
        margin, threshold, go, b2 = choose_point(*sets, 0.0, MARGINS, THRESHOLDS)
        print(
            f"step {step}: no point keeps GoEmotions dev F1 >= {args.floor}; without the floor: GoEmotions "
            f"dev F1 {go:.4f}, B2B dev F1 {b2:.4f} (raw margin {margin:.1f} threshold {threshold:.2f})",
            flush=True,
        )
        return -1.0, 0.5
    print(
        f"step {step}: two dev sets, raw margin {margin:.1f} threshold {threshold:.2f}: GoEmotions dev F1 "
        f"{go:.4f}, B2B dev F1 {b2:.4f}, mean {(go + b2) / 2:.4f}",
        flush=True,
    )
    return (go + b2) / 2, float(1 / (1 + np.exp(-threshold)))


def labelled_split(tokenizer: Any, path: Path) -> Split:
    """A hand-labelled .jsonl set (evals/tone_data format) as a Split: frustrated or not."""
    rows = load_labelled(path)
    targets = np.array([float("frustrated" in row.labels) for row in rows])
    return Split(tokenizer, [row.text for row in rows], targets)


def add_soft_targets(split: Split, path: Path, prefix: str, weight: float) -> None:
    """Fit `weight` x the teacher's probability + (1 - weight) x the label: BCE is linear in its target,
    so this is the mix of BCE on the hard label and BCE on the teacher's soft probability. Texts are
    looked up by their text; every one must be in the file."""
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"--distill-weight must be in [0, 1], not {weight}")
    with np.load(path, allow_pickle=False) as data:
        if f"{prefix}_text" not in data.files:
            raise ValueError(f"{path}: no {prefix}_text (write it with tone_teacher.py --soft-targets)")
        teacher = dict(zip(data[f"{prefix}_text"].tolist(), data[f"{prefix}_prob"].tolist(), strict=True))
    missing = [text for text in split.texts if text not in teacher]
    if missing:
        raise ValueError(f"{path}: {len(missing)} texts have no soft target, e.g. {missing[0][:60]!r}")
    soft = np.array([teacher[text] for text in split.texts], dtype=np.float32)
    split.fit_targets = (weight * soft + (1.0 - weight) * split.targets).astype(np.float32)


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
        emotions = read_emotions(args.data, name, args.limit) if args.aux_emotions > 0 else None
        data[name] = Split(tokenizer, rows.texts, rows.targets[:, 0], emotions)
    for name, path in (("extra", args.extra), ("b2b_dev", args.b2b_dev)):
        if path is not None:
            data[name] = labelled_split(tokenizer, path)
    if args.distill is not None:
        add_soft_targets(data["train"], args.distill, "train", args.distill_weight)
        if "extra" in data:
            add_soft_targets(data["extra"], args.distill, "b2b", args.distill_weight)
    train_emotions = data["train"].emotions
    aux_prior = train_emotions.mean(axis=0) if train_emotions is not None else None
    model = Model(autocast=args.dtype == "bfloat16", aux_prior=aux_prior)
    if args.init is not None:
        model.load(args.init)
    aux = f", auxiliary emotions W={args.aux_emotions}" if model.aux_head is not None else ""
    print(f"train texts: {len(data['train'].lengths)}, unit: {args.unit}, {args.dtype}{aux}", flush=True)
    f1, step = train(args, model, data)
    print(f"CHOSEN step {step} dev F1 ({args.unit}) {f1:.4f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
