"""What every command shares: the services, output helpers, and turning errors into exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from copilot.container import Services


class LazyConsole:
    """A rich Console built on first use: a command that prints only JSON never imports rich's console
    (with rich.table, about a tenth of a database command's start-up; docs/benchmarks.md, issue 19).

    Attributes read and set pass through to the Console; `rich` is the Console itself, for the APIs that
    take one (progress bars).
    """

    def __init__(self, **options: Any) -> None:
        object.__setattr__(self, "_options", options)
        object.__setattr__(self, "_console", None)

    @property
    def rich(self) -> Console:
        """The Console, built now if it was not yet."""
        if self._console is None:
            from rich.console import Console

            object.__setattr__(self, "_console", Console(**self._options))
        return self._console

    @property
    def width(self) -> int:
        """The Console's width (a property here too, so it can be set and restored like rich's own)."""
        return int(self.rich.width)

    @width.setter
    def width(self, value: int) -> None:
        self.rich.width = value

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "width":
            object.__setattr__(self, name, value)  # through the property above
            return
        setattr(self.rich, name, value)


# soft_wrap: long paths and ids stay on one line when output is piped or captured.
console = LazyConsole(soft_wrap=True)
err_console = LazyConsole(stderr=True)

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
