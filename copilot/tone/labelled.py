"""Read hand-labelled tone sets (evals/tone_data/*.jsonl) and score label predictions against them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from copilot.errors import InvalidInputError
from copilot.tone.metrics import LabelScores, scores_from_counts
from copilot.tone.report import InboundLabel, OutboundLabel

KNOWN_LABELS = frozenset(get_args(InboundLabel)) | frozenset(get_args(OutboundLabel))


@dataclass(frozen=True)
class LabelledText:
    """One hand-labelled example: an empty label set means the text is fine."""

    id: str
    text: str
    labels: frozenset[str]


def load_labelled(path: Path) -> list[LabelledText]:
    """Parse a JSONL file of {"id", "text", "labels"}; errors name the file and line."""
    if not path.is_file():
        raise InvalidInputError(f"{path}: labelled tone set not found")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(f"{where}: not valid JSON ({exc.msg})") from exc
        if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw["text"].strip():
            raise InvalidInputError(f"{where}: field 'text' must be a non-empty string")
        labels = raw.get("labels")
        if not isinstance(labels, list) or not set(labels) <= KNOWN_LABELS:
            raise InvalidInputError(
                f"{where}: field 'labels' must be a list drawn from {sorted(KNOWN_LABELS)}"
            )
        rows.append(LabelledText(id=str(raw.get("id", number)), text=raw["text"], labels=frozenset(labels)))
    return rows


def evaluate(
    rows: Iterable[LabelledText], predict: Callable[[str], set[str]], labels: Iterable[str]
) -> dict[str, LabelScores]:
    """Per-label precision/recall/F1 of `predict` (text -> label set) over the labelled rows."""
    wanted = list(labels)
    counts = {label: [0, 0, 0] for label in wanted}  # tp, fp, fn
    for row in rows:
        predicted = predict(row.text)
        for label in wanted:
            hit, truth = label in predicted, label in row.labels
            slot = 0 if hit and truth else 1 if hit else 2 if truth else -1
            if slot >= 0:
                counts[label][slot] += 1
    return {label: scores_from_counts(*counts[label]) for label in wanted}
