"""`copilot sample load` and `copilot demo` (`copilot init` is in copilot/cli/init.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from sqlalchemy import func, select

from copilot.auth.users import issue_key
from copilot.cli.context import console, print_json, services_from
from copilot.cli.drafts import show_draft
from copilot.db.models import Account, Contact, Role

if TYPE_CHECKING:
    from copilot.container import Services
    from copilot.tools.draft_email import EmailRequest

sample_app = typer.Typer(help="The sample CRM.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add sample and demo to the root app."""
    app.add_typer(sample_app, name="sample")
    app.command("demo")(demo)


@sample_app.command("load")
def sample_load(
    ctx: typer.Context,
    directory: Path | None = typer.Option(None, "--dir", help="where to write the sample files"),
    seed: int = typer.Option(7, help="random seed of the generator"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Generate the sample book of business as files and ingest them through the connectors."""
    from copilot.sample.load import load_sample

    services = services_from(ctx)
    started = time.perf_counter()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} items"),
        TimeElapsedColumn(),
        console=console.rich,
        disable=as_json,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def tick(step: str, n: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(f"ingesting {step}", total=None)
            bar.advance(tasks[step], n)

        loaded = load_sample(services, directory, seed=seed, progress=tick)
    totals = {
        **loaded.totals(),
        "failed": len(loaded.failed),
        "seconds": round(time.perf_counter() - started, 1),
    }
    if as_json:
        print_json({"directory": str(loaded.directory), **totals, "failures": loaded.failed})
        return
    console.print(f"sample written to {loaded.directory}")
    console.print(", ".join(f"{k} {v}" for k, v in totals.items()))
    for failure in loaded.failed:
        console.print(f"  [red]failed[/] {failure['path']}: {failure['error']}", highlight=False)


def _demo_request(services: Services, directory: Path) -> EmailRequest:
    from copilot.sample.load import answer_key
    from copilot.tools.draft_email import EmailRequest

    key = answer_key(directory)
    scenario = next(s for s in key["scenarios"] if not s.get("expect_refusal"))
    with services.sessions() as session:
        account = session.scalar(select(Account).where(Account.crm_id == scenario["account_crm_id"]))
        contact = session.scalar(select(Contact).where(Contact.crm_id == scenario.get("contact_crm_id")))
    if account is None:
        raise typer.BadParameter(f"sample account {scenario['account_crm_id']} is not loaded")
    return EmailRequest(
        account_id=account.id, contact_id=contact.id if contact else None, purpose=scenario["purpose"]
    )


DEMO_REVIEWER = "demo-reviewer"


def _print_sign_in(
    services: Services, account_id: int, *, host: str | None, port: int | None, serving: bool
) -> None:
    """The pages' address, and fresh keys for a reviewer (every account) and the drafted account's rep."""
    with services.sessions() as session, session.begin():
        owner = session.get_one(Account, account_id).owner or "demo-rep"
        keys = {
            f"reviewer ({DEMO_REVIEWER})": issue_key(session, name=DEMO_REVIEWER, role=Role.REVIEWER),
            f"rep ({owner}, owns the account above)": issue_key(session, name=owner, role=Role.REP),
        }
    settings = services.settings
    url = f"http://{host or settings.api_host}:{port or settings.api_port}/"
    console.print()
    console.print(f"Open {url} and sign in with a key{'' if serving else ' (after `copilot serve`)'}:")
    for who, key in keys.items():
        console.print(f"  {who}: {key}", highlight=False, soft_wrap=True)
    console.print("These keys work for this data dir only; the next `copilot demo` issues new ones.")


def demo(
    ctx: typer.Context,
    serve: bool = typer.Option(True, "--serve/--no-serve", help="serve the API after the draft"),
    host: str | None = typer.Option(None, help="API host (default from settings)"),
    port: int | None = typer.Option(None, help="API port (default from settings)"),
) -> None:
    """Load the sample CRM if needed, print one grounded draft from the embedded model, serve the API."""
    from copilot.drafts import DraftPublic
    from copilot.tools.draft_email import generate_email, request_email

    services = services_from(ctx)
    services.migrate()
    with services.sessions() as session:
        loaded = int(session.scalar(select(func.count(Account.id))) or 0)
    directory = services.settings.data_dir / "sample"
    if loaded == 0 or not (directory / "answer_key.json").exists():
        console.print("loading the sample CRM (first run) ...")
        sample_load(ctx, directory=directory, seed=7, as_json=False)
    request = _demo_request(services, directory)
    console.print(f"drafting for account {request.account_id}: {request.purpose!r} ...")
    show_draft(DraftPublic.of(generate_email(services, request_email(services, request).id)))
    _print_sign_in(services, request.account_id, host=host, port=port, serving=serve)
    if serve:
        from copilot.cli.serve import run_server

        run_server(services.settings, host=host, port=port, workers=1)
