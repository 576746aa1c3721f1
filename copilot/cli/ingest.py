"""`copilot ingest KIND PATH`: index a source into the record."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from copilot.cli.context import console, print_json, services_from
from copilot.ingest.service import ingest_location


def register(app: typer.Typer) -> None:
    """Add the ingest command to the root app."""
    app.command("ingest")(ingest)


def ingest(
    ctx: typer.Context,
    kind: str = typer.Argument(..., help="email | transcript | ics | csv"),
    path: str = typer.Argument(..., help="file, folder or mbox"),
    account: int | None = typer.Option(None, "--account", help="attach every item to this account id"),
    sync: bool = typer.Option(False, "--sync", help="delete items of this source no longer present"),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
) -> None:
    """Ingest a source; the exit code is 1 when any item failed."""
    services = services_from(ctx)
    services.migrate()
    if not as_json and not Path(path).exists() and ":" not in path:
        console.print(f"[yellow]note:[/] {path} does not exist; the connector will report it")
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        transient=True,
        disable=as_json,
        console=console,
    ) as bar:
        task = bar.add_task(f"ingesting {kind} from {path}", total=None)
        report = ingest_location(
            services, kind, path, account_id=account, sync=sync, progress=lambda n: bar.advance(task, n)
        )
    if as_json:
        print_json(report.as_json())
    else:
        console.print(
            f"new {report.new}, updated {report.updated}, unchanged {report.unchanged}, "
            f"deleted {report.deleted}, chunks {report.chunks}, failed {len(report.failed)}"
        )
        for failure in report.failed:
            console.print(f"  [red]failed[/] {failure['path']}: {failure['error']}", highlight=False)
    if report.failed:
        raise typer.Exit(1)
