"""Ingest one location with a named connector: the single entry point for CLI, API and sample load."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from connectors.registry import get_connector
from copilot.container import Services
from copilot.ingest.pipeline import IngestPipeline, IngestReport


def ingest_location(
    services: Services,
    kind: str,
    location: str | Path,
    *,
    account_id: int | None = None,
    sync: bool = False,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Read `location` with the `kind` connector and store everything it yields."""
    connector = get_connector(kind, max_bytes=services.settings.max_upload_bytes)
    remote = str(location).startswith(("imap:", "imaps:"))
    origin = f"{kind}:{location if remote else Path(location).resolve()}"
    pipeline = IngestPipeline(services, forced_account_id=account_id, origin=origin, progress=progress)
    return pipeline.run(connector.read(location), sync=sync)
