"""Smoke run of every suite with --limit 2 (the harness works and report.json has its shape, not scores)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copilot.cli.app import app
from copilot.errors import InvalidInputError
from evals.runner import RunOptions, resolve_data, run_evals, select_suites
from evals.suites import SUITES, Suite
from evals.types import EvalContext, Metric, SuiteResult
from tests.evals.conftest import fake_services

METRIC_KEYS = {"name", "value", "anchor", "anchor_note", "higher_is_better", "n", "baseline", "delta"}


def _baseline(directory: Path) -> Path:
    directory.mkdir()
    prior = {
        "date": "2026-01-01T00:00:00+00:00",
        "suites": {"retrieval": {"metrics": [{"name": "foreign_record_rate", "value": 0.5}]}},
    }
    (directory / "report.json").write_text(json.dumps(prior))
    return directory


def test_limit_run_of_every_suite_writes_a_complete_report(tiny_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    options = RunOptions(limit=2, data=tiny_data, out=out, baseline=_baseline(tmp_path / "base"))
    report = run_evals(options, services_factory=fake_services)

    stored = json.loads((out / "report.json").read_text())
    assert stored == json.loads(json.dumps(report))
    assert set(stored["suites"]) == set(SUITES)
    assert {"cpu_count", "cpu_model", "ram_gb"} <= set(stored["machine"])
    assert stored["model"]["provider"] == "embedded"
    assert "draft_email" in stored["prompts"] and "summarize_call" in stored["prompts"]
    for name, suite in stored["suites"].items():
        assert suite["errors"] == [], name
        assert suite["metrics"], name
        for metric in suite["metrics"]:
            assert set(metric) == METRIC_KEYS, (name, metric)
    retrieval = {m["name"]: m for m in stored["suites"]["retrieval"]["metrics"]}
    assert retrieval["foreign_record_rate"]["value"] == 0.0
    assert retrieval["foreign_record_rate"]["delta"] == -0.5
    assert stored["suites"]["injection"]["details"]["cases"] == 6  # 2 attacks x 3 positions
    drafting = {m["name"]: m for m in stored["suites"]["drafting"]["metrics"]}
    assert drafting["refusal_honoured"]["value"] == 1.0 and drafting["refusal_honoured"]["n"] >= 1
    assert drafting["citation_validity"]["value"] == 1.0
    markdown = (out / "report.md").read_text()
    assert "## Headline" in markdown and "foreign_record_rate" in markdown and "2026-01-01" in markdown


def test_missing_data_dir_names_the_option(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="--data"):
        resolve_data(tmp_path / "nowhere")


def test_unknown_suite_names_the_choices() -> None:
    with pytest.raises(InvalidInputError, match="retrieval"):
        select_suites(["retreival"])
    assert [s.name for s in select_suites(["tone", "retrieval"])] == ["retrieval", "tone"]


def test_cli_reports_a_bad_data_dir_without_a_traceback(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--data", str(tmp_path / "missing"), "--suite", "tone"])
    assert result.exit_code != 0
    assert isinstance(result.exception, InvalidInputError)
    assert "--data" in str(result.exception)


def test_a_failing_suite_is_reported_and_the_others_still_run(
    tiny_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_ctx: EvalContext) -> SuiteResult:
        raise InvalidInputError("goemotions/test.tsv:3: bad row")

    def fine(_ctx: EvalContext) -> SuiteResult:
        return SuiteResult("fine", metrics=[Metric("score", 0.25)])

    suites = {"broken": Suite("broken", broken, False), "fine": Suite("fine", fine, False)}
    monkeypatch.setattr("evals.runner.SUITES", suites)
    report = run_evals(RunOptions(data=tiny_data, out=tmp_path / "out"), services_factory=fake_services)
    assert report["suites"]["broken"]["errors"] == ["InvalidInputError: goemotions/test.tsv:3: bad row"]
    assert report["suites"]["fine"]["metrics"][0]["value"] == 0.25
    assert report["suites"]["fine"]["metrics"][0]["baseline"] is None
