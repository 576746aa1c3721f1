"""scripts/sentence_finetune.py --weight: a round's rows weighted in the loss, and the same loss as before
when every weight is 1; --folds: figures on the chosen folds' rows only."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest

from copilot.tools.sentence_fit import class_weights
from scripts.sentence_finetune import row_weights, rows_of_folds
from scripts.sentence_top_layers import weighted_class_weights


def _split(path: Path, labels: list[str]) -> Path:
    rows = [{"text": f"sentence {i}", "label": label, "source": "authored"} for i, label in enumerate(labels)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def _args(tmp_path: Path, weight: list[str]) -> argparse.Namespace:
    _split(tmp_path / "train.jsonl", ["issue", "other", "other"])
    extra = [_split(tmp_path / "round.jsonl", ["other", "risk"]), _split(tmp_path / "more.jsonl", ["other"])]
    return argparse.Namespace(data=tmp_path, extra=extra, weight=weight)


def test_each_extra_file_gets_its_weight_and_train_keeps_one(tmp_path: Path) -> None:
    weights = row_weights(_args(tmp_path, ["round.jsonl=0.3"]))
    assert weights.tolist() == [1.0, 1.0, 1.0, 0.3, 0.3, 1.0]


@pytest.mark.parametrize(
    ("item", "problem"),
    [
        ("train.jsonl=0.5", "one of the --extra files"),
        ("round.jsonl", "NAME=W"),
        ("round.jsonl=lots", "not a number"),
        ("round.jsonl=0", "positive"),
    ],
)
def test_a_bad_weight_is_refused_by_name(tmp_path: Path, item: str, problem: str) -> None:
    with pytest.raises(SystemExit, match=problem):
        row_weights(_args(tmp_path, [item]))


def test_unit_weights_give_the_plain_class_balance() -> None:
    targets = np.array([0, 3, 3, 3, 2, 1, 3, 0])
    plain = class_weights(targets, 4)[:, 0]
    per_class = weighted_class_weights(targets, np.ones(len(targets)))
    assert per_class[targets] == pytest.approx(plain)


def test_a_lighter_row_counts_less_in_the_class_balance() -> None:
    targets = np.array([0, 3, 3])
    light = weighted_class_weights(targets, np.array([1.0, 1.0, 0.5]))
    heavy = weighted_class_weights(targets, np.ones(3))
    assert light[3] > heavy[3]  # "other" is rarer once one of its rows counts half


def test_only_the_chosen_folds_rows_are_scored() -> None:
    folds = [np.array([0, 4]), np.array([1, 3]), np.array([2, 5])]
    assert rows_of_folds(folds, [3, 1]).tolist() == [0, 2, 4, 5]


def test_a_fold_that_does_not_exist_is_refused() -> None:
    with pytest.raises(SystemExit, match=r"folds 1\.\.3"):
        rows_of_folds([np.array([0]), np.array([1]), np.array([2])], [4])
