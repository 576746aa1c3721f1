"""Our own promise a purpose letter delivers on: "Send Fiona the pricing for the embedded analytics
add-on I promised on our October 30 call" wrote "I am writing about our offer." (a customer's reading,
2026-12-07), while the call held "I will send pricing for the embedded analytics add-on by November 4,
2026.", five weeks overdue.

The newest promise of ours to send something, in the account's customer-visible mail and calls of the
last 180 days, whose thing shares a topic word with the purpose, is restated as our promise to send it
by a named day, with an apology when its own day has passed; the reviewer is told which promise it is.
A customer's line is never taken for ours (the account's contacts are the customer's voices).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Contact, Draft, Interaction
from copilot.ingest.audience import INTERNAL
from copilot.tools.call_dates import due_date
from copilot.tools.purpose import topic_stems
from copilot.tools.reply_wording import come_back_day
from copilot.tools.turn_text import sentences

PROMISE_WINDOW_DAYS = 180
# "I will send pricing for the embedded analytics add-on by November 4, 2026": what we said we would send.
_WE_SEND = re.compile(
    r"\b(?:I|we)(?:'ll| will| am going to| are going to)\s+(?:send|share|get you|forward|provide)\s+"
    r"(?:you\s+|them\s+)?(?P<what>[^.;!?]+?)\s+(?:by|before|no later than)\s+[^.;!?]+",
    re.IGNORECASE,
)
_SPEAKER = re.compile(r"^(?P<who>[A-Z][\w .'-]{1,40}):\s+")


@dataclass(frozen=True)
class OwnPromise:
    """Our earlier promise a letter delivers on, and the letter's sentence for it (English letters)."""

    interaction_id: int
    said_on: date
    promise: str
    sentence: str


def own_promise(session: Session, draft: Draft, language: str, today: date) -> OwnPromise | None:
    """The newest promise of ours to send something on the purpose's topic, restated; None when there
    is none or the letter is not English (the thing is named in the record's words)."""
    topic = topic_stems(draft.purpose or "")
    if not topic or language[:2].lower() != "en":
        return None
    customers = {
        c.name for c in session.scalars(select(Contact).where(Contact.account_id == draft.account_id))
    }
    since = datetime.combine(today - timedelta(days=PROMISE_WINDOW_DAYS), time(), UTC)
    rows = session.scalars(
        select(Interaction)
        .where(
            Interaction.account_id == draft.account_id,
            Interaction.occurred_at >= since,
            Interaction.audience != INTERNAL,
            Interaction.kind.in_(("email", "call", "meeting")),
        )
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
    ).all()
    for row in rows:
        if row.kind == "email" and row.direction != "outbound":
            continue
        for line in row.text.splitlines():
            found = _ours_on_topic(line, customers, topic)
            if found is not None:
                return None if _sent_since(found["what"], row, rows) else _restated(row, found, today)
    return None


def _sent_since(what: str, promised_in: Interaction, rows: Sequence[Interaction]) -> bool:
    # Our later mail that speaks of most of what was promised ("Here is the pricing for the embedded
    # analytics add-on") kept the promise: the letter does not promise it again.
    wanted = topic_stems(what)
    later = [
        r
        for r in rows
        if r.kind == "email" and r.direction == "outbound" and r.occurred_at > promised_in.occurred_at
    ]
    return any(len(wanted & topic_stems(r.text)) * 2 >= len(wanted) for r in later)


def _ours_on_topic(line: str, customers: set[str], topic: set[str]) -> re.Match[str] | None:
    speaker = _SPEAKER.match(line.strip())
    if speaker is not None and speaker["who"] in customers:
        return None
    for sentence in sentences(line):
        found = _WE_SEND.search(sentence)
        if found is not None and topic & topic_stems(found["what"]):
            return found
    return None


def _restated(row: Interaction, found: re.Match[str], today: date) -> OwnPromise:
    said_on = row.occurred_at.date()
    what = found["what"].strip()
    day = come_back_day(today, "en")
    due = due_date(found[0], said_on)
    late = due is not None and due.on < today
    sentence = f"I will send you {what} by {day}."
    if late:
        sentence = f"I am sorry this is late: {sentence}"
    return OwnPromise(row.id, said_on, found[0].strip(), sentence)
