"""`copilot ingest KIND PATH`: index a source into the record; `--repair` reconciles SQL and the index."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from copilot.cli.context import EXIT_FAILED, console, fail, print_json, services_from

if TYPE_CHECKING:
    from copilot.container import Services
    from copilot.ingest.pipeline import IngestReport


def register(app: typer.Typer) -> None:
    """Add the ingest command to the root app."""
    app.command("ingest")(ingest)


def ingest(
    ctx: typer.Context,
    kind: str | None = typer.Argument(None, help="email | imap | transcript | ics | csv"),
    path: str | None = typer.Argument(None, help="file, folder, mbox, Maildir or imap(s):// URL"),
    account: int | None = typer.Option(None, "--account", help="attach every item to this account id"),
    sync: bool = typer.Option(
        False, "--sync", help="delete items of this source no longer present (with --account: in it only)"
    ),
    as_json: bool = typer.Option(False, "--json", help="print the report as JSON"),
    do_repair: bool = typer.Option(False, "--repair", help="reconcile SQL and the vector index, then exit"),
    do_reindex: bool = typer.Option(
        False, "--reindex", help="re-embed everything with the configured backend, then exit"
    ),
) -> None:
    """Ingest a source; the exit code is 1 when any item failed."""
    services = services_from(ctx)
    services.migrate()
    if do_repair or do_reindex:
        _repair(services, as_json, everything=do_reindex)
        return
    if not kind or not path:
        fail("give KIND and PATH (or --repair)")
    report = _ingest(services, kind, path, account, sync, as_json)
    if as_json:
        print_json(report.as_json())
    else:
        _print_summary(report)
    if report.failed:
        raise typer.Exit(EXIT_FAILED)


def _ingest(
    services: Services, kind: str, path: str, account: int | None, sync: bool, quiet: bool
) -> IngestReport:
    # The ingest stack (connectors, chunking, the embedder) loads only when ingesting.
    from connectors.imap import MailboxUrl
    from copilot.ingest.service import ingest_location

    if not quiet and not Path(path).exists() and ":" not in path:
        console.print(f"[yellow]note:[/] {path} does not exist; the connector will report it")
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} items"),
        TimeElapsedColumn(),
        transient=True,
        disable=quiet,
        console=console.rich,
    ) as bar:
        task = bar.add_task(f"ingesting {kind} from {MailboxUrl.redact(path)}", total=None)
        return ingest_location(
            services, kind, path, account_id=account, sync=sync, progress=lambda n: bar.advance(task, n)
        )


def _print_summary(report: IngestReport) -> None:
    console.print(
        f"new {report.new}, updated {report.updated}, unchanged {report.unchanged}, "
        f"deleted {report.deleted}, chunks {report.chunks}, failed {len(report.failed)}"
    )
    for failure in report.failed:
        console.print(f"  [red]failed[/] {failure['path']}: {failure['error']}", highlight=False)


def _repair(services: Services, as_json: bool, *, everything: bool = False) -> None:
    from copilot.ingest.repair import reindex, repair

    result = reindex(services) if everything else repair(services)
    if as_json:
        print_json(result.as_json())
        return
    console.print(
        f"accounts {result.accounts}: finished {result.pending_finished} pending, re-indexed "
        f"{result.missing_reindexed} with missing vectors, removed {result.stray_removed} stray vectors "
        f"({result.chunks_embedded} chunks embedded)"
    )
