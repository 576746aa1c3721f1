"""Run the real `copilot` CLI in this process with deterministic embeddings (for subprocess tests).

Usage: python -m tests.ingest.cli_runner ingest email BOX.mbox --json
"""

from __future__ import annotations

import sys

from copilot.cli.app import main
from copilot.config import load_settings
from copilot.container import Services
from copilot.index.fakes import HashingEmbeddings


def hashing_services() -> Services:
    """The configured services, except that the embedder is the hashing fake (no model is loaded)."""
    return Services(load_settings(), embeddings=HashingEmbeddings())


if __name__ == "__main__":
    # The subprocess must not load the real model; everything else is the shipped CLI.
    sys.argv = ["copilot", *sys.argv[1:]]
    main(services=hashing_services)
