"""`python -m evals [OPTIONS]`: exactly `copilot eval [OPTIONS]`, same code and error handling."""

from __future__ import annotations

import sys

from copilot.cli.app import main


def run() -> None:
    """Dispatch this process's arguments to the `copilot eval` command."""
    sys.argv = ["copilot", "eval", *sys.argv[1:]]
    main()


if __name__ == "__main__":
    run()
