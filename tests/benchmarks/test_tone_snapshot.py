"""The snapshot comparison names what changed between two runs of /v1/tone's answers."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.tone_snapshot import compare, main


def _line(route: str, labels: dict[str, float]) -> str:
    report = {
        "direction": "inbound",
        "labels": [{"label": k, "score": v, "evidence": []} for k, v in labels.items()],
    }
    body = {"reports": [report]} if route == "batch" else report
    return f"{route} inbound 200 {json.dumps(body)}"


def test_identical_answers_compare_clean_and_changes_are_counted(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("\n".join([_line("single", {"frustrated": 0.8}), _line("batch", {"urgent": 0.6})]))
    assert compare(old, old).startswith("0 of 2 responses differ")
    assert main(["compare", str(old), str(old)]) == 0
    new.write_text("\n".join([_line("single", {"frustrated": 0.75}), _line("batch", {})]))
    assert compare(old, new) == (
        "2 of 2 responses differ; 1 reports changed their labels; largest score change of a kept label 0.05"
    )
    assert main(["compare", str(old), str(new)]) == 1


def test_files_of_different_length_are_not_compared(tmp_path: Path) -> None:
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(_line("single", {}))
    new.write_text("\n".join([_line("single", {}), _line("single", {})]))
    assert compare(old, new) == "not comparable: 1 lines against 2"
    assert main(["compare"]) == 2
