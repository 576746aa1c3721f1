"""Run suites on a fresh data dir with the sample CRM loaded, then write the report."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from copilot.config import load_settings
from copilot.container import Services
from copilot.errors import CopilotError, InvalidInputError
from copilot.sample.load import answer_key, load_sample
from evals.machine import machine_info, model_info, prompt_versions
from evals.report import build_report, load_baseline, write_report
from evals.suites import SUITES, Suite
from evals.types import Advance, EvalContext, SuiteResult

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data"

ServicesFactory = Callable[[Path], Services]


@dataclass
class RunOptions:
    """What to run and where: suite names (empty = all), --limit, shared data and output dirs."""

    suites: list[str] = field(default_factory=list)
    limit: int | None = None
    data: Path | None = None
    out: Path = Path("evals/out")
    baseline: Path | None = None


def resolve_data(data: Path | None) -> Path:
    """The shared evaluation data dir: --data, else ../shared/data next to the repo, else a clear error."""
    chosen = data if data is not None else DEFAULT_DATA
    if not chosen.is_dir():
        where = f"--data {chosen}" if data is not None else f"the default {DEFAULT_DATA}"
        raise InvalidInputError(
            f"--data: evaluation data not found at {where}; point --data at a folder holding "
            "dialogsum/, goemotions/ and bipia/ (see ../shared/data/README.md)"
        )
    return chosen


def select_suites(names: list[str]) -> list[Suite]:
    """The suites to run in registry order; an unknown name is an error naming the choices."""
    unknown = [n for n in names if n not in SUITES]
    if unknown:
        raise InvalidInputError(f"--suite: unknown {', '.join(unknown)}; choose from {', '.join(SUITES)}")
    return [suite for name, suite in SUITES.items() if not names or name in names]


def default_services(data_dir: Path) -> Services:
    """Services on a fresh data dir, with the configured model (COPILOT_ settings) and stores."""
    return Services(load_settings(data_dir=data_dir))


@contextmanager
def _progress(console: Console) -> Iterator[Callable[[str, int], Advance]]:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:

        def start(label: str, total: int) -> Advance:
            task = progress.add_task(label, total=total)
            return lambda n: progress.advance(task, n)

        yield start


def _run_suite(suite: Suite, ctx: EvalContext) -> SuiteResult:
    started = time.perf_counter()
    try:
        result = suite.run(ctx)
    except (CopilotError, OSError, ValueError, LookupError) as exc:
        # One broken suite (missing data file, model error) must not lose the others' numbers.
        result = SuiteResult(suite.name, errors=[f"{type(exc).__name__}: {exc}"])
    result.seconds = time.perf_counter() - started
    return result


def run_evals(
    options: RunOptions,
    *,
    services_factory: ServicesFactory = default_services,
    console: Console | None = None,
) -> dict[str, Any]:
    """Run the chosen suites and write report.json/report.md into options.out; returns the report."""
    data = resolve_data(options.data)
    suites = select_suites(options.suites)
    baseline = load_baseline(options.baseline) if options.baseline else load_baseline()
    console = console or Console(stderr=True)
    started = time.perf_counter()
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="copilot-evals-") as tmp, _progress(console) as start:
        services = services_factory(Path(tmp))
        sample_dir, key = _prepare_sample(services, Path(tmp), suites, start)
        ctx = EvalContext(services, data, sample_dir, key, options.limit, start)
        header = _header(services, options, suites)
        results: list[SuiteResult] = []
        for suite in suites:
            results.append(_run_suite(suite, ctx))
            console.log(f"{suite.name}: {results[-1].seconds:.0f} s, {len(results[-1].errors)} errors")
            # Written after every suite so a run cut short still leaves the finished suites' numbers.
            header["seconds"] = round(time.perf_counter() - started, 1)
            report = build_report(header, results, baseline)
            write_report(report, options.out)
    return report


def _header(services: Services, options: RunOptions, suites: list[Suite]) -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": 0.0,
        "limit": options.limit,
        "suites_run": [s.name for s in suites],
        "machine": machine_info(),
        "model": model_info(services.settings),
        "prompts": prompt_versions(),
    }


def _prepare_sample(
    services: Services, tmp: Path, suites: list[Suite], start: Callable[[str, int], Advance]
) -> tuple[Path | None, dict[str, Any]]:
    if not any(s.needs_sample for s in suites):
        return None, {}
    services.migrate()
    directory = tmp / "sample"
    advance = start("load sample CRM", 6)
    seen: set[str] = set()

    def tick(step: str, _count: int) -> None:
        # load_sample reports items per step; the bar counts steps, so advance once per new step.
        if step not in seen:
            seen.add(step)
            advance(1)

    load = load_sample(services, directory, progress=tick)
    if load.failed:
        raise InvalidInputError(f"sample CRM: {len(load.failed)} files failed to ingest: {load.failed[:3]}")
    return directory, answer_key(directory)
