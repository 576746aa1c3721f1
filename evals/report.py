"""report.json and report.md: every metric beside its anchor and its change against the baseline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from copilot.errors import InvalidInputError
from evals.types import SuiteResult

BASELINE_DIR = Path(__file__).resolve().parent / "baseline"
HEADLINE: list[tuple[str, str]] = [
    ("retrieval", "recall@5"),
    ("retrieval", "foreign_record_rate"),
    ("drafting", "supported_span_share"),
    ("hallucination", "verifier_precision"),
    ("hallucination", "verifier_recall"),
    ("summaries", "model_rougeL"),
    ("summaries", "lead_rougeL"),
    ("tone", "goemotions_macro_f1"),
    ("injection", "asr_with_defenses"),
    ("injection", "asr_without_defenses"),
]


def build_report(
    header: dict[str, Any], results: list[SuiteResult], baseline: dict[str, Any] | None
) -> dict[str, Any]:
    """The report.json document; `delta` is value minus the baseline's value for the same metric."""
    old = _baseline_values(baseline)
    suites: dict[str, Any] = {}
    for result in results:
        metrics = []
        for metric in result.metrics:
            row = metric.as_json()
            prior = old.get((result.name, metric.name))
            row["baseline"] = prior
            row["delta"] = None if prior is None or metric.value is None else round(metric.value - prior, 4)
            metrics.append(row)
        suites[result.name] = {
            "metrics": metrics,
            "details": result.details,
            "notes": result.notes,
            "errors": result.errors,
            "seconds": round(result.seconds, 1),
            "examples": result.examples,
        }
    baseline_date = baseline.get("date") if baseline else None
    return {**header, "baseline_date": baseline_date, "suites": suites}


def _baseline_values(baseline: dict[str, Any] | None) -> dict[tuple[str, str], float]:
    values: dict[tuple[str, str], float] = {}
    for suite, body in (baseline or {}).get("suites", {}).items():
        for row in body.get("metrics", []):
            if isinstance(row.get("value"), int | float):
                values[(suite, row["name"])] = float(row["value"])
    return values


def load_baseline(directory: Path = BASELINE_DIR) -> dict[str, Any] | None:
    """The committed baseline report.json, or None when there is none yet."""
    path = directory / "report.json"
    if not path.is_file():
        return None
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{path}: not valid JSON ({exc})") from exc
    return data


def _fmt(value: object) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _delta(row: dict[str, Any]) -> str:
    if row.get("delta") is None:
        return "-"
    return f"{row['delta']:+.3f}"


def headline_rows(report: dict[str, Any]) -> list[str]:
    """Markdown rows of the headline table (the metrics the issue names)."""
    rows = ["| suite | metric | value | anchor | vs baseline |", "|---|---|---|---|---|"]
    for suite, name in HEADLINE:
        for row in report["suites"].get(suite, {}).get("metrics", []):
            if row["name"] == name:
                anchor = f"{_fmt(row['anchor'])} {row['anchor_note']}".strip()
                rows.append(f"| {suite} | {name} | {_fmt(row['value'])} | {anchor} | {_delta(row)} |")
    return rows


def render_markdown(report: dict[str, Any]) -> str:
    """The human-readable report."""
    machine, model = report["machine"], report["model"]
    lines = [
        "# CRM Copilot evaluation report",
        "",
        f"- date: {report['date']}; duration: {report['seconds']:.0f} s; limit: {report['limit']}",
        f"- machine: {machine['cpu_count']} x {machine['cpu_model']}, {machine['ram_gb']} GiB RAM, "
        f"Python {machine['python']}",
        f"- model: {model['provider']} {model['name']} ({model['file'] or model['base_url']}), "
        f"temperature {model['temperature']}",
        f"- prompts: {', '.join(f'{k} {v}' for k, v in report['prompts'].items())}",
        f"- baseline: {report['baseline_date'] or 'none'}",
        "",
        "## Headline",
        "",
        *headline_rows(report),
    ]
    for suite, body in report["suites"].items():
        lines += ["", f"## {suite} ({body['seconds']} s)", ""]
        lines += ["| metric | value | anchor | n | vs baseline |", "|---|---|---|---|---|"]
        for row in body["metrics"]:
            anchor = f"{_fmt(row['anchor'])} {row['anchor_note']}".strip()
            lines.append(f"| {row['name']} | {_fmt(row['value'])} | {anchor} | {row['n']} | {_delta(row)} |")
        if body["details"]:
            lines += ["", "Sample sizes and settings: " + json.dumps(body["details"], ensure_ascii=False)]
        lines += [""] + [f"- {note}" for note in body["notes"]] if body["notes"] else []
        lines += [f"- error: {error}" for error in body["errors"][:10]]
        for example in body.get("examples", []):
            lines += ["", "```text", example, "```"]
    return "\n".join(lines) + "\n"


def write_report(report: dict[str, Any], out: Path) -> tuple[Path, Path]:
    """Write report.json and report.md into `out` (created if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "report.json", out / "report.md"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(report), encoding="utf-8")
    return json_path, md_path
