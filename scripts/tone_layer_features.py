"""Cache MiniLM per-layer features of GoEmotions for the frustrated label (issue 17).

One fp32 torch forward pass of the packaged all-MiniLM-L6-v2 over train/dev/test (length-bucketed
batches, 2 threads) saves, per split, under --out (not the repo):
  pooled-<split>.npy   (n, 6 layers x [mean, max] x 384) float16: masked mean and max of each layer's
                       hidden states (layer 1..6; layer 6 mean is the sentence vector before L2 norm)
  h<k>-<split>.npy     (tokens, 384) float16: every token's hidden state after layer k (k in --keep),
                       the input of layer k+1, for tuning the layers above it (scripts/tone_top_layers.py)
  len-<split>.npy      (n,) int32: each text's word-piece count (rows of h<k> in text order)
The comments are whole GoEmotions texts (not split into sentences), truncated to 128 word pieces.
--states-only runs only the layers up to max(--keep) and writes only h<k> and len (what
scripts/tone_top_layers.py reads).

Usage: python scripts/tone_layer_features.py --data ../shared/data/goemotions --out /tmp/t17c/feat
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np

from copilot.config import load_settings
from copilot.index.onnx_embeddings import length_buckets
from copilot.tone.goemotions import read_split

MAX_TOKENS = 128
BATCH = 64


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="GoEmotions folder")
    parser.add_argument("--out", type=Path, required=True, help="cache folder (outside the repo)")
    parser.add_argument(
        "--keep", type=int, nargs="*", default=[4, 5], help="layers whose token states to keep"
    )
    parser.add_argument("--limit", type=int, default=None, help="first N rows of each split (smoke run)")
    parser.add_argument(
        "--states-only",
        action="store_true",
        help="run only the layers up to max(--keep) and save their token states (no pooled features)",
    )
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--splits", nargs="*", default=["dev", "test", "train"])
    parser.add_argument(
        "--rows",
        default=None,
        help="START:STOP rows of each split, saved with a -START suffix (chunked runs)",
    )
    return parser.parse_args(argv)


def extract(args: argparse.Namespace, split: str) -> None:
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModel

    model_dir = load_settings().resolved_embedding_path()
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True).eval()
    if args.states_only:
        # The layers above the highest kept one would be computed for nothing.
        model.encoder.layer = model.encoder.layer[: max(args.keep)]
    texts = read_split(args.data, split, args.limit).texts
    suffix = ""
    if args.rows:
        first, stop = (int(v) for v in args.rows.split(":"))
        texts, suffix = texts[first:stop], f"-{first}"
    encodings = tokenizer.encode_batch(texts)
    lengths = np.array([len(e.ids) for e in encodings], dtype=np.int32)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    pooled = np.zeros((0 if args.states_only else len(texts), 6 * 2 * 384), dtype=np.float16)
    kept = {k: np.zeros((int(offsets[-1]), 384), dtype=np.float16) for k in args.keep}
    started = time.time()
    cpu = time.process_time()
    for batch in length_buckets(lengths.tolist(), BATCH):
        width = int(lengths[batch].max())
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, i in enumerate(batch):
            ids[row, : lengths[i]] = torch.tensor(encodings[i].ids)
            mask[row, : lengths[i]] = 1
        with torch.inference_mode():
            states = model(
                input_ids=ids,
                attention_mask=mask,
                token_type_ids=torch.zeros_like(ids),
                output_hidden_states=True,
            ).hidden_states
        if not args.states_only:
            pooled[batch] = _pooled(states, mask)
        for k in args.keep:
            for row, i in enumerate(batch):
                kept[k][offsets[i] : offsets[i + 1]] = states[k][row, : lengths[i]].numpy()
    print(
        f"{split}{suffix}: {len(texts)} texts, {offsets[-1]} tokens, {time.time() - started:.0f} s wall, "
        f"{time.process_time() - cpu:.0f} CPU-s",
        flush=True,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.states_only:
        np.save(args.out / f"pooled-{split}{suffix}.npy", pooled)
    np.save(args.out / f"len-{split}{suffix}.npy", lengths)
    for k in args.keep:
        np.save(args.out / f"h{k}-{split}{suffix}.npy", kept[k])


def _pooled(states: tuple, mask) -> np.ndarray:
    """Masked mean and max of each of the six layers' hidden states, one float16 row per text."""
    import torch

    m = mask.unsqueeze(-1).float()
    parts = []
    for layer in range(1, 7):
        h = states[layer]
        parts.append((h * m).sum(1) / m.sum(1))
        parts.append(h.masked_fill(m == 0, -1e4).max(1).values)
    return torch.cat(parts, 1).numpy().astype(np.float16)


def load_cached(cache: Path, name: str, split: str) -> np.ndarray:
    """`<name>-<split>.npy`, else its contiguous chunks `<name>-<split>-<start>.npy` joined (partial)."""
    whole = cache / f"{name}-{split}.npy"
    if whole.is_file():
        return np.load(whole)
    chunks = sorted(cache.glob(f"{name}-{split}-*.npy"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if not chunks:
        raise FileNotFoundError(whole)
    return np.concatenate([np.load(p) for p in chunks])


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    import torch

    torch.set_num_threads(args.threads)
    for split in args.splits:
        extract(args, split)
    return 0


if __name__ == "__main__":
    sys.exit(main())
