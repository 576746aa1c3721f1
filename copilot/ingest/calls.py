"""Ingest one call transcript for a summary: the callers of summarize_call (CLI, API) store it first."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from connectors.common import file_source_id
from copilot.container import Services
from copilot.db.models import Account, Interaction
from copilot.errors import InvalidInputError, NotFoundError
from copilot.ingest.grant import IngestGrant
from copilot.ingest.service import ingest_location


def _check_file(path: Path) -> None:
    if not path.is_file():
        raise InvalidInputError(f"{path.name}: no such transcript file")
    if not path.read_bytes().strip():
        raise InvalidInputError(f"{path.name}: the transcript is empty")


def ingest_transcript(services: Services, path: Path, account_id: int) -> int:
    """Store the transcript as a call of the account and return the interaction's id."""
    _check_file(path)
    with services.sessions() as session:
        if session.get(Account, account_id) is None:
            raise NotFoundError(f"account {account_id} not found")
    # A call only ever adds to its own account's record, whoever submits it.
    grant = IngestGrant.interactions_of([account_id])
    report = ingest_location(services, "transcript", path, account_id=account_id, grant=grant)
    if report.failed:
        raise InvalidInputError(f"{path.name}: {report.failed[0]['error']}")
    with services.sessions() as session:
        row = session.scalar(
            select(Interaction).where(
                Interaction.source == "transcript",
                Interaction.source_id == file_source_id(path),
                Interaction.account_id == account_id,
            )
        )
        if row is None:
            raise InvalidInputError(f"{path.name}: the transcript was not stored for account {account_id}")
        return row.id
