"""Issue 15, twelfth round: rebuild the settled labels from the three readers' files in
evals/sentence_data/relabel/ (README.md there).

A row's settled label is the label both readers gave, or, where they differ, the third reader's choice
between the two. `twins` writes each held-out file's twin (`eval_adjudicated.jsonl`, …: every row with
`first`, `second` and the settled `label`), which the sentences suite scores against; `train --out DIR`
writes train.jsonl and the sixth-round files with their settled labels into DIR (a row whose label
changed keeps the old one as `first`), the training data of the round's candidate, which did not ship.

    python scripts/sentence_settle.py twins
    python scripts/sentence_settle.py train --out /tmp/r12/settled
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from evals.sentences import DATA

RELABEL = DATA / "relabel"
HELD_OUT = ("eval", "eval2")
TRAINING = ("train", "round6_dialogues", "round6_keyword")
Row = dict[str, Any]


def _rows(path: Path) -> list[Row]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _labels(pattern: str) -> dict[str, str]:
    """Every row id's label in the relabel files matching `pattern`."""
    return {row["id"]: row["label"] for path in sorted(RELABEL.glob(pattern)) for row in _rows(path)}


def settle(row: Row, second: dict[str, str], third: dict[str, str]) -> str:
    """The label both readers gave, else the third reader's choice (an error if there is none)."""
    theirs = second[row["id"]]
    if theirs == row["label"]:
        return theirs
    if row["id"] not in third:
        raise SystemExit(f"{row['id']}: the readers differ and no third reader chose")
    return third[row["id"]]


def _write(path: Path, rows: list[Row]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def twins() -> None:
    second, third = _labels("second_[A-C].jsonl"), _labels("adjudicated.jsonl")
    for name in HELD_OUT:
        out = []
        for row in _rows(DATA / f"{name}.jsonl"):
            settled = {
                **row,
                "label": settle(row, second, third),
                "first": row["label"],
                "second": second[row["id"]],
            }
            if settled["first"] != settled["second"]:
                settled["why"] = _why(row["id"])
            out.append(settled)
        _write(RELABEL / f"{name}_adjudicated.jsonl", out)
        print(f"{name}: {sum(r['label'] != r['first'] for r in out)} of {len(out)} labels settled otherwise")


def _why(row_id: str) -> str:
    return next(r["why"] for r in _rows(RELABEL / "adjudicated.jsonl") if r["id"] == row_id)


def train(out_dir: Path) -> None:
    second, third = _labels("second_T*.jsonl"), _labels("adjudicated_T*.jsonl")
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in TRAINING:
        out = []
        for row in _rows(DATA / f"{name}.jsonl"):
            label = settle(row, second, third)
            out.append(row if label == row["label"] else {**row, "first": row["label"], "label": label})
        _write(out_dir / f"{name}.jsonl", out)
        print(f"{name}: {sum('first' in r for r in out)} of {len(out)} labels changed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    modes = parser.add_subparsers(dest="mode", required=True)
    modes.add_parser("twins", help="the held-out files' settled twins, into relabel/")
    training = modes.add_parser("train", help="the training files with settled labels, into --out")
    training.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    twins() if args.mode == "twins" else train(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
