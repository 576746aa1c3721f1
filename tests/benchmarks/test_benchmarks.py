"""The benchmark command: statistics helpers, the report, and a quick retrieval run end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import cli_suite
from benchmarks.__main__ import parse
from benchmarks.common import Figure, median, percentile
from benchmarks.report import render

REPO = Path(__file__).resolve().parents[2]


def test_percentile_is_nearest_rank_and_median_handles_even_counts() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0
    assert median([1.0, 3.0]) == 2.0 and median([]) is None


def test_report_shows_value_goal_verdict_runs_and_load() -> None:
    figure = Figure("ingest", "interactions/s (onnx)", 16.6, "1/s", ">= 300", False, [17.7, 15.4], 6.4)
    text = render([figure], notes=["a note"])
    row = next(line for line in text.splitlines() if "interactions/s (onnx)" in line)
    assert "16.6 1/s" in row and ">= 300" in row and "**no**" in row and "17.7, 15.4" in row and "6.4" in row
    assert "- a note" in text and "Versions:" in text


def test_unknown_suite_and_bad_repeats_are_rejected() -> None:
    with pytest.raises(SystemExit):
        parse(["--suite", "nope"])
    with pytest.raises(SystemExit):
        parse(["--repeats", "0"])


@pytest.mark.model
def test_quick_retrieval_run_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    command = [sys.executable, "-m", "benchmarks", "--suite", "retrieval", "--quick", "--repeats", "1"]
    done = subprocess.run(
        [*command, "--json", "--out", str(out)], cwd=REPO, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-2000:]
    figures = {f["name"]: f for f in json.loads(done.stdout)["figures"]}
    assert figures["p95 @ 2,000"]["value"] >= figures["p50 @ 2,000"]["value"] > 0
    assert "p95 @ 2,000" in out.read_text(encoding="utf-8")


def test_combine_rebuilds_the_report_from_json_and_names_a_bad_file(tmp_path: Path) -> None:
    from benchmarks.report import as_json, read_json

    saved = tmp_path / "run.json"
    saved.write_text(as_json([Figure("draft", "ratio", 1.3, "x", "<= 1.15", False, [1.2, 1.3, 1.4], 5.0)]))
    assert read_json(saved)[0].runs == [1.2, 1.3, 1.4]
    broken = tmp_path / "broken.json"
    broken.write_text("{}")
    with pytest.raises(SystemExit, match=r"broken\.json"):
        read_json(broken)


def test_cli_startup_figures_time_every_no_model_command_once() -> None:
    figures = cli_suite.startup_figures(cli_suite.REPO_ROOT, repeats=1)
    assert [f.name for f in figures] == [f"start-up: copilot {label}" for label in cli_suite.STARTUP_COMMANDS]
    assert all(f.value is not None and f.value > 0 and len(f.runs) == 1 for f in figures)
    assert all(f.goal == "<= 0.5" and f.met is not None for f in figures)


def test_a_failing_cli_command_is_an_error_not_a_figure(tmp_path: Path) -> None:
    env = cli_suite._env(cli_suite.REPO_ROOT, tmp_path / "data")
    with pytest.raises(RuntimeError, match="copilot no-such-command exited 2"):
        cli_suite.timed_run(["no-such-command"], env, tmp_path)
