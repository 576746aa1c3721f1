"""`copilot users add|list|rotate-key|deactivate`: people and their API keys."""

from __future__ import annotations

import typer
from rich.table import Table

from copilot.auth.users import (
    create_user,
    deactivate_user,
    get_user_by_name,
    list_users,
    rotate_key,
    user_public,
)
from copilot.cli.context import console, print_json, services_from
from copilot.db.models import Role

app = typer.Typer(help="Users, roles, teams and API keys.", no_args_is_help=True)


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
    display_name: str | None = typer.Option(
        None, "--display-name", help="the name customer emails are signed with"
    ),
    signature: str | None = typer.Option(
        None, "--signature", help="signature block under the name (use \\n for new lines)"
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Create a user and print their API key once."""
    services = services_from(ctx)
    services.migrate()
    block = signature.replace("\\n", "\n") if signature else None
    with services.sessions() as session, session.begin():
        user, key = create_user(
            session, name=name, role=role, team=team, display_name=display_name, signature=block
        )
        data = user_public(user)
    _show_key(name, key, as_json, data)


@app.command("list")
def list_command(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Every user with role, team and key prefix (never the key)."""
    services = services_from(ctx)
    services.migrate()
    with services.sessions() as session:
        rows = [user_public(u) for u in list_users(session=session)]
    if as_json:
        print_json(rows)
        return
    table = Table("id", "name", "role", "team", "active", "key prefix")
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["name"]),
            str(row["role"]),
            str(row["team"] or ""),
            "yes" if row["active"] else "no",
            str(row["key_prefix"] or ""),
        )
    console.print(table)


@app.command("rotate-key")
def rotate_command(ctx: typer.Context, name: str, as_json: bool = typer.Option(False, "--json")) -> None:
    """Replace a user's key; the old one stops working at once."""
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
    services = services_from(ctx)
    services.migrate()
    with services.sessions() as session, session.begin():
        deactivate_user(session, user=get_user_by_name(session=session, name=name))
    console.print(f"{name} deactivated")
