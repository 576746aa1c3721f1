"""The sentences suite: every held-out file is scored on its own and then pooled; training files never."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from copilot.tools.sentence_classes import LABELS
from evals.sentences import held_out_files, per_class
from evals.suites.sentences import POOLED, Classify, predict_held_out, risk_errors


def _write(path: Path, rows: list[tuple[str, str, str]]) -> None:
    lines = [
        json.dumps({"id": f"r{i}", "text": text, "label": label, "source": "authored:crm", "side": side})
        for i, (text, label, side) in enumerate(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _keyword_classifier(calls: list[list[str]]) -> Classify:
    def classify(texts: list[str], sides: list[str]) -> list[str]:
        calls.append(list(texts))
        return [
            "risk" if "cancel" in t or "late" in t else "issue" if "broken" in t else "other" for t in texts
        ]

    return classify


def _data(tmp_path: Path) -> Path:
    _write(
        tmp_path / "eval.jsonl",
        [
            ("We will cancel the contract.", "risk", "customer"),
            ("The export is broken.", "issue", "customer"),
        ],
    )
    _write(
        tmp_path / "eval2.jsonl",
        [
            ("Please cancel my duplicate order.", "other", "customer"),
            ("The rollout is late again.", "risk", "customer"),
            ("Thanks for the call.", "other", "ours"),
        ],
    )
    _write(tmp_path / "train.jsonl", [("We will cancel everything.", "risk", "customer")])
    _write(tmp_path / "round7_risk.jsonl", [("Our sponsor left.", "risk", "customer")])
    return tmp_path


def test_held_out_files_are_the_eval_files_only(tmp_path: Path) -> None:
    data = _data(tmp_path)
    assert [p.name for p in held_out_files(data)] == ["eval.jsonl", "eval2.jsonl"]


def test_each_file_is_classified_alone_then_pooled(tmp_path: Path) -> None:
    calls: list[list[str]] = []
    found = predict_held_out(held_out_files(_data(tmp_path)), _keyword_classifier(calls))

    assert [f.name for f in found] == ["eval", "eval2", POOLED]
    assert [len(c) for c in calls] == [2, 3]  # one call per file, the pool is not classified again
    pooled = found[-1]
    assert pooled.truth.tolist() == found[0].truth.tolist() + found[1].truth.tolist()
    assert pooled.predicted.tolist() == found[0].predicted.tolist() + found[1].predicted.tolist()
    risk = per_class(pooled.predicted, pooled.truth)["risk"]
    # Predicted risk on three sentences, two of them truly risks; both true risks found.
    assert (risk["precision"], risk["recall"], risk["support"]) == (2 / 3, 1.0, 2)


def test_risk_errors_list_false_alarms_and_misses_with_side(tmp_path: Path) -> None:
    found = predict_held_out(held_out_files(_data(tmp_path)), _keyword_classifier([]))
    assert risk_errors(found[1]) == ["other -> risk [customer] Please cancel my duplicate order."]
    assert risk_errors(found[0]) == []


def test_a_single_file_is_not_pooled_and_limit_cuts_each_file(tmp_path: Path) -> None:
    data = _data(tmp_path)
    calls: list[list[str]] = []
    found = predict_held_out(held_out_files(data), _keyword_classifier(calls), limit=1)
    assert [len(c) for c in calls] == [1, 1]
    assert len(found[-1].truth) == 2
    alone = predict_held_out([data / "eval2.jsonl"], _keyword_classifier([]))
    assert [f.name for f in alone] == ["eval2"]
    assert np.array_equal(alone[0].truth, np.asarray([LABELS.index(x) for x in ("other", "risk", "other")]))
