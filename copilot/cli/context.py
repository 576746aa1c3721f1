"""What every command shares: the services, output helpers, and turning errors into exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from copilot.container import Services

# soft_wrap: long paths and ids stay on one line when output is piped or captured.
console = Console(soft_wrap=True)
err_console = Console(stderr=True)

EXIT_FAILED = 1
EXIT_CONFIG = 2


ServicesFactory = Callable[[], "Services"]


def configured_services() -> Services:
    """The services the settings (environment, .env) describe: what the installed `copilot` runs on."""
    # Imported here: settings (pydantic) and the container (SQLAlchemy) are most of a command's start-up.
    from copilot.config import load_settings
    from copilot.container import Services

    return Services(load_settings())


class ServicesSource:
    """Where a run's services come from: built on first use (so `--help` never touches a database), once.

    The root command puts one in click's context object. `main()` uses the configured services; a
    caller with its own (a test's fake model, a script's shared embedder) passes a factory:
    `main(services=factory)`, or `CliRunner().invoke(app, args, obj=ServicesSource(factory))`.
    """

    def __init__(self, factory: ServicesFactory | None = None) -> None:
        self._factory = factory or configured_services
        self._services: Services | None = None

    def services(self) -> Services:
        """The services, built by the factory on the first call."""
        if self._services is None:
            self._services = self._factory()
        return self._services


def services_from(ctx: typer.Context) -> Services:
    """The run's services, from the `ServicesSource` the root command placed (or a configured one)."""
    return ctx.ensure_object(ServicesSource).services()


def print_json(data: Any) -> None:
    """Machine-readable output on stdout, nothing else."""
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """One clear line on stderr and an exit code; no traceback."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)
