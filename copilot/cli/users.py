"""`copilot users add|update|list|rotate-key|deactivate`: people and their API keys.

add, update and list run Core statements on a plain connection (copilot.auth.user_records), so they
start without SQLAlchemy's ORM; rotate-key and deactivate use the ORM functions of copilot.auth.users.
"""

from __future__ import annotations

import typer

from copilot.auth.user_records import (
    UserPublic,
    add_user_row,
    update_user_row,
    user_public,
    user_row_by_name,
    user_rows,
)
from copilot.cli.context import console, fail, print_json, services_from
from copilot.db.engine import write_transaction
from copilot.db.tables import Role

app = typer.Typer(help="Users, roles, teams and API keys.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add `copilot users` to the root command."""
    root.add_typer(app, name="users")


def _show_key(name: str, key: str, as_json: bool, data: dict[str, object]) -> None:
    if as_json:
        print_json({**data, "api_key": key})
        return
    console.print(f"API key for {name} (shown once; store it now):", highlight=False)
    console.print(key, highlight=False, soft_wrap=True)


@app.command("add")
def add_command(
    ctx: typer.Context,
    name: str,
    role: Role = typer.Option(..., "--role", help="rep | manager | reviewer | admin"),
    team: str | None = typer.Option(None, "--team", help="team name (scopes what the user sees)"),
    email: str | None = typer.Option(None, "--email", help="owner email as CRM exports name it (any case)"),
    crm_owner_id: str | None = typer.Option(
        None, "--crm-owner-id", help="owner id as CRM exports name it (Salesforce OwnerId, HubSpot owner id)"
    ),
    display_name: str | None = typer.Option(
        None, "--display-name", help="the name customer emails are signed with"
    ),
    signature: str | None = typer.Option(
        None, "--signature", help="signature block under the name (use \\n for new lines)"
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Create a user and print their API key once.

    A rep owns the accounts whose CRM owner field is their name, their --email or their --crm-owner-id.
    """
    services = services_from(ctx)
    services.migrate()
    block = signature.replace("\\n", "\n") if signature else None
    with write_transaction(services.engine) as connection:
        user, key = add_user_row(
            connection,
            name=name,
            role=role,
            team=team,
            email=email,
            crm_owner_id=crm_owner_id,
            display_name=display_name,
            signature=block,
        )
        data = user_public(user)
    _show_key(name, key, as_json, data)


@app.command("update")
def update_command(
    ctx: typer.Context,
    name: str,
    role: Role | None = typer.Option(None, "--role", help="rep | manager | reviewer | admin"),
    team: str | None = typer.Option(None, "--team", help="team name; '' clears it"),
    email: str | None = typer.Option(
        None, "--email", help="owner email as CRM exports name it; '' clears it"
    ),
    crm_owner_id: str | None = typer.Option(
        None, "--crm-owner-id", help="owner id in CRM exports; '' clears it"
    ),
    display_name: str | None = typer.Option(
        None, "--display-name", help="name customer emails are signed with"
    ),
    signature: str | None = typer.Option(
        None, "--signature", help="signature block under the name (use \\n for new lines); '' clears it"
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Change a user's role, team, owner identities or sign-off; options not given stay as they are."""
    given = {
        "role": role.value if role else None,
        "team": team,
        "email": email,
        "crm_owner_id": crm_owner_id,
        "display_name": display_name,
        "signature": signature.replace("\\n", "\n") if signature is not None else None,
    }
    changes = {field: value for field, value in given.items() if value is not None}
    if not changes:
        fail(
            "nothing to change: give at least one of --role, --team, --email, --crm-owner-id, "
            "--display-name, --signature"
        )
    services = services_from(ctx)
    services.migrate()
    with write_transaction(services.engine) as connection:
        user_id = user_row_by_name(connection, name).id
        data = user_public(update_user_row(connection, user_id=user_id, changes=changes))
    if as_json:
        print_json(data)
        return
    console.print(f"{name} updated: {', '.join(sorted(changes))}", highlight=False)


@app.command("list")
def list_command(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Every user with role, team and key prefix (never the key)."""
    services = services_from(ctx)
    services.migrate()
    with services.engine.connect() as connection:
        rows = [UserPublic.of(u) for u in user_rows(connection)]
    if as_json:
        print_json([row.model_dump(mode="json") for row in rows])
        return
    from rich.table import Table  # only for the table; --json needs none of rich

    table = Table("id", "name", "role", "team", "email", "crm owner id", "active", "key prefix")
    for row in rows:
        table.add_row(
            str(row.id),
            row.name,
            str(row.role),
            row.team or "",
            row.email or "",
            row.crm_owner_id or "",
            "yes" if row.active else "no",
            row.key_prefix or "",
        )
    console.print(table)


@app.command("rotate-key")
def rotate_command(ctx: typer.Context, name: str, as_json: bool = typer.Option(False, "--json")) -> None:
    """Replace a user's key; the old one stops working at once."""
    from copilot.auth.users import get_user_by_name, rotate_key

    services = services_from(ctx)
    services.migrate()
    with services.sessions() as session, session.begin():
        user = get_user_by_name(session=session, name=name)
        key = rotate_key(session, user=user)
        data = user_public(user)
    _show_key(name, key, as_json, data)


@app.command("deactivate")
def deactivate_command(ctx: typer.Context, name: str) -> None:
    """Revoke a user's access (their past decisions keep their name)."""
    from copilot.auth.users import deactivate_user, get_user_by_name

    services = services_from(ctx)
    services.migrate()
    with services.sessions() as session, session.begin():
        deactivate_user(session, user=get_user_by_name(session=session, name=name))
    console.print(f"{name} deactivated")
