"""Root of the `copilot` command; errors become one line and an exit code."""

from __future__ import annotations

import typer

from copilot.cli import accounts, drafts, evals, ingest, privacy, review, serve, setup, tools, users
from copilot.cli.context import EXIT_CONFIG, EXIT_FAILED, err_console
from copilot.errors import ConfigError, CopilotError

app = typer.Typer(
    name="copilot",
    help="CRM Copilot: grounded customer drafts, held for human approval.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
setup.register(app)
app.add_typer(accounts.app, name="accounts")
app.add_typer(drafts.app, name="draft")
ingest.register(app)
serve.register(app)
app.add_typer(review.app, name="review")
app.add_typer(users.app, name="users")
privacy.register(app)
evals.register(app)
tools.register(app)


@app.callback()
def _root(ctx: typer.Context) -> None:
    """CRM Copilot command line."""
    ctx.obj = None


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except ConfigError as exc:
        err_console.print(f"[bold red]configuration error:[/] {exc}", highlight=False, soft_wrap=True)
        raise SystemExit(EXIT_CONFIG) from None
    except CopilotError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise SystemExit(EXIT_FAILED) from None
