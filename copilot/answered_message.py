"""The customer's message a reply answers, as its reviewer sees it beside the draft.

A reviewer judges a reply against what was asked and how long the customer has waited; without the
message in view they would open the record to check either. Only reviewer-facing: nothing here is
part of the delivered letter.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from copilot.db.models import Interaction
from copilot.retrieval.snapshot import who_spoke
from copilot.shapes import Shape
from copilot.tools.reply import every_ask, opening_words

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# The message's opening words, cut here: enough for its matter, short enough for one glance.
_OPENING_CHARS = 320


class AnsweredMessage(Shape):
    """The message a reply answers: who sent it and when, its subject, and what it asks."""

    interaction_id: int
    sender: str
    received_on: str | None
    waited_days: int | None
    subject: str | None
    asks: list[str]
    opening: str


def answered_message(
    session: Session, *, account_id: int, interaction_id: int | None, today: date | None = None
) -> AnsweredMessage | None:
    """The message the draft answers, if it is a reply and the message is still this account's."""
    if interaction_id is None:
        return None
    row = session.get(Interaction, interaction_id)
    # An erased or foreign message is not shown: the draft keeps its id, the account no longer holds it.
    if row is None or row.account_id != account_id:
        return None
    received = row.occurred_at.date() if row.occurred_at else None
    today = today or date.today()
    return AnsweredMessage(
        interaction_id=row.id,
        sender=who_spoke(row.kind, row.participants),
        received_on=received.isoformat() if received else None,
        waited_days=(today - received).days if received else None,
        subject=row.subject,
        asks=every_ask(row.text),
        opening=_opening(row.text),
    )


def _opening(text: str) -> str:
    """The message's first words after its greeting ("Bonjour Madame," cost the renewal date its place in
    the cut, a reviewer's reading, 2026-12-07), quoted lines left out, on one line."""
    said = opening_words(text)
    return said if len(said) <= _OPENING_CHARS else said[: _OPENING_CHARS - 1].rstrip() + "…"


def describe(message: AnsweredMessage) -> list[str]:
    """The lines a reviewer reads: the message's sender, day and wait, then each of its asks."""
    waited = "" if message.waited_days is None else f", {_days(message.waited_days)}"
    head = f"answering: interaction {message.interaction_id} from {message.sender}"
    head += f" of {message.received_on}{waited}" if message.received_on else ""
    # The opening words too: "asks: Could you check with your finance team?" alone hid that the matter
    # was a payment reminder for an invoice already paid (a reviewer's reading, 2026-12-07).
    lines = [head + (f" · “{message.subject}”" if message.subject else ""), f"   says: “{message.opening}”"]
    return lines + [f"   asks: “{ask}”" for ask in message.asks]


def _days(days: int) -> str:
    if days <= 0:
        return "received today"
    return "1 day ago" if days == 1 else f"{days} days ago"
