"""Per-mailbox IMAP sync state (UIDVALIDITY and the highest UID ingested), kept in SQL."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import ImapMailboxState


def load_state(session: Session, mailbox: str) -> ImapMailboxState | None:
    """The stored state of a mailbox, if it was synced before."""
    return session.scalar(select(ImapMailboxState).where(ImapMailboxState.mailbox == mailbox))


def save_state(session: Session, mailbox: str, *, uidvalidity: int, last_uid: int) -> None:
    """Record where this sync stopped (the caller commits)."""
    state = load_state(session, mailbox)
    if state is None:
        session.add(ImapMailboxState(mailbox=mailbox, uidvalidity=uidvalidity, last_uid=last_uid))
        return
    state.uidvalidity = uidvalidity
    state.last_uid = last_uid
