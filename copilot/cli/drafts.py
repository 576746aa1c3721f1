"""`copilot draft email`: a grounded draft, stored as pending_review."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import typer

from copilot.auth.user_records import user_row_by_name
from copilot.cli.context import console, print_json, services_from

if TYPE_CHECKING:
    from copilot.answered_message import AnsweredMessage
    from copilot.drafts import DraftPublic

app = typer.Typer(help="Request drafts.", no_args_is_help=True)
_WORDS = re.compile(r"\w{3,}")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def register(root: typer.Typer) -> None:
    """Add `copilot draft` to the root command."""
    root.add_typer(app, name="draft")


def closest_sentence(claim: str, excerpt: str) -> str:
    """The sentence of a record's excerpt that shares the most words with a claim of the letter."""
    wanted = set(_WORDS.findall(claim.lower()))
    found = [s.strip() for s in _SENTENCE_END.split(excerpt) if s.strip()] or [excerpt.strip()]
    return max(found, key=lambda s: len(wanted & set(_WORDS.findall(s.lower()))))


def show_draft(draft: DraftPublic, answering: AnsweredMessage | None = None) -> None:
    """Print a draft for a person: subject, body, citations, flags, and the message a reply answers."""
    from rich.panel import Panel  # here: `review list --json` imports this module and needs none of rich

    title = f"draft {draft.id} ({draft.status})"
    # Wrap inside the panel, whatever the console's soft-wrap default.
    console.print(Panel(f"[bold]{draft.subject}[/]\n\n{draft.body}", title=title), soft_wrap=False)
    body = draft.body or ""
    if draft.purpose:
        console.print(f" requested: {draft.purpose}", highlight=False, markup=False)
    if answering is not None:
        from copilot.answered_message import describe

        for line in describe(answering):
            console.print(f" {line}", highlight=False, markup=False)
    # The evidence beside the letter: each span, and the record's own sentence it rests on, so a reviewer
    # checks a claim at a glance (never part of what is sent).
    records = {c.n: c for c in draft.citations}
    for cited in draft.body_citations:
        numbers = ",".join(str(n) for n in cited.n)
        console.print(f" claim [{numbers}]: {body[cited.start : cited.end]}", highlight=False, markup=False)
        for n in cited.n:
            if (record := records.get(n)) is not None and record.excerpt:
                said = closest_sentence(body[cited.start : cited.end], record.excerpt)
                who = f"{record.who} · " if record.who else ""
                console.print(
                    f"   evidence [{n}] {who}{(record.occurred_at or '')[:10]}: “{said}”",
                    highlight=False,
                    markup=False,
                )
    for citation in draft.citations:
        mark = "*" if citation.used else " "
        console.print(
            f" {mark}[{citation.n}] interaction {citation.interaction_id} · "
            f"{(citation.occurred_at or '')[:10]} · "
            f"{citation.kind} · {citation.who or ''}"
            + (" · internal (never quoted)" if citation.audience == "internal" else ""),
            highlight=False,
        )
    for flag in draft.flags:
        console.print(f" [yellow]flag[/] {flag.type}: {flag.detail}", highlight=False)
    timings = draft.timings
    latency = "?" if timings.latency_s is None else timings.latency_s
    tokens_out = "?" if timings.tokens_out is None else timings.tokens_out
    console.print(
        f" model {draft.model} · prompt {draft.prompt_name}@{draft.prompt_version} · "
        f"{latency} s · {tokens_out} tokens out",
        highlight=False,
    )


@app.command("email")
def email_command(
    ctx: typer.Context,
    account: int = typer.Option(..., "--account", help="account id"),
    purpose: str | None = typer.Option(
        None, "--purpose", help="what the email should achieve (optional with --reply-to)"
    ),
    contact: int | None = typer.Option(
        None, "--contact", help="contact id (default: the contact the purpose names, else the first)"
    ),
    instructions: str | None = typer.Option(None, "--instructions", help="extra guidance for the draft"),
    reply_to: int | None = typer.Option(
        None, "--reply-to", help="interaction id of the customer's message to answer (threaded reply)"
    ),
    as_user: str | None = typer.Option(
        None, "--as", help="user name of the requesting rep (signs the email); default: the account owner"
    ),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Draft an email grounded in the account's records; it is held for review."""
    # The drafting stack (LangChain, the model, the embedder) loads only for commands that draft.
    from copilot.drafts import DraftPublic
    from copilot.tools.draft_email import EmailRequest, generate_email, request_email

    services = services_from(ctx)
    services.migrate()
    if not purpose and reply_to is None:
        raise typer.BadParameter("give --purpose, or --reply-to to answer a message", param_hint="--purpose")
    requester = None
    if as_user is not None:
        with services.engine.connect() as connection:
            requester = user_row_by_name(connection, as_user).id
    request = EmailRequest(
        account_id=account,
        purpose=purpose or "",
        contact_id=contact,
        instructions=instructions,
        requested_by_id=requester,
        reply_to_interaction_id=reply_to,
    )
    draft = generate_email(services, request_email(services, request).id)
    shown = DraftPublic.of(draft)
    if as_json:
        print_json(shown.model_dump(mode="json"))
        return
    from copilot.answered_message import answered_message

    with services.sessions() as session:
        answering = answered_message(session, account_id=account, interaction_id=reply_to)
    show_draft(shown, answering)
