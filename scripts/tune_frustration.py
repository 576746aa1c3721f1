"""Tune the inbound `frustrated` threshold through the product path, and score a split with it.

Runs GoEmotions texts through `flag_tone.frustration_scores` (sentences split as flag_tone splits
them, each scored by the runtime ONNX graph built from the packaged MiniLM and the tuned weights, the
text's score the max over its sentences), in batches of 64 texts in file order as the tone suite and
/v1/tone/batch send them (the int8 graph quantises activations per batch). On dev it picks the
F1-optimal cut and a logistic calibration of the score's logit (the fine-tuned head is over-confident),
and with --write stores both in the weights file (the graph depends on neither, so no rebuild); with
--test it scores the test split once at the stored (or just tuned) threshold.

Usage: python scripts/tune_frustration.py --data ../shared/data/goemotions [--weights FILE] [--write] [--test]
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
import numpy.typing as npt

from copilot.config import load_settings
from copilot.container import _source_digest
from copilot.tone.frustration import MODEL_PATH, TunedFrustrationModel, calibrated
from copilot.tone.goemotions import read_split
from copilot.tone.metrics import calibration_error
from copilot.tone.model import fit_calibration
from copilot.tools.flag_tone import frustration_scores

BATCH = 64  # texts per call, as evals/suites/tone.py and /v1/tone/batch

Vector = npt.NDArray[np.float64]


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, required=True, help="GoEmotions folder")
    parser.add_argument("--weights", type=Path, default=MODEL_PATH, help="tuned weights (.npz)")
    parser.add_argument("--fp32", action="store_true", help="run the graph unquantised (comparison)")
    parser.add_argument("--limit", type=int, default=None, help="first N rows of each split (smoke run)")
    parser.add_argument("--write", action="store_true", help="store the dev-tuned threshold in --weights")
    parser.add_argument("--test", action="store_true", help="score the test split once")
    return parser.parse_args(argv)


def best_cut(scores: Vector, truth: npt.NDArray[np.bool_]) -> tuple[float, float]:
    """(F1, threshold) of the F1-optimal cut `score >= threshold` (the threshold is a seen score)."""
    order = np.argsort(-scores, kind="stable")
    true_positives = np.cumsum(truth[order])
    f1 = 2 * true_positives / (np.arange(1, len(scores) + 1) + truth.sum())
    # Ties: a cut can only fall after the last of equal scores.
    ends = np.r_[scores[order][1:] != scores[order][:-1], True]
    i = int(np.argmax(np.where(ends, f1, -1.0)))
    return float(f1[i]), float(scores[order][i])


def prf(scores: Vector, truth: npt.NDArray[np.bool_], threshold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of `score >= threshold`."""
    predicted = scores >= threshold
    tp = float((predicted & truth).sum())
    precision, recall = tp / max(int(predicted.sum()), 1), tp / max(int(truth.sum()), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


def split_scores(
    model: TunedFrustrationModel, data: Path, split: str, limit: int | None
) -> tuple[Vector, npt.NDArray[np.bool_]]:
    """Every text's product score and its GoEmotions truth; prints the time it took."""
    rows = read_split(data, split, limit)
    started, cpu = time.time(), time.process_time()
    texts = rows.texts
    scores = np.concatenate(
        [frustration_scores(texts[i : i + BATCH], model) for i in range(0, len(texts), BATCH)]
    )
    print(
        f"{split}: {len(texts)} texts, {time.time() - started:.0f} s wall, "
        f"{time.process_time() - cpu:.0f} CPU-s",
        flush=True,
    )
    return scores, rows.targets[:, 0] > 0.5


def store_threshold(path: Path, threshold: float, calibration: tuple[float, float]) -> None:
    """Rewrite the weights file with a new threshold and calibration (tensors unchanged, so the cached
    graph stays)."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["threshold"] = np.asarray(threshold, dtype=np.float32)
    arrays["calibration"] = np.asarray(calibration, dtype=np.float32)
    partial = path.with_name(path.name + ".partial.npz")
    np.savez_compressed(partial, allow_pickle=False, **arrays)
    partial.replace(path)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    settings = load_settings()
    started = time.time()
    model = TunedFrustrationModel(
        settings.resolved_embedding_path(),
        settings.resolved_model_cache_dir / "onnx",
        source=_source_digest(settings),
        weights_path=args.weights,
        quantize=not args.fp32,
    )
    print(f"graph {model.onnx_path.name} ready in {time.time() - started:.1f} s", flush=True)
    stored = model.calibration
    model.calibration = (1.0, 0.0)  # fit on the graph's own scores
    raw, truth = split_scores(model, args.data, "dev", args.limit)
    clipped = np.clip(raw, 1e-7, 1 - 1e-7)
    calibration = fit_calibration(np.log(clipped / (1 - clipped)), truth)
    scores = calibrated(raw, calibration)
    f1, threshold = best_cut(scores, truth)
    p, r, _ = prf(scores, truth, threshold)
    print(
        f"dev: best F1 {f1:.4f} (P {p:.3f} R {r:.3f}) at threshold {threshold:.4f}; calibration "
        f"slope {calibration[0]:.3f} intercept {calibration[1]:.3f}; ECE {calibration_error(raw, truth):.3f} "
        f"raw, {calibration_error(scores, truth):.3f} calibrated (flagged only: "
        f"{calibration_error(scores[scores >= threshold], truth[scores >= threshold]):.3f})"
    )
    p, r, f = prf(calibrated(raw, stored), truth, model.threshold)
    print(
        f"dev at the stored threshold {model.threshold:.4f} and calibration: P {p:.3f} R {r:.3f} F1 {f:.4f}"
    )
    model.calibration = stored
    if args.write:
        store_threshold(args.weights, threshold, calibration)
        model.threshold, model.calibration = threshold, calibration
        print(f"stored threshold {threshold:.4f} and calibration in {args.weights}")
    if args.test:
        scores, truth = split_scores(model, args.data, "test", args.limit)
        p, r, f = prf(scores, truth, model.threshold)
        print(
            f"test (scored once) at {model.threshold:.4f}: P {p:.3f} R {r:.3f} F1 {f:.4f} (n={len(scores)})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
