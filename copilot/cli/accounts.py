"""`copilot accounts list|show`.

Core statements on a plain connection (copilot.records), so these start without SQLAlchemy's ORM.
"""

from __future__ import annotations

import typer

from copilot.cli.context import console, print_json, services_from
from copilot.records import (
    AccountDetail,
    AccountPublic,
    account_row,
    contact_rows,
    interaction_counts,
    list_accounts,
)

app = typer.Typer(help="Browse accounts.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add `copilot accounts` to the root command."""
    root.add_typer(app, name="accounts")


@app.command("list")
def list_command(
    ctx: typer.Context,
    owner: str | None = typer.Option(None, help="only this rep's accounts"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List accounts with their owner, preferences and number of interactions."""
    services = services_from(ctx)
    services.migrate()
    with services.engine.connect() as connection:
        counts = interaction_counts(session=connection)
        listed = list_accounts(session=connection, owner=owner)
        rows = [AccountPublic.of(a, counts.get(a.id, 0)) for a in listed]
    if as_json:
        print_json([row.model_dump(mode="json") for row in rows])
        return
    from rich.table import Table  # only for the table; --json needs none of rich

    table = Table("id", "name", "owner", "team", "lang", "formality", "DNC", "interactions")
    for row in rows:
        table.add_row(
            str(row.id),
            row.name,
            row.owner or "",
            row.team or "",
            row.language,
            row.formality,
            "yes" if row.do_not_contact else "",
            str(row.interactions),
        )
    console.print(table)


@app.command("show")
def show_command(ctx: typer.Context, account_id: int, as_json: bool = typer.Option(False, "--json")) -> None:
    """Show one account and its contacts."""
    services = services_from(ctx)
    services.migrate()
    with services.engine.connect() as connection:
        account = account_row(session=connection, account_id=account_id)
        people = contact_rows(session=connection, account_id=account_id)
        counts = interaction_counts(session=connection)
        detail = AccountDetail.of_rows(account, people, counts.get(account.id, 0))
    if as_json:
        print_json(detail.model_dump(mode="json"))
        return
    for key, value in detail.model_dump(mode="json", exclude={"contacts"}).items():
        console.print(f"[bold]{key}[/]: {value}", highlight=False)
    for contact in detail.contacts:
        opted = " (opted out)" if contact.opted_out else ""
        console.print(f"  - {contact.id}: {contact.name} <{contact.email}> {contact.title or ''}{opted}")
