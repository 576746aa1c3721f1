"""Two readers of the held-out sentence sets and the labels they settled on (the twelfth round).

Each held-out file `eval*.jsonl` may have a twin in `sentence_data/relabel/` named `<stem>_adjudicated.jsonl`:
the same rows in the same order, each with the first reader's label (`first`, the held-out file's own), a
second, blind reader's (`second`), and `label`, the two readers' label where they agree and a third reader's
choice between the two where they do not (relabel/PROTOCOL.md). The held-out files themselves are never
changed; the sentences suite scores the classifier against both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from copilot.tools.sentence_classes import LABELS
from evals.sentences import DATA, per_class

RELABEL = DATA / "relabel"
SUFFIX = "_adjudicated"


@dataclass(frozen=True)
class Readers:
    """One held-out file's labels by reader, as label indices in row order."""

    first: npt.NDArray[np.int64]
    second: npt.NDArray[np.int64]
    settled: npt.NDArray[np.int64]


def adjudicated_twin(held_out: Path, relabel: Path = RELABEL) -> Path | None:
    """The settled-labels twin of a held-out file, if its second reading has been done."""
    twin = relabel / f"{held_out.stem}{SUFFIX}.jsonl"
    return twin if twin.exists() else None


def _index(label: str, path: Path, number: int) -> int:
    if label not in LABELS:
        raise ValueError(f"{path}:{number}: unknown label {label!r}")
    return LABELS.index(label)


def read_readers(twin: Path, held_out: Path) -> Readers:
    """Read a twin, refusing one whose rows or first labels are not the held-out file's own: settled
    labels for other rows would silently score the classifier against the wrong sentences."""
    original = [json.loads(line) for line in held_out.read_text(encoding="utf-8").splitlines()]
    rows = [json.loads(line) for line in twin.read_text(encoding="utf-8").splitlines()]
    if [(r["id"], r["text"], r["label"]) for r in original] != [
        (r["id"], r["text"], r["first"]) for r in rows
    ]:
        raise ValueError(f"{twin}: its rows or first labels differ from {held_out}")
    columns = {
        key: np.asarray([_index(r[key], twin, n) for n, r in enumerate(rows, 1)], dtype=np.int64)
        for key in ("first", "second", "label")
    }
    return Readers(columns["first"], columns["second"], columns["label"])


def cohen_kappa(a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]) -> float:
    """Agreement of two readers beyond what their label frequencies give by chance."""
    observed = float((a == b).mean())
    chance = sum(float((a == j).mean() * (b == j).mean()) for j in range(len(LABELS)))
    return (observed - chance) / (1 - chance) if chance < 1 else 1.0


def pool_readers(files: list[Readers]) -> Readers:
    """Several files' readers as one."""
    return Readers(
        np.concatenate([r.first for r in files]),
        np.concatenate([r.second for r in files]),
        np.concatenate([r.settled for r in files]),
    )


def agreement_line(name: str, readers: Readers) -> str:
    """The second reader's per-class precision/recall against the first labels, kappa, rows settled."""
    scores = per_class(readers.second, readers.first)
    figures = ", ".join(f"{label} {s['precision']:.3f}/{s['recall']:.3f}" for label, s in scores.items())
    differ = int((readers.first != readers.second).sum())
    return (
        f"{name}: second reader against the first labels (P/R) {figures}; kappa "
        f"{cohen_kappa(readers.first, readers.second):.3f}; {differ} of {len(readers.first)} rows "
        "settled by a third reader"
    )
