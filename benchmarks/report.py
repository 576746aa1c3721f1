"""Write docs/benchmarks.md: date, machine, versions, then every figure with its goal and the load."""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.common import Figure
from evals.machine import machine_info

PACKAGES = ("torch", "onnxruntime", "sentence-transformers", "chromadb", "llama_cpp_python", "sqlalchemy")


def versions() -> dict[str, str]:
    """Installed versions of the packages the figures depend on."""
    found: dict[str, str] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def _cell(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"


def _row(figure: Figure) -> str:
    met = {True: "yes", False: "**no**", None: ""}[figure.met]
    runs = ", ".join(_cell(r) for r in figure.runs)
    load = "" if figure.load is None else f"{figure.load:.1f}"
    return (
        f"| {figure.suite} | {figure.name} | {_cell(figure.value)} {figure.unit} | {figure.goal} | {met} "
        f"| {runs} | {load} | {figure.note} |"
    )


def render(figures: list[Figure], notes: list[str]) -> str:
    """The markdown report."""
    machine = machine_info()
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} by `python -m benchmarks`.",
        f"Machine: {machine['cpu_count']} x {machine['cpu_model']}, {machine['ram_gb']} GiB RAM, "
        f"{machine['platform']}.",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()) + ".",
        "",
        "Each figure is the median of the runs listed beside it. `load` is the 1-minute load average "
        "when the figure was measured (the machine is shared; at load ≫ cores every figure is slower).",
        "",
        "| suite | figure | median | goal | met | runs | load | note |",
        "|---|---|---|---|---|---|---|---|",
        *(_row(f) for f in figures),
    ]
    if notes:
        lines += ["", "## Notes", "", *(f"- {note}" for note in notes)]
    return "\n".join(lines) + "\n"


def write(path: Path, figures: list[Figure], notes: list[str]) -> None:
    """Write the markdown report to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(figures, notes), encoding="utf-8")


def as_json(figures: list[Figure]) -> str:
    """The figures as a JSON document."""
    payload: dict[str, Any] = {"versions": versions(), "figures": [f.as_dict() for f in figures]}
    return json.dumps(payload, indent=2)


def read_json(path: Path) -> list[Figure]:
    """Figures from an earlier `--json` output; a malformed file is an error naming it."""
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        return [Figure(**item) for item in payload["figures"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise SystemExit(f"--combine {path}: not a benchmarks --json output ({exc})") from exc
