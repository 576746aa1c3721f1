"""`copilot review list|show|approve|reject|deliver|stats`, acting as a named reviewer.

`review list` runs Core statements on a plain connection, its visibility rule the one the API uses
(copilot.auth.visibility), so it starts without SQLAlchemy's ORM; the other commands load the ORM-based
workflow when they run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from copilot.auth.user_records import user_row_by_name
from copilot.auth.visibility import visible_drafts
from copilot.channels import CHANNELS
from copilot.cli.context import console, print_json, services_from
from copilot.cli.drafts import show_draft
from copilot.db.tables import DraftStatus, drafts
from copilot.drafts import DraftOut

if TYPE_CHECKING:
    from copilot.db.models import User

app = typer.Typer(help="Review drafts as a named reviewer.", no_args_is_help=True)


def register(root: typer.Typer) -> None:
    """Add `copilot review` to the root command."""
    root.add_typer(app, name="review")


AS_OPTION = typer.Option(..., "--as", help="the reviewer's user name (see `copilot users add`)")


def _user(ctx: typer.Context, name: str) -> User:
    from copilot.auth.users import get_user_by_name

    services = services_from(ctx)
    services.migrate()
    with services.sessions() as session:
        return get_user_by_name(session=session, name=name)


@app.command("list")
def list_command(
    ctx: typer.Context,
    acting: str = AS_OPTION,
    status: DraftStatus = typer.Option(DraftStatus.PENDING_REVIEW, help="which drafts"),
    limit: int = typer.Option(50, min=1, max=500),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Drafts the reviewer may see in one status, oldest first."""
    services = services_from(ctx)
    services.migrate()
    with services.engine.connect() as connection:
        user = user_row_by_name(connection, acting)
        query = visible_drafts(drafts, user, status=status, oldest_first=True).limit(limit)
        rows = [DraftOut.of(d) for d in connection.execute(query)]
    if as_json:
        print_json([row.model_dump(mode="json") for row in rows])
        return
    from rich.table import Table  # only for the table; --json needs none of rich

    table = Table("id", "v", "account", "kind", "subject", "requested by", "created")
    for row in rows:
        table.add_row(
            str(row.id),
            str(row.version),
            str(row.account_id),
            str(row.kind),
            (row.subject or "")[:50],
            str(row.requested_by_id or ""),
            (row.created_at or "")[:16],
        )
    console.print(table)


@app.command("show")
def show_command(
    ctx: typer.Context, draft_id: int, acting: str = AS_OPTION, as_json: bool = typer.Option(False, "--json")
) -> None:
    """One draft with its versions and audit trail."""
    from copilot.answered_message import answered_message
    from copilot.auth.scoped import draft_audit, draft_revisions, get_visible_draft

    user = _user(ctx, acting)
    services = services_from(ctx)
    with services.sessions() as session:
        draft = DraftOut.of(get_visible_draft(session=session, user=user, draft_id=draft_id))
        revisions = draft_revisions(session=session, draft_id=draft_id)
        audit = draft_audit(session=session, draft_id=draft_id)
        answering = answered_message(
            session, account_id=draft.account_id, interaction_id=draft.reply_to_interaction_id
        )
    if as_json:
        data = draft.model_dump(mode="json")
        data["answering"] = answering.model_dump(mode="json") if answering else None
        data["revisions"] = [r.model_dump(mode="json") for r in revisions]
        data["audit"] = [e.model_dump(mode="json") for e in audit]
        print_json(data)
        return
    show_draft(draft, answering)
    for event in audit:
        console.print(f"  {event.at[:19]} {event.event:<22} {event.actor or '-'}", highlight=False)


@app.command("approve")
def approve_command(
    ctx: typer.Context,
    draft_id: int,
    acting: str = AS_OPTION,
    version: int = typer.Option(..., "--version", help="the version you reviewed"),
    reason: str | None = typer.Option(None, "--reason"),
) -> None:
    """Approve exactly the version you reviewed."""
    from copilot.workflow import approve_draft

    user = _user(ctx, acting)
    services = services_from(ctx)
    with services.sessions() as session, session.begin():
        draft = approve_draft(
            session,
            draft_id=draft_id,
            reviewer=user,
            version=version,
            reason=reason,
            allow_own_edits=services.settings.approve_with_edits,
        )
    console.print(f"draft {draft.id} v{draft.version} approved by {user.name}")


@app.command("reject")
def reject_command(
    ctx: typer.Context,
    draft_id: int,
    acting: str = AS_OPTION,
    version: int = typer.Option(..., "--version", help="the version you reviewed"),
    reason: str = typer.Option(..., "--reason", help="why (shown to the requester)"),
) -> None:
    """Reject exactly the version you reviewed, with a reason."""
    from copilot.workflow import reject_draft

    user = _user(ctx, acting)
    services = services_from(ctx)
    with services.sessions() as session, session.begin():
        draft = reject_draft(session, draft_id=draft_id, reviewer=user, version=version, reason=reason)
    console.print(f"draft {draft.id} v{draft.version} rejected by {user.name}")


@app.command("deliver")
def deliver_command(
    ctx: typer.Context,
    draft_id: int,
    acting: str = AS_OPTION,
    channel: str = typer.Option("eml", help=" | ".join(CHANNELS)),
) -> None:
    """Send or export an approved draft (a repeat sends nothing)."""
    user = _user(ctx, acting)
    # Delivery writes the sent letter back as an indexed record, so it brings the ingest stack.
    from copilot.delivery import deliver

    result = deliver(services_from(ctx), draft_id=draft_id, channel=channel, actor=user)
    note = " (already delivered; nothing sent)" if result.repeated else ""
    console.print(
        f"draft {draft_id}: {channel} {result.message_id} {result.location or ''}{note}", highlight=False
    )


@app.command("stats")
def stats_command(ctx: typer.Context, as_json: bool = typer.Option(False, "--json")) -> None:
    """Approval rate, edit ratio and time to decision per tool, model and prompt version."""
    from copilot.review_stats import review_rows

    services = services_from(ctx)
    services.migrate()
    with services.sessions() as session:
        rows = review_rows(session)
    if as_json:
        print_json([row.model_dump(mode="json") for row in rows])
        return
    from rich.table import Table  # only for the table; --json needs none of rich

    table = Table("tool", "model", "prompt", "decided", "approval", "edit ratio", "median s")
    for row in rows:
        table.add_row(
            row.tool,
            row.model,
            row.prompt_version,
            str(row.decided),
            _fmt(row.approval_rate),
            _fmt(row.mean_edit_ratio),
            _fmt(row.median_seconds_to_decision),
        )
    console.print(table)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
