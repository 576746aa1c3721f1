"""The `copilot` command: one small module per command group, wired together in app.py."""

from copilot.cli.app import main

__all__ = ["main"]
