"""Run the real `copilot` CLI in this process with deterministic embeddings (for subprocess tests).

Usage: python -m tests.ingest.cli_runner ingest email BOX.mbox --json
"""

from __future__ import annotations

import sys

from copilot.cli.app import main
from copilot.container import Services
from copilot.index.fakes import HashingEmbeddings

_EMBEDDINGS = HashingEmbeddings()

if __name__ == "__main__":
    # The subprocess must not load the real model; everything else is the shipped CLI.
    Services.embeddings = property(lambda _self: _EMBEDDINGS)  # type: ignore[assignment,method-assign]
    sys.argv = ["copilot", *sys.argv[1:]]
    main()
