"""A reply drafted to a message we have already answered: the reviewer is told which of our records
answered it, before anything else.

A rep may pick an old message to reply to. The draft then reads as a first answer: "Zu Ihrer Frage liegen
mir die Angaben noch nicht vor" to a question our email of the same day had answered ("Eine jährliche
Abrechnung ist ab der nächsten Abrechnungsperiode möglich"), and the reviewer was told only that no record
answered it (a reviewer's reading, 2026-12-07). Our first later email in the message's thread, else our
first later email, call or meeting, is named with its opening words so it can be checked in one glance.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from copilot.db.models import Interaction
from copilot.ingest.audience import INTERNAL
from copilot.tools.turn_text import sentences

QUOTED_CHARS = 160


def our_answer(session: Session, message_id: int) -> tuple[Interaction, bool] | None:
    """Our first customer-visible email after the message in its thread (True), else our first later
    email, call or meeting with the customer (False); None when nothing of ours followed it."""
    message = session.get(Interaction, message_id)
    if message is None:
        return None
    later = session.scalars(
        select(Interaction)
        .where(
            Interaction.account_id == message.account_id,
            Interaction.occurred_at > message.occurred_at,
            Interaction.audience != INTERNAL,
            or_(Interaction.direction == "outbound", Interaction.kind.in_(("call", "meeting"))),
        )
        .order_by(Interaction.occurred_at, Interaction.id)
    ).all()
    in_thread = [
        r for r in later if r.kind == "email" and message.thread_id and r.thread_id == message.thread_id
    ]
    if in_thread:
        return in_thread[0], True
    return (later[0], False) if later else None


def already_answered_flag(answer: Interaction, in_thread: bool) -> dict[str, object]:
    """The reviewer's first flag: which record of ours already answered the message, and what it said."""
    # Its first words past the greeting line ("Hallo Frau Schmidt,").
    body = " ".join(
        ln.strip() for ln in answer.text.splitlines() if ln.strip() and not ln.strip().endswith(",")
    )
    said = " ".join(sentences(body)[:2]) or answer.subject or ""
    if len(said) > QUOTED_CHARS:
        said = said[: QUOTED_CHARS - 1].rsplit(" ", 1)[0] + "…"
    where = "in this thread" if in_thread else "after it"
    return {
        "type": "already_answered",
        "span": None,
        "detail": f"we already answered this message: our {answer.kind} of "
        f"{answer.occurred_at.date().isoformat()} {where} (interaction {answer.id}): “{said}” "
        "Check that this draft does not contradict it or say again what it said; a reply to the "
        "customer's latest message may be what is needed",
    }


def followup_flags(sessions: Callable[[], Session], message_id: int) -> list[dict[str, object]]:
    """[the already-answered flag] when a record of ours followed the message, else []."""
    with sessions() as session:
        found = our_answer(session, message_id)
        return [already_answered_flag(*found)] if found is not None else []
