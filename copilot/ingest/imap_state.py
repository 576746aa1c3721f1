"""Per-mailbox IMAP sync state (UIDVALIDITY and the highest UID ingested), kept in SQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from copilot.db.models import Base
from copilot.db.types import utcnow


class ImapMailboxState(Base):
    """Where the last sync of one mailbox stopped; a UIDVALIDITY change invalidates it."""

    __tablename__ = "imap_mailboxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Password-free URL of the mailbox (imap://user@host:port/INBOX).
    mailbox: Mapped[str] = mapped_column(String(512), unique=True)
    # UIDVALIDITY and UIDs are unsigned 32-bit: too big for a signed INTEGER on PostgreSQL.
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


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
