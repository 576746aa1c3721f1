"""`copilot summarize-call`, `copilot tone` and `copilot account-summary`, each with `--json`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from copilot.cli.context import console, print_json, services_from

# Each command imports its tool (LangChain, numpy, the model stack) when it runs, so `copilot --help`
# and the commands that need no model start fast.


def summarize_call_command(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="transcript file (.vtt, .srt, .txt, .json)"),
    account: int = typer.Option(..., "--account", help="account id the call belongs to"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Ingest a call transcript and hold a cited summary draft for review."""
    from copilot.drafts import draft_public
    from copilot.ingest.calls import ingest_transcript
    from copilot.tools.summarize_call import summarize_call

    services = services_from(ctx)
    services.migrate()
    interaction_id = ingest_transcript(services, file, account)
    data = draft_public(summarize_call(services, interaction_id))
    if as_json:
        print_json(data)
        return
    title = f"draft {data['id']} ({data['status']}): {data['subject']}"
    # Text, not markup: citations such as [u3] must print as written.
    console.print(Panel(Text(data["body"] or ""), title=escape(title)), soft_wrap=False)
    for flag in data["flags"]:
        console.print(f" [yellow]flag[/] {escape(flag['type'])}: {escape(flag['detail'])}", highlight=False)
    console.print(f" model {data['model']} · prompt {data['prompt_name']}@{data['prompt_version']}")


def tone_command(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="the message text"),
    direction: str = typer.Option("inbound", "--direction", help="inbound or outbound"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Flag the tone of a message, with scores and evidence spans."""
    from copilot.tools.flag_tone import flag_tone

    services = services_from(ctx)
    report = flag_tone(text, direction, services.sentence_model)  # type: ignore[arg-type]  # validated inside
    if as_json:
        print_json(report.model_dump())
        return
    if not report.labels:
        console.print("no tone flags")
    for label in report.labels:
        console.print(f"[bold]{label.label}[/] {label.score:.2f} ({label.source})", highlight=False)
        for span in label.evidence:
            console.print(f'  [{span.start}:{span.end}] "{span.text}" - {span.reason}', highlight=False)


def _show_items(title: str, items: list[dict[str, Any]]) -> None:
    console.print(f"[bold]{title}[/]")
    for item in items or [{"text": "none found", "citations": []}]:
        cites = "".join(f"[{n}]" for n in item["citations"])
        due = ""
        if "due_date" in item:
            due = (
                f"OVERDUE (due {item['due_date']}) "
                if item["overdue"]
                else f"due {item['due_date'] or '-'}: "
            )
        kind = f"{item['kind_label']}: " if item.get("kind_label") else ""
        console.print(f"  - {due}{kind}{item['text']} {cites}", highlight=False)
        for more in item.get("also") or []:
            console.print(f"      also: {more}", highlight=False)


def account_summary_command(
    ctx: typer.Context,
    account_id: int = typer.Argument(..., help="account id"),
    refresh: bool = typer.Option(False, "--refresh", help="rebuild even if the cached summary is current"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """A manager's cited summary of one account (cached until new interactions arrive)."""
    from copilot.tools.account_summary import account_summary

    services = services_from(ctx)
    services.migrate()
    data = account_summary(services, account_id, refresh=refresh)
    if as_json:
        from copilot.summaries import AccountSummaryPublic

        print_json(AccountSummaryPublic.model_validate(data).model_dump(mode="json"))
        return
    state = "cached" if data["cached"] else "fresh"
    overview = data["overview"]
    text = " ".join(
        s["text"] + "".join(f"[{n}]" for n in s["citations"]) for s in overview.get("sentences") or [overview]
    )
    console.print(Panel(text, title=f"{data['account_name']} ({state})"), soft_wrap=False)
    for key in ("risks", "open_issues", "commitments_by_us", "commitments_by_them", "next_best_actions"):
        _show_items(key.replace("_", " "), data[key])
    trend = data["sentiment_trend"]
    console.print(f"[bold]sentiment trend[/] ({trend['direction']})")
    for month in trend["months"]:
        count = month.get("customer_items", 0)
        console.print(f"  {month['month']}: {month['negative']}/{count} customer message(s) negative")
    for citation in data["citations"]:
        console.print(
            f"  [{citation['n']}] interaction {citation['interaction_id']} · "
            f"{citation['occurred_at'][:10]} · {citation['kind']}",
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    """Add the tool commands to the root command."""
    app.command("summarize-call")(summarize_call_command)
    app.command("tone")(tone_command)
    app.command("account-summary")(account_summary_command)
