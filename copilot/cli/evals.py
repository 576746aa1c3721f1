"""`copilot eval`: run the evaluation suites and write report.md / report.json (see evals/)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from copilot.cli.context import err_console, print_json
from copilot.errors import InvalidInputError


def eval_command(
    suite: Annotated[
        list[str] | None, typer.Option("--suite", help="Suite to run (repeatable); default all.")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Items per suite (smoke runs).")] = None,
    data: Annotated[
        Path | None, typer.Option("--data", help="Shared evaluation data (default ../shared/data).")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print report.json to stdout.")] = False,
    out: Annotated[Path, typer.Option("--out", help="Where report.md and report.json go.")] = Path(
        "evals/out"
    ),
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Baseline folder to compare with (default evals/baseline)."),
    ] = None,
) -> None:
    """Run the quality and safety evaluation against the configured model and stores."""
    from evals.runner import RunOptions, run_evals
    from evals.suites import SUITES

    unknown = [name for name in suite or [] if name not in SUITES]
    if unknown:
        raise InvalidInputError(f"--suite: unknown {', '.join(unknown)}; choose from {', '.join(SUITES)}")
    options = RunOptions(suites=list(suite or []), limit=limit, data=data, out=out, baseline=baseline)
    report = run_evals(options)
    if json_out:
        print_json(report)
    else:
        err_console.print(f"report written to {out / 'report.md'} and {out / 'report.json'}")


def register(app: typer.Typer) -> None:
    """Add `copilot eval` to the root command."""
    app.command("eval")(eval_command)
