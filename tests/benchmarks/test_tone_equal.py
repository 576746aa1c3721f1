"""The before/after check of flag_tone_many's answers tolerates 1e-6 on numbers and nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks.tone_equal import compare, main


def _call(score: float, raw: float, labels: tuple[str, ...] = ("frustrated",)) -> dict[str, Any]:
    report = {
        "direction": "inbound",
        "labels": [
            {"label": name, "score": score, "source": "classifier", "evidence": []} for name in labels
        ],
    }
    return {"call": "single", "direction": "inbound", "reports": [report], "raw": [[raw, [raw]]]}


def _write(path: Path, *calls: dict[str, Any]) -> Path:
    path.write_text("\n".join(json.dumps(call) for call in calls) + "\n", encoding="utf-8")
    return path


def test_changes_within_the_tolerance_pass_and_beyond_it_fail(tmp_path: Path) -> None:
    old = _write(tmp_path / "old.jsonl", _call(0.8, 0.3))
    close = _write(tmp_path / "close.jsonl", _call(0.8 + 4e-7, 0.3 - 4e-7))
    far = _write(tmp_path / "far.jsonl", _call(0.8, 0.5))
    assert compare(old, close) == []
    assert main(["compare", str(old), str(close)]) == 0
    assert compare(old, far) == ["line 1.raw[0][0]: 0.3 != 0.5", "line 1.raw[0][1][0]: 0.3 != 0.5"]
    just_over = _write(tmp_path / "over.jsonl", _call(0.8 + 2e-6, 0.3))
    assert [d.split(":")[0] for d in compare(old, just_over)] == ["line 1.reports[0].labels[0].score"]
    assert main(["compare", str(old), str(far)]) == 1


def test_a_label_added_dropped_or_renamed_is_a_difference(tmp_path: Path) -> None:
    old = _write(tmp_path / "old.jsonl", _call(0.8, 0.3))
    dropped = _write(tmp_path / "dropped.jsonl", _call(0.8, 0.3, labels=()))
    renamed = _write(tmp_path / "renamed.jsonl", _call(0.8, 0.3, labels=("urgent",)))
    assert compare(old, dropped) == ["line 1.reports[0].labels: 1 items != 0"]
    assert compare(old, renamed) == ["line 1.reports[0].labels[0].label: 'frustrated' != 'urgent'"]
    longer = _write(tmp_path / "longer.jsonl", _call(0.8, 0.3), _call(0.8, 0.3))
    assert compare(old, longer) == ["not comparable: 1 lines against 2"]
    assert main(["compare"]) == 2
