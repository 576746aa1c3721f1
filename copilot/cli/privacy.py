"""`copilot export --account ID` (GDPR access), `copilot erase --account ID` (erasure) and
`copilot compact-chroma PATH` (the byte scrub for a stopped Chroma server's directory)."""

from __future__ import annotations

from pathlib import Path

import typer

from copilot.cli.context import console, fail, print_json, services_from


def register(app: typer.Typer) -> None:
    """Add export and erase to the root app."""
    app.command("export")(export)
    app.command("erase")(erase)
    app.command("compact-chroma")(compact_chroma)


def export(
    ctx: typer.Context,
    account: int = typer.Option(..., "--account", help="account id"),
    out: Path | None = typer.Option(None, "--out", help="directory (default: the export dir)"),
    as_json: bool = typer.Option(
        False, "--json", help="print the export on stdout instead of writing a file"
    ),
) -> None:
    """Write everything held about one account as JSON."""
    # The data layer loads here, not with the module, so `copilot export --help` starts at once.
    from copilot.audit import record_event
    from copilot.privacy import export_account, write_export

    services = services_from(ctx)
    services.migrate()
    with services.sessions() as session, session.begin():
        data = export_account(session, account_id=account)
        record_event(session, "account.exported", account_id=account, data={"via": "cli"})
    if as_json:
        print_json(data)
        return
    path = write_export(data, out or services.settings.resolved_export_dir)
    console.print(f"account {account} exported to {path}", highlight=False)


def erase(
    ctx: typer.Context,
    account: int = typer.Option(..., "--account", help="account id"),
    yes: bool = typer.Option(False, "--yes", help="do not ask for confirmation"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Erase one account: its rows, vectors, exported drafts and source files only it uses."""
    from copilot.privacy import erase_account
    from copilot.records import get_account

    services = services_from(ctx)
    services.migrate()
    with services.sessions() as session:
        name = get_account(session=session, account_id=account).name
    if not yes and not typer.confirm(f"Erase account {account} ({name}) and everything about it?"):
        raise typer.Exit(1)
    report = erase_account(services, account_id=account, actor_id=None)
    if as_json:
        print_json(report.as_json())
        return
    console.print(f"account {account} erased: {report.rows}", highlight=False)
    for path in report.files_deleted:
        console.print(f"  deleted {path}", highlight=False)
    for path in report.files_retained:
        console.print(
            f"  [yellow]kept[/] {path} (shared with other accounts or outside the data dir)", highlight=False
        )


def compact_chroma(
    path: Path = typer.Argument(..., help="the Chroma server's --path (the server must be stopped)"),
) -> None:
    """Scrub a stopped Chroma server's directory after erasures: Chroma's own delete leaves the bytes."""
    from copilot.index.vector_store import compact_local_store

    if not (path / "chroma.sqlite3").is_file():
        fail(f"{path}: no chroma.sqlite3 here; pass the directory the server was started with (--path)")
    removed = compact_local_store(path)
    console.print(f"compacted {path}; removed {len(removed)} orphaned segment dir(s)", highlight=False)
    for name in removed:
        console.print(f"  removed {name}", highlight=False)
