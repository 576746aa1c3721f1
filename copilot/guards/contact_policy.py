"""Contact policy: who may be written to at all, and when we are writing too often."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from copilot.db.models import Account, Contact, Interaction
from copilot.db.types import utcnow
from copilot.errors import PolicyRefusal


@dataclass(frozen=True)
class FatigueFlag:
    """Raised as a draft flag (not a refusal) when a contact already got many messages recently."""

    recent_outbound: int
    window_days: int

    def as_flag(self) -> dict[str, object]:
        """The flag shape stored on drafts."""
        return {
            "type": "policy",
            "span": None,
            "detail": f"message fatigue: {self.recent_outbound} outbound messages in the last "
            f"{self.window_days} days",
        }


def check_may_contact(account: Account, contact: Contact | None) -> None:
    """Refuse drafting to a do-not-contact account or an opted-out contact."""
    if account.do_not_contact:
        raise PolicyRefusal(
            f"account {account.id} ({account.name}) is marked do-not-contact; no draft written"
        )
    if contact is not None and contact.opted_out:
        raise PolicyRefusal(f"contact {contact.id} ({contact.name}) has opted out of email; no draft written")


def fatigue(
    session: Session, account_id: int, contact_id: int | None, *, max_messages: int, window_days: int
) -> FatigueFlag | None:
    """A flag when outbound messages in the window reach the configured maximum."""
    since = utcnow() - timedelta(days=window_days)
    query = select(func.count(Interaction.id)).where(
        Interaction.account_id == account_id,
        Interaction.direction == "outbound",
        Interaction.occurred_at >= since,
    )
    if contact_id is not None:
        query = query.where(Interaction.contact_id == contact_id)
    recent = int(session.scalar(query) or 0)
    return FatigueFlag(recent, window_days) if recent >= max_messages else None
