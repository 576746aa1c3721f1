"""Root of the `copilot` command; errors become one line and an exit code.

The root knows its commands from a small table (name, module, one-line help) and imports a command's
module only when that command runs, so `copilot --help` and argument errors load no database, settings
or model code, and `copilot users list` loads only what `users` needs.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, TypeAlias

import typer
from typer.core import TyperCommand, TyperGroup

from copilot.cli import resume_collection
from copilot.cli.context import EXIT_CONFIG, EXIT_FAILED, ServicesFactory, ServicesSource, err_console
from copilot.errors import ConfigError, CopilotError


@dataclass(frozen=True)
class CommandEntry:
    """Where a top-level command lives and the line `copilot --help` shows for it."""

    module: str
    help: str


# In the order `copilot --help` lists them. Each module has `register(app)` adding its commands;
# tests/cli/test_app.py checks every help line against the command's own docstring.
COMMANDS: dict[str, CommandEntry] = {
    "init": CommandEntry(
        "copilot.cli.init", "Create the data directory and schema, and check the vector store's settings."
    ),
    "sample": CommandEntry("copilot.cli.setup", "The sample CRM."),
    "demo": CommandEntry(
        "copilot.cli.setup",
        "Load the sample CRM if needed, print one grounded draft from the embedded model, serve the API.",
    ),
    "accounts": CommandEntry("copilot.cli.accounts", "Browse accounts."),
    "draft": CommandEntry("copilot.cli.drafts", "Request drafts."),
    "ingest": CommandEntry("copilot.cli.ingest", "Ingest a source; the exit code is 1 when any item failed."),
    "serve": CommandEntry("copilot.cli.serve", "Serve the REST API and OpenAPI docs at /docs."),
    "review": CommandEntry("copilot.cli.review", "Review drafts as a named reviewer."),
    "users": CommandEntry("copilot.cli.users", "Users, roles, teams and API keys."),
    "export": CommandEntry("copilot.cli.privacy", "Write everything held about one account as JSON."),
    "erase": CommandEntry(
        "copilot.cli.privacy",
        "Erase one account: its rows, vectors, exported drafts and source files only it uses.",
    ),
    "compact-chroma": CommandEntry(
        "copilot.cli.privacy",
        "Scrub a stopped Chroma server's directory after erasures: Chroma's own delete leaves the bytes.",
    ),
    "eval": CommandEntry(
        "copilot.cli.evals", "Run the quality and safety evaluation against the configured model and stores."
    ),
    "summarize-call": CommandEntry(
        "copilot.cli.tools", "Ingest a call transcript and hold a cited summary draft for review."
    ),
    "tone": CommandEntry("copilot.cli.tools", "Flag the tone of a message, with scores and evidence spans."),
    "account-summary": CommandEntry(
        "copilot.cli.tools",
        "A manager's cited summary of one account (cached until new interactions arrive).",
    ),
}


# Recent typer versions vendor click (typer._click) and older ones use click itself; click's types are
# named here through typer only, so this module works with either.
ClickContext: TypeAlias = Any
ClickCommand: TypeAlias = Any


def load_command(name: str) -> ClickCommand:
    """Import the command's module and build its click command (a group for command groups)."""
    module = importlib.import_module(COMMANDS[name].module)
    holder = typer.Typer()
    module.register(holder)
    return typer.main.get_group(holder).commands[name]


class LazyGroup(TyperGroup):
    """The root group: stand-ins from COMMANDS (name and help line) until a command is invoked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A stand-in is enough to list a command in --help, match its name and suggest it for a typo.
        for name, entry in COMMANDS.items():
            self.commands[name] = TyperCommand(name, help=entry.help)

    def resolve_command(
        self, ctx: ClickContext, args: list[str]
    ) -> tuple[str | None, ClickCommand, list[str]]:
        """The real command, imported now because it is about to parse its arguments and run."""
        name, stand_in, rest = super().resolve_command(ctx, args)
        command = stand_in if name is None else load_command(name)
        resume_collection()  # start-up is over (see copilot/cli/__init__.py)
        return name, command, rest


app = typer.Typer(
    name="copilot",
    cls=LazyGroup,
    help="CRM Copilot: grounded customer drafts, held for human approval.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root(ctx: typer.Context) -> None:
    """CRM Copilot command line."""
    # A caller's source (see `main`) is kept; otherwise the configured services, built on first use.
    ctx.ensure_object(ServicesSource)


def main(services: ServicesFactory | None = None) -> None:
    """Console-script entry point; `services` builds the services instead of the settings (tests)."""
    try:
        app(obj=ServicesSource(services))
    except ConfigError as exc:
        err_console.print(f"[bold red]configuration error:[/] {exc}", highlight=False, soft_wrap=True)
        raise SystemExit(EXIT_CONFIG) from None
    except CopilotError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise SystemExit(EXIT_FAILED) from None
