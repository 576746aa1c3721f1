"""A reply drafted to a message we have already answered in its thread: the reviewer is told which email
of ours answered it, before anything else.

A rep may pick an old message to reply to. The draft then reads as a first answer: "Zu Ihrer Frage liegen
mir die Angaben noch nicht vor" to a question our email of the same day had answered ("Eine jährliche
Abrechnung ist ab der nächsten Abrechnungsperiode möglich"), and the reviewer was told only that no record
answered it (a reviewer's reading, 2026-12-07). Only our email in the message's own thread counts: any
later call or meeting invite of ours, named as the answer in a first version, was wrong four times in five
(an unrelated expansion call quoted by its greeting, a renewal invite; the same reviewer, an hour later).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Interaction
from copilot.ingest.audience import INTERNAL
from copilot.tools.turn_text import sentences

QUOTED_CHARS = 160


def our_answer(session: Session, message_id: int) -> Interaction | None:
    """Our first customer-visible email after the message in its thread; None when there is none (or the
    message has no thread)."""
    message = session.get(Interaction, message_id)
    if message is None or not message.thread_id:
        return None
    return session.scalars(
        select(Interaction)
        .where(
            Interaction.account_id == message.account_id,
            Interaction.thread_id == message.thread_id,
            Interaction.kind == "email",
            Interaction.direction == "outbound",
            Interaction.audience != INTERNAL,
            Interaction.occurred_at > message.occurred_at,
        )
        .order_by(Interaction.occurred_at, Interaction.id)
        .limit(1)
    ).first()


def already_answered_flag(answer: Interaction) -> dict[str, object]:
    """The reviewer's first flag: which email of ours already answered the message, and what it said."""
    # Its first words past the greeting line ("Hallo Frau Schmidt,").
    lines = [ln.strip() for ln in answer.text.splitlines()]
    body = " ".join(ln for ln in lines if ln and not ln.endswith(","))
    said = " ".join(sentences(body)[:2]) or answer.subject or ""
    if len(said) > QUOTED_CHARS:
        said = said[: QUOTED_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return {
        "type": "already_answered",
        "span": None,
        "detail": f"we already answered this message: our email of {answer.occurred_at.date().isoformat()} "
        f"in this thread (interaction {answer.id}): “{said}” Check that this draft does not contradict it or "
        "say again what it said; a reply to the customer's latest message may be what is needed",
    }


def followup_flags(sessions: Callable[[], Session], message_id: int) -> list[dict[str, object]]:
    """[the already-answered flag] when our email followed the message in its thread, else []."""
    with sessions() as session:
        found = our_answer(session, message_id)
        return [already_answered_flag(found)] if found is not None else []
