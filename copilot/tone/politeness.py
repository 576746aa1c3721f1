"""The Stanford Politeness Corpus (Wikipedia requests): reader, the fixed split, and ranking metrics.

The corpus is not in the repo (../shared/data/politeness). Each request has a normalized politeness
score from five raters (higher = more polite). The split is a rule, not a stored list: a request's
split depends only on its Id, hashed with a fixed salt, so every checkout sees the same ~70/15/15
train/dev/test partition.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.errors import InvalidInputError

CORPUS_FILE = "wikipedia.annotated.csv"
SPLIT_SALT = "crm-copilot-politeness-split-v1"
SPLITS = ("train", "dev", "test")
# Percent buckets of the hashed id: [0, 70) train, [70, 85) dev, [85, 100) held-out test.
_DEV_FROM, _TEST_FROM = 70, 85

Vector = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PolitenessSplit:
    """One split: request ids, texts and the raters' normalized scores (higher = more polite)."""

    ids: list[str]
    texts: list[str]
    scores: Vector


def split_of(request_id: str) -> str:
    """The split a request belongs to, from its Id alone (stable across machines and row orders)."""
    bucket = int(hashlib.sha256(f"{SPLIT_SALT}:{request_id}".encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < _DEV_FROM else "dev" if bucket < _TEST_FROM else "test"


def read_politeness(data_dir: Path, split: str, limit: int | None = None) -> PolitenessSplit:
    """The rows of `split` from `<data_dir>/wikipedia.annotated.csv`; errors name the file and row."""
    if split not in SPLITS:
        raise InvalidInputError(f"split: must be one of {SPLITS}, got {split!r}")
    path = data_dir / CORPUS_FILE
    if not path.is_file():
        raise InvalidInputError(f"{path}: politeness corpus not found")
    ids: list[str] = []
    texts: list[str] = []
    scores: list[float] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"Id", "Request", "Normalized Score"} - set(reader.fieldnames or [])
        if missing:
            raise InvalidInputError(f"{path}: missing columns {sorted(missing)}")
        for number, row in enumerate(reader, start=2):
            if limit is not None and len(ids) >= limit:
                break
            if split_of(row["Id"]) != split:
                continue
            ids.append(row["Id"])
            texts.append(row["Request"])
            scores.append(_score(row["Normalized Score"], path, number))
    return PolitenessSplit(ids=ids, texts=texts, scores=np.asarray(scores, dtype=np.float64))


def _score(raw: str, path: Path, number: int) -> float:
    try:
        return float(raw)
    except ValueError as exc:
        raise InvalidInputError(f"{path}:{number}: Normalized Score {raw!r} is not a number") from exc


def quartile_masks(human: Vector) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """(least polite quarter, most polite quarter) of a set by its raters' scores."""
    low, high = np.quantile(human, [0.25, 0.75])
    return human <= low, human >= high


def quartile_flag_accuracy(flagged: npt.NDArray[np.bool_], human: Vector) -> float:
    """Share of the bottom- and top-quarter requests the flag gets right: bottom flagged, top not."""
    bottom, top = quartile_masks(human)
    right = int(np.sum(flagged[bottom])) + int(np.sum(~flagged[top]))
    return right / int(np.sum(bottom) + np.sum(top))


def quartile_ranking_accuracy(impoliteness: Vector, human: Vector) -> float:
    """Over every (bottom-quarter, top-quarter) pair, how often the bottom one scores more impolite
    (ties count half): the ROC AUC of the score for bottom vs top quarter."""
    bottom, top = quartile_masks(human)
    low, high = impoliteness[bottom][:, None], impoliteness[top][None, :]
    return float(np.mean((low > high) + 0.5 * (low == high)))


def pairwise_ranking_accuracy(predicted_politeness: Vector, human: Vector) -> float:
    """Over every pair of requests the raters scored differently, how often the prediction orders
    them the same way (ties in the prediction count half)."""
    human_diff = np.sign(human[:, None] - human[None, :])
    predicted_diff = np.sign(predicted_politeness[:, None] - predicted_politeness[None, :])
    rated = np.triu(human_diff != 0, k=1)
    agree = (human_diff == predicted_diff) + 0.5 * (predicted_diff == 0)
    return float(np.mean(agree[rated]))
