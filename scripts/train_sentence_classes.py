"""Train the issue / commitment / risk / other sentence classifier and write copilot/tools/sentence_classes.npz.

Usage (from the repo root):
    python scripts/train_sentence_classes.py [--cache-dir /tmp/sentence-cache] [--report evals/sentence_data/REPORT.md]

Reads the pinned, hand-labelled `evals/sentence_data/train.jsonl` (the only data the model sees),
checks it shares no sentence template with `evals/sentence_data/eval.jsonl`, embeds both with the
packaged all-MiniLM-L6-v2, picks the L2 penalty by 5-fold cross-validation on train, fits a softmax
head on all of train, and reports per-class precision and recall on the held-out eval set.
The same data and arguments give the same model file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.config import load_settings
from copilot.index.embeddings import LocalEmbeddings
from copilot.tone.model import embed_for_training
from copilot.tools.sentence_classes import (
    LABELS,
    MODEL_PATH,
    SentenceClassifier,
    clean_sentence,
    fit_softmax,
)

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "evals" / "sentence_data"
L2_GRID = (0.003, 0.01, 0.03, 0.1, 0.3)
FOLDS = 5

Matrix = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Labelled:
    """One split: sentence texts, label indices and where each sentence came from."""

    texts: list[str]
    targets: npt.NDArray[np.int64]
    sources: list[str]


def read_split(path: Path) -> Labelled:
    """Read a JSONL split; an unknown label is an error naming the line."""
    texts, targets, sources = [], [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        row = json.loads(line)
        if row["label"] not in LABELS:
            raise ValueError(f"{path}:{number}: unknown label {row['label']!r}")
        texts.append(clean_sentence(row["text"]))
        targets.append(LABELS.index(row["label"]))
        sources.append(row["source"].split(":")[0])
    return Labelled(texts, np.asarray(targets, dtype=np.int64), sources)


def template(text: str) -> str:
    """A sentence's template: capitalised words after the first and all digits masked, letters only."""
    words = text.split()
    masked = " ".join(words[:1] + ["N" if w[:1].isupper() else w for w in words[1:]])
    return re.sub(r"[^a-z# ]", "", re.sub(r"\d+", "#", masked.lower()))


def check_disjoint(train: Labelled, held_out: Labelled) -> None:
    """Refuse to train when a train sentence shares its template with an eval sentence."""
    shared = {template(t) for t in train.texts} & {template(t) for t in held_out.texts}
    if shared:
        raise SystemExit(f"train and eval share {len(shared)} sentence template(s), e.g. {sorted(shared)[0]!r}")


def per_class(predicted: npt.NDArray[np.int64], truth: npt.NDArray[np.int64]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support of every label."""
    scores = {}
    for j, label in enumerate(LABELS):
        tp = int(((predicted == j) & (truth == j)).sum())
        precision = tp / max(int((predicted == j).sum()), 1)
        recall = tp / max(int((truth == j).sum()), 1)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = {"precision": precision, "recall": recall, "f1": f1, "support": int((truth == j).sum())}
    return scores


def macro_f1(scores: dict[str, dict[str, float]]) -> float:
    """Unweighted mean F1 over labels."""
    return float(np.mean([s["f1"] for s in scores.values()]))


def fit(vectors: Matrix, targets: npt.NDArray[np.int64], l2: float) -> SentenceClassifier:
    """A classifier fitted on the given rows."""
    weights, bias, mean, scale = fit_softmax(vectors, targets, len(LABELS), l2=l2)
    return SentenceClassifier(LABELS, weights, bias, mean, scale)


def choose_l2(vectors: Matrix, targets: npt.NDArray[np.int64]) -> tuple[float, dict[float, float]]:
    """The L2 penalty with the best cross-validated macro-F1 on train (folds fixed by a seed)."""
    order = np.random.default_rng(15).permutation(len(targets))
    folds = np.array_split(order, FOLDS)
    results = {}
    for l2 in L2_GRID:
        predicted = np.empty_like(targets)
        for fold in folds:
            rest = np.setdiff1d(order, fold)
            model = fit(vectors[rest], targets[rest], l2)
            predicted[fold] = model.probabilities(vectors[fold]).argmax(axis=1)
        results[l2] = macro_f1(per_class(predicted, targets))
    return max(results, key=lambda k: results[k]), results


def confusion(predicted: npt.NDArray[np.int64], truth: npt.NDArray[np.int64]) -> list[list[int]]:
    """Rows are the true label, columns the predicted one, in LABELS order."""
    return [[int(((truth == i) & (predicted == j)).sum()) for j in range(len(LABELS))] for i in range(len(LABELS))]


def render_report(
    scores: dict[str, dict[str, float]], matrix: list[list[int]], train: Labelled, held_out: Labelled, l2: float
) -> str:
    """The markdown report committed beside the data."""
    lines = [
        "# Sentence classifier (issue / commitment / risk / other): evaluation",
        "",
        "Produced by `python scripts/train_sentence_classes.py --report evals/sentence_data/REPORT.md`.",
        f"Train: {len(train.texts)} sentences ({dict(Counter(train.sources))}); "
        f"held-out eval: {len(held_out.texts)} sentences ({dict(Counter(held_out.sources))}).",
        f"L2 = {l2} chosen by {FOLDS}-fold cross-validation on train only; the eval set was not used for any choice.",
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for label, s in scores.items():
        lines.append(f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} |")
    lines += ["", f"macro-F1 {macro_f1(scores):.3f}", "", "Confusion (rows true, columns predicted):", ""]
    lines += ["| true \\ predicted | " + " | ".join(LABELS) + " |", "|---" * (len(LABELS) + 1) + "|"]
    lines += [f"| {LABELS[i]} | " + " | ".join(str(v) for v in row) + " |" for i, row in enumerate(matrix)]
    return "\n".join(lines) + "\n"


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA, help="folder with train.jsonl and eval.jsonl")
    parser.add_argument("--cache-dir", type=Path, default=None, help="cache embeddings as .npy here")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    parser.add_argument("--report", type=Path, default=None, help="also write the markdown report here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Train, evaluate on the held-out set, save the model; returns the exit code."""
    args = _parse(argv)
    train, held_out = read_split(args.data / "train.jsonl"), read_split(args.data / "eval.jsonl")
    check_disjoint(train, held_out)
    embeddings = LocalEmbeddings(load_settings().resolved_embedding_path())
    x_train = embed_for_training(embeddings, train.texts, "sentences-train", args.cache_dir)
    x_eval = embed_for_training(embeddings, held_out.texts, "sentences-eval", args.cache_dir)
    l2, grid = choose_l2(x_train, train.targets)
    print("cross-validated macro-F1 by L2: " + ", ".join(f"{k}={v:.3f}" for k, v in grid.items()))
    model = fit(x_train, train.targets, l2)
    predicted = model.probabilities(x_eval).argmax(axis=1)
    scores = per_class(predicted, held_out.targets)
    report = render_report(scores, confusion(predicted, held_out.targets), train, held_out, l2)
    print(report)
    if args.report:
        args.report.write_text(report, encoding="utf-8")
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
