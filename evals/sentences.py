"""The hand-labelled sentence sets of the account summary's classifier: reading, hygiene, scoring."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.tools.sentence_classes import LABELS, SIDES, clean_sentence

DATA = Path(__file__).resolve().parent / "sentence_data"

Scores = dict[str, dict[str, float]]


@dataclass(frozen=True)
class Labelled:
    """One split: sentence texts (as the classifier reads them), label indices, source kinds, the
    document each sentence came from (`origins`, e.g. "tweetsumm:12", for grouping folds) and who said
    it (`sides`: customer, ours or unknown, derived from the source as the README describes)."""

    texts: list[str]
    targets: npt.NDArray[np.int64]
    sources: list[str]
    origins: list[str]
    sides: list[str]


def read_split(path: Path) -> Labelled:
    """Read a JSONL split; an unknown label or side is an error naming the file and line (a row without
    a side reads as unknown)."""
    texts, targets, sources, origins, sides = [], [], [], [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        row = json.loads(line)
        if row["label"] not in LABELS:
            raise ValueError(f"{path}:{number}: unknown label {row['label']!r}")
        side = row.get("side", "unknown")
        if side not in SIDES:
            raise ValueError(f"{path}:{number}: unknown side {side!r}")
        sides.append(side)
        texts.append(clean_sentence(row["text"]))
        targets.append(LABELS.index(row["label"]))
        sources.append(row["source"].split(":")[0])
        origins.append(":".join(row["source"].split(":")[:2]))
    return Labelled(texts, np.asarray(targets, dtype=np.int64), sources, origins, sides)


def held_out_files(data: Path = DATA) -> list[Path]:
    """Every held-out set in `data` (`eval.jsonl`, `eval2.jsonl`, …), in name order: what the sentences
    suite scores; no training script reads them."""
    return sorted(data.glob("eval*.jsonl"))


def template(text: str) -> str:
    """A sentence's template: capitalised words after the first and all digits masked, letters only."""
    words = text.split()
    masked = " ".join(words[:1] + ["N" if w[:1].isupper() else w for w in words[1:]])
    return re.sub(r"[^a-z# ]", "", re.sub(r"\d+", "#", masked.lower()))


def check_disjoint(train: Labelled, held_out: Labelled) -> None:
    """Refuse a train set that shares a sentence template with the evaluation set."""
    shared = {template(t) for t in train.texts} & {template(t) for t in held_out.texts}
    if shared:
        raise SystemExit(
            f"train and eval share {len(shared)} sentence template(s), e.g. {sorted(shared)[0]!r}"
        )


def check_apart_from_held_out(train: Labelled, data: Path = DATA) -> None:
    """Refuse a train set that shares a sentence template with any held-out file (eval*.jsonl)."""
    for path in held_out_files(data):
        check_disjoint(train, read_split(path))


def per_class(predicted: npt.NDArray[np.int64], truth: npt.NDArray[np.int64]) -> Scores:
    """Precision, recall, F1 and support of every label."""
    scores = {}
    for j, label in enumerate(LABELS):
        tp = int(((predicted == j) & (truth == j)).sum())
        precision = tp / max(int((predicted == j).sum()), 1)
        recall = tp / max(int((truth == j).sum()), 1)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = {
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "support": int((truth == j).sum()),
        }
    return scores


def macro_f1(scores: Scores) -> float:
    """Unweighted mean F1 over labels."""
    return float(np.mean([s["f1"] for s in scores.values()]))


def confusion(predicted: npt.NDArray[np.int64], truth: npt.NDArray[np.int64]) -> list[list[int]]:
    """Rows are the true label, columns the predicted one, in LABELS order."""
    size = range(len(LABELS))
    return [[int(((truth == i) & (predicted == j)).sum()) for j in size] for i in size]


def render_report(
    scores: Scores, matrix: list[list[int]], train: Labelled, held_out: Labelled, note: str
) -> str:
    """The markdown report committed beside the data."""
    lines = [
        "# Sentence classifier (issue / commitment / risk / other): held-out evaluation",
        "",
        f"Train: {len(train.texts)} sentences {dict(Counter(train.sources))}; "
        f"held-out eval: {len(held_out.texts)} sentences {dict(Counter(held_out.sources))}.",
        note,
        "",
        "| label | precision | recall | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for label, s in scores.items():
        lines.append(
            f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} |"
        )
    lines += ["", f"macro-F1 {macro_f1(scores):.3f}", "", "Confusion (rows true, columns predicted):", ""]
    lines += ["| true \\ predicted | " + " | ".join(LABELS) + " |", "|---" * (len(LABELS) + 1) + "|"]
    lines += [f"| {LABELS[i]} | " + " | ".join(str(v) for v in row) + " |" for i, row in enumerate(matrix)]
    return "\n".join(lines) + "\n"
