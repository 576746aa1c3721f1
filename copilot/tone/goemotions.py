"""GoEmotions reader and the documented mapping from its 28 emotions to our inbound tone labels."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.errors import InvalidInputError

# Only "frustrated" has a GoEmotions counterpart; churn_risk and urgent are business cues that no
# emotion label captures, so rules.py covers them. Disappointment is included on purpose: in B2B mail
# "we are disappointed with the rollout" is the commonest polite form of frustration.
INBOUND_MAPPING: dict[str, tuple[str, ...]] = {
    "frustrated": ("anger", "annoyance", "disapproval", "disgust", "disappointment"),
}

SPLITS = ("train", "dev", "test")


@dataclass(frozen=True)
class Split:
    """One GoEmotions split: texts and a 0/1 target matrix over our classifier labels."""

    texts: list[str]
    targets: npt.NDArray[np.float64]


def read_label_names(data_dir: Path) -> list[str]:
    """The 28 emotion names, in label-id order."""
    path = data_dir / "labels.txt"
    if not path.is_file():
        raise InvalidInputError(f"{path}: GoEmotions labels.txt not found")
    names = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    missing = {e for emotions in INBOUND_MAPPING.values() for e in emotions} - set(names)
    if missing:
        raise InvalidInputError(f"{path}: missing emotions used by the mapping: {sorted(missing)}")
    return names


def read_split(data_dir: Path, split: str, limit: int | None = None) -> Split:
    """Read `<split>.tsv` (text, comma-separated label ids, id) and map it to our labels."""
    names = read_label_names(data_dir)
    path = _split_path(data_dir, split)
    texts: list[str] = []
    rows: list[list[float]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if limit is not None and len(texts) >= limit:
            break
        parts = line.split("\t")
        if len(parts) < 2:
            raise InvalidInputError(f"{path}:{number}: expected 'text<TAB>label_ids<TAB>id'")
        emotions = {_emotion(names, raw, path, number) for raw in parts[1].split(",") if raw.strip()}
        texts.append(parts[0])
        rows.append([float(bool(emotions & set(group))) for group in INBOUND_MAPPING.values()])
    return Split(texts=texts, targets=np.asarray(rows, dtype=np.float64).reshape(-1, len(INBOUND_MAPPING)))


def read_emotions(data_dir: Path, split: str, limit: int | None = None) -> npt.NDArray[np.float32]:
    """`<split>.tsv` as a 0/1 matrix over all 28 emotions (rows in file order, columns in label-id order),
    for training signal beyond our mapped labels (scripts/tone_finetune.py --aux-emotions)."""
    names = read_label_names(data_dir)
    path = _split_path(data_dir, split)
    lines = path.read_text(encoding="utf-8").splitlines()[:limit]
    matrix = np.zeros((len(lines), len(names)), dtype=np.float32)
    for number, line in enumerate(lines, start=1):
        parts = line.split("\t")
        if len(parts) < 2:
            raise InvalidInputError(f"{path}:{number}: expected 'text<TAB>label_ids<TAB>id'")
        for raw in parts[1].split(","):
            if raw.strip():
                matrix[number - 1, _label_id(names, raw, path, number)] = 1.0
    return matrix


def _split_path(data_dir: Path, split: str) -> Path:
    if split not in SPLITS:
        raise InvalidInputError(f"split: must be one of {SPLITS}, got {split!r}")
    path = data_dir / f"{split}.tsv"
    if not path.is_file():
        raise InvalidInputError(f"{path}: GoEmotions split not found")
    return path


def _emotion(names: list[str], raw: str, path: Path, number: int) -> str:
    return names[_label_id(names, raw, path, number)]


def _label_id(names: list[str], raw: str, path: Path, number: int) -> int:
    try:
        label_id = int(raw)
    except ValueError as exc:
        raise InvalidInputError(f"{path}:{number}: bad label id {raw!r}") from exc
    if not 0 <= label_id < len(names):
        raise InvalidInputError(f"{path}:{number}: bad label id {raw!r}")
    return label_id
