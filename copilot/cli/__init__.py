"""The `copilot` command: one small module per command group, wired together in app.py.

`main` is the console-script entry point. It imports the command line (typer, and through it pydantic)
itself, with Python's cyclic garbage collector paused: start-up creates some hundred thousand long-lived
objects (modules, classes, SQLAlchemy's and pydantic's tables) and next to no garbage, and the
collector's passes over them (and the one at interpreter exit) were about a tenth of a quick command's
instructions (docs/benchmarks.md, issue 19). Collection resumes, with those objects frozen out of later
passes, when the chosen command is about to run (`resume_collection`), so long-running commands collect
as usual.
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from copilot.cli.context import ServicesFactory

_paused = False


def resume_collection() -> None:
    """Turn the collector back on if `main` paused it, leaving the objects made so far out of its passes."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def main(services: ServicesFactory | None = None) -> None:
    """Console-script entry point; `services` builds the services instead of the settings (tests)."""
    global _paused
    # Only on a cold start: a process that already loaded the command line (tests calling `main` again)
    # keeps its collector as it is, and its objects are not frozen.
    if gc.isenabled() and "copilot.cli.app" not in sys.modules:
        gc.disable()
        _paused = True
    try:
        from copilot.cli.app import main as run

        run(services)
    finally:
        resume_collection()


__all__ = ["main", "resume_collection"]
