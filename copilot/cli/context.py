"""What every command shares: the services, output helpers, and turning errors into exit codes."""

from __future__ import annotations

import json
import sys
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


def services_from(ctx: typer.Context) -> Services:
    """The process's services, built on first use so `--help` never touches a database."""
    # Imported here: settings (pydantic) and the container (SQLAlchemy) are most of a command's start-up.
    from copilot.config import load_settings
    from copilot.container import Services

    if ctx.obj is None:
        ctx.obj = Services(load_settings())
    assert isinstance(ctx.obj, Services)
    return ctx.obj


def print_json(data: Any) -> None:
    """Machine-readable output on stdout, nothing else."""
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """One clear line on stderr and an exit code; no traceback."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)
