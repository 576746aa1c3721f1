"""Incremental IMAP ingest: fetch UIDs above the last seen, mirror expunges, resync on a new UIDVALIDITY."""

from __future__ import annotations

import imaplib
from collections.abc import Callable

from sqlalchemy import select

from connectors.imap import ImapConnector, ImapMailbox, MailboxUrl
from copilot.container import Services
from copilot.db.models import Interaction
from copilot.ingest.imap_state import load_state, save_state
from copilot.ingest.pipeline import IngestPipeline, IngestReport, delete_interactions


def _start_after(services: Services, mailbox: ImapMailbox) -> int:
    """The UID to continue after; 0 (full resync) when never synced or UIDVALIDITY changed."""
    with services.sessions() as session:
        state = load_state(session, mailbox.url.label())
        if state is None or state.uidvalidity != mailbox.uidvalidity:
            return 0
        return state.last_uid


def _expunged(services: Services, origin: str, uidvalidity: int, present: set[int]) -> list[int]:
    """Interactions from this mailbox whose (UIDVALIDITY, UID) the server no longer has."""
    with services.sessions() as session:
        rows = session.execute(select(Interaction.id, Interaction.extra).where(Interaction.origin == origin))
        return [
            row_id
            for row_id, extra in rows
            if (extra or {}).get("imap_uidvalidity") != uidvalidity
            or (extra or {}).get("imap_uid") not in present
        ]


def _sync_mailbox(pipeline: IngestPipeline, mailbox: ImapMailbox) -> IngestReport:
    services = pipeline.services
    present = mailbox.uids()
    start_after = _start_after(services, mailbox)
    report = pipeline.run(mailbox.fetch(uid for uid in present if uid > start_after))
    # Deletion only after the new messages are stored: a crash before it just redoes the fetch.
    report.deleted = delete_interactions(
        services, _expunged(services, pipeline.origin, mailbox.uidvalidity, set(present))
    )
    with services.sessions() as session:
        last_uid = max(present, default=start_after)
        save_state(session, mailbox.url.label(), uidvalidity=mailbox.uidvalidity, last_uid=last_uid)
        session.commit()
    return report


def ingest_imap(
    services: Services,
    location: str,
    *,
    account_id: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestReport:
    """Sync one mailbox into the record; an unreachable server is one named failure, not a crash."""
    connector = ImapConnector(max_bytes=services.settings.max_upload_bytes)
    try:
        url = MailboxUrl.parse(location)
        pipeline = IngestPipeline(
            services, forced_account_id=account_id, origin=f"imap:{url.label()}", progress=progress
        )
        with connector.open(location) as mailbox:
            return _sync_mailbox(pipeline, mailbox)
    except (ValueError, imaplib.IMAP4.error, OSError) as exc:
        return IngestReport(failed=[{"path": MailboxUrl.redact(location), "error": f"IMAP: {exc}"}])
