"""`copilot summarize-call`, `copilot tone` and `copilot account-summary`, each with `--json`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from copilot.cli.context import console, print_json, services_from

if TYPE_CHECKING:
    from copilot.summaries import NarrativeSentence, NextAction, Overview, SummaryItem

# Each command imports its tool (LangChain, numpy, the model stack) when it runs, so `copilot --help`
# and the commands that need no model start fast.


def summarize_call_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="transcript file (.vtt, .srt, .txt, .json)"),
    account: int = typer.Option(..., "--account", help="account id the call belongs to"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Ingest a call transcript and hold a cited summary draft for review."""
    from copilot.drafts import DraftPublic
    from copilot.ingest.calls import ingest_transcript
    from copilot.tools.summarize_call import summarize_call

    services = services_from(ctx)
    services.migrate()
    interaction_id = ingest_transcript(services, file, account)
    draft = DraftPublic.of(summarize_call(services, interaction_id))
    if as_json:
        print_json(draft.model_dump(mode="json"))
        return
    title = f"draft {draft.id} ({draft.status}): {draft.subject}"
    # Text, not markup: citations such as [u3] must print as written.
    console.print(Panel(Text(draft.body or ""), title=escape(title)), soft_wrap=False)
    for flag in draft.flags:
        console.print(f" [yellow]flag[/] {escape(flag.type)}: {escape(str(flag.detail))}", highlight=False)
    console.print(f" model {draft.model} · prompt {draft.prompt_name}@{draft.prompt_version}")


