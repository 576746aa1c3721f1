"""Write an approved call summary into the account's record as a note (idempotent by draft id)."""

from __future__ import annotations

import hashlib

from sqlalchemy.orm import Session

from connectors.base import InteractionKind, InteractionRecord
from copilot.db.models import Draft, Interaction
from copilot.db.types import utcnow
from copilot.ingest.indexer import rebuild_chunks
from copilot.ingest.store import upsert_interaction

WRITEBACK_SOURCE = "copilot"


def write_back(session: Session, draft: Draft) -> Interaction:
    """Store the approved text as an internal note of the account; chunked and left pending for indexing."""
    text = draft.body or ""
    record = InteractionRecord(
        source=WRITEBACK_SOURCE,
        source_id=f"draft-{draft.id}",
        kind=InteractionKind.NOTE,
        occurred_at=utcnow(),
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        raw_ref=f"draft:{draft.id}@v{draft.version}",
        subject=draft.subject,
    )
    row, _ = upsert_interaction(
        session,
        record,
        account_id=draft.account_id,
        contact_id=draft.contact_id,
        direction="internal",
        origin="copilot:write-back",
        audience="internal",
    )
    rebuild_chunks(session, row)
    return row
