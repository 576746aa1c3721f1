"""Average fine-tuned frustration models' weights (a "model soup"): same graph, same inference cost.

Each input is a weights file as scripts/tone_finetune.py exports it (and copilot/tone/frustration.py
loads it): tuned encoder layers `layer.<k>.<param>` and a `head.*`, weight matrices int8 with one float32
scale per output row, the rest float16. The files are dequantised, averaged tensor by tensor (uniform
weights unless --weights), and written back in the same format. Averaging works for fine-tunes of the
same packaged encoder (they start from one point and stay in one basin); it would not for unrelated
models, so the inputs must hold the same tensors and the same first tuned layer.

The soup's threshold, calibration and sentence margin are not averaged: the threshold is the first
file's as a placeholder and the others are left out, so scripts/tune_frustration.py must choose the
operating point (on dev) before the file is used.

A weight may be negative (the weights must still sum to more than 0): task arithmetic. With the
shipped soup S = (A + B) / 2 and two runs of one stage, A0 (as A was trained) and A1 (the same run
changed, e.g. distilled), `S A1 A0 --weights 1 0.5 -0.5` is S + (A1 - A0) / 2, the soup with A swapped
for A1, when A's own file is gone (t17t, docs/tone.md).

Usage: python scripts/tone_soup.py A.npz B.npz [--weights 0.5 0.5] --out SOUP.npz
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.index.tuned_encoder import dequantized, quantized

Tensors = dict[str, npt.NDArray[np.float32]]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("inputs", type=Path, nargs="+", help="weights files (.npz) to average")
    parser.add_argument(
        "--weights", type=float, nargs="+", default=None, help="one per input (uniform); may be negative"
    )
    parser.add_argument("--out", type=Path, required=True, help="the averaged weights file (.npz)")
    return parser.parse_args(argv)


def read(path: Path) -> tuple[Tensors, int, float]:
    """A file's tuned tensors (float32), first tuned layer and stored threshold."""
    with np.load(path, allow_pickle=False) as data:
        stored = {k: data[k] for k in data.files if k.startswith(("layer.", "head."))}
        return dequantized(stored), int(data["first_tuned_layer"]), float(data["threshold"])


def averaged(models: list[Tensors], weights: list[float]) -> Tensors:
    """sum_i weights_i * models_i, tensor by tensor; the models must hold the same names and shapes."""
    names = set(models[0])
    for other in models[1:]:
        if set(other) != names:
            raise ValueError(f"the files hold different tensors: {sorted(names ^ set(other))[:4]}")
    total = float(sum(weights))
    out: Tensors = {}
    for name in sorted(names):
        shapes = {m[name].shape for m in models}
        if len(shapes) > 1:
            raise ValueError(f"{name}: shapes differ {sorted(shapes)}")
        mixed = sum(w / total * m[name].astype(np.float64) for w, m in zip(weights, models, strict=True))
        out[name] = np.asarray(mixed, dtype=np.float32)
    return out


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    weights = args.weights or [1.0] * len(args.inputs)
    if len(weights) != len(args.inputs) or sum(weights) <= 0:
        raise SystemExit("--weights: one weight per input, summing to more than 0")
    read_all = [read(path) for path in args.inputs]
    if len({first for _, first, _ in read_all}) > 1:
        raise SystemExit("the inputs tune different layers (first_tuned_layer differs)")
    soup = averaged([tensors for tensors, _, _ in read_all], weights)
    # The export format of scripts/tone_top_layers.export_npz: the 1x384 head stays float16.
    arrays = quantized(soup, min_rows=2)
    arrays["threshold"] = np.asarray(read_all[0][2], dtype=np.float32)
    arrays["first_tuned_layer"] = np.asarray(read_all[0][1], dtype=np.int32)
    parts = ", ".join(f"{w:g}x{p.name}" for w, p in zip(weights, args.inputs, strict=True))
    arrays["meta"] = np.asarray(f"soup of {parts}; threshold not tuned")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_name(args.out.name + ".partial.npz")
    np.savez_compressed(partial, allow_pickle=False, **arrays)
    partial.replace(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB): {parts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