def tone_command(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="the message text"),
    direction: str = typer.Option("inbound", "--direction", help="inbound or outbound"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Flag the tone of a message, with scores and evidence spans."""
    from copilot.tools.flag_tone import flag_tone

    services = services_from(ctx)
    models = {"frustration": services.frustration_model} if direction == "inbound" else {}
    report = flag_tone(text, direction, services.sentence_model, **models)  # type: ignore[arg-type]  # validated inside
    if as_json:
        print_json(report.model_dump())
        return
    if not report.labels:
        console.print("no tone flags")
    for label in report.labels:
        console.print(f"[bold]{label.label}[/] {label.score:.2f} ({label.source})", highlight=False)
        for span in label.evidence:
            console.print(f'  [{span.start}:{span.end}] "{span.text}" - {span.reason}', highlight=False)


# As the web page says it: a bare "none found" read as "none exist" (a manager's reading, 2026-12-07).
_NONE_RECENT = "none found in the last four months of records"


def _show_items(title: str, items: Sequence[SummaryItem | NextAction], none: str = _NONE_RECENT) -> None:
    """One section of the account summary, each item with its citations."""
    console.print(f"[bold]{title}[/]")
    if not items:
        console.print(f"  - {none}", highlight=False)
    for item in items:
        # Risks name their kind and keep the record's other risk sentences as `also`.
        kind_label = getattr(item, "kind_label", None)
        kind = f"{kind_label}: " if kind_label else ""
        state = getattr(item, "ticket_state", None)
        if state and kind_label:
            kind = f"{kind_label} since {getattr(item, 'date', None)}: "
        if state and not kind_label:
            # An open ticket says how old it is: "Threshold alerts stopped arriving" opened eleven months
            # ago is another story than one from last week (a manager's reading, 2026-12-07).
            priority, since = getattr(item, "ticket_priority", None) or "", getattr(item, "date", None)
            kind = f"{priority} ticket {state} since {since}: ".lstrip()
        raised = getattr(item, "date", None)
        if not kind and raised and title == "open issues":
            # An issue with no status says when it was raised and by whom, as the web page does: "Half of
            # the team works in a different time zone" alone read as undated (a manager's reading,
            # 2026-12-07).
            speaker = getattr(item, "speaker", None)
            kind = f"raised {raised}{f' by {speaker}' if speaker else ''}: "
        waiting_since = getattr(item, "awaiting_reply_since", None)
        replied = getattr(item, "left_open_by_reply_of", None)
        if waiting_since:
            kind = f"waiting on our reply since {waiting_since}: "
        if waiting_since and replied:
            kind = f"unanswered since {waiting_since} (our reply of {replied} left it open): "
        console.print(f"  - {kind}{item.text} {_cites(item.citations)}", highlight=False)
        for more in getattr(item, "also", None) or []:
            console.print(f"      also: {more}", highlight=False)


def _show_promises(title: str, items: Sequence[SummaryItem]) -> None:
    """A section of commitments, each saying when it is due."""
    console.print(f"[bold]{title}[/]")
    if not items:
        console.print(f"  - {_NONE_RECENT}", highlight=False)
    for item in items:
        # As the web page says it: "due -" read as a date nobody could find.
        due = f"due {item.due_date}: " if item.due_date else "no date: "
        due = f"OVERDUE (due {item.due_date}): " if item.overdue else due
        console.print(f"  - {due}{item.text} {_cites(item.citations)}", highlight=False)


def _cites(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def account_summary_command(
    ctx: typer.Context,
    account_id: int = typer.Argument(..., help="account id"),
    refresh: bool = typer.Option(False, "--refresh", help="rebuild even if the cached summary is current"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """A manager's cited summary of one account (cached until new interactions arrive)."""
    from copilot.summaries import AccountSummaryPublic
    from copilot.tools.account_summary import account_summary

    services = services_from(ctx)
    services.migrate()
    summary = AccountSummaryPublic.model_validate(account_summary(services, account_id, refresh=refresh))
    if as_json:
        print_json(summary.model_dump(mode="json"))
        return
    state = "cached" if summary.cached else "fresh"
    overview = summary.overview
    if overview is not None:
        parts: Sequence[NarrativeSentence | Overview] = overview.sentences or [overview]
        text = " ".join(s.text + _cites(s.citations) for s in parts)
        console.print(Panel(text, title=f"{summary.account_name} ({state})"), soft_wrap=False)
    if summary.contact_policy is not None:
        policy = summary.contact_policy
        console.print(
            f"[bold]contact policy[/]\n  - {policy.text} {_cites(policy.citations)}", highlight=False
        )
    _show_items("risks", summary.risks)
    _show_items("open issues", summary.open_issues)
    _show_promises("commitments by us", summary.commitments_by_us)
    _show_promises("commitments by them", summary.commitments_by_them)
    _show_items("next best actions", summary.next_best_actions, "nothing open to act on")
    trend = summary.sentiment_trend
    if trend is not None:
        console.print(f"[bold]sentiment trend[/] ({trend.direction})")
        for month in trend.months:
            # The month's negative items are cited, so every source listed below is read somewhere.
            reading = month_reading(month.negative, month.customer_items, month.negative_resolved)
            line = f"  {month.month}: {reading} {_cites(month.citations or [])}"
            console.print(line.rstrip(), highlight=False)
    for citation in summary.citations:
        console.print(
            f"  [{citation.n}] interaction {citation.interaction_id} · "
            f"{(citation.occurred_at or '')[:10]} · {citation.kind}",
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    """Add the tool commands to the root command."""
    app.command("summarize-call")(summarize_call_command)
    app.command("tone")(tone_command)
    app.command("account-summary")(account_summary_command)


def month_reading(negative: int, customer_items: int, resolved: int = 0) -> str:
    """One trend month as a manager reads it: a quiet month says so instead of "0/0 … negative", and a
    negative ticket since resolved is told as such (the month's problem is no longer open)."""
    if customer_items == 0:
        return "no customer messages"
    noun = "message" if customer_items == 1 else "messages"
    reading = f"{negative} of {customer_items} customer {noun} negative"
    if resolved:
        reading += f" ({resolved} on {'a ticket' if resolved == 1 else 'tickets'} since resolved)"
    return reading
