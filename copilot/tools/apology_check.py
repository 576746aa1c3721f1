"""An apology the customer's record does not back: the reviewer is told before the letter says sorry.

"Apologise for the outage last week" wrote "I am sorry for the outage last week." to a customer whose
record holds no outage at all; only our internal note of August mentioned "the last outage" (a
customer's and reviewer's reading, 2026-12-07). An apology for something the customer never heard of
tells them of it; one for the wrong week reads careless. The purpose's topic words are looked for in the
account's customer-visible records of the time the purpose names.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Draft, Interaction
from copilot.ingest.audience import INTERNAL
from copilot.tools.purpose import apology_topic, topic_stems

# How far back the time the purpose names reaches ("last week" is no older than three weeks' records);
# with no time named, the page's four months.
_WINDOWS = (("yesterday", 10), ("today", 10), ("this week", 10), ("last week", 21), ("last month", 62))
DEFAULT_WINDOW_DAYS = 120
_TIME_STEMS = frozenset({"yeste", "today", "week", "weeks", "last", "month", "this", "recen"})


def apology_flags(sessions: Callable[[], Session], draft: Draft, today: date) -> list[dict[str, object]]:
    """The purpose's unbacked apology flag, read in a session of its own (`unsupported_apology`)."""
    with sessions() as session:
        return unsupported_apology(session, draft.account_id, draft.purpose or "", today)


def unsupported_apology(
    session: Session, account_id: int, purpose: str, today: date
) -> list[dict[str, object]]:
    """[an `unsupported_apology` flag] when the purpose apologises for something no customer-visible
    record of its time mentions, else []."""
    what = apology_topic(purpose)
    stems = topic_stems(what) - _TIME_STEMS if what else set()
    if not what or not stems:
        return []
    days = next((d for words, d in _WINDOWS if words in what.lower()), DEFAULT_WINDOW_DAYS)
    rows = session.scalars(
        select(Interaction).where(
            Interaction.account_id == account_id, Interaction.occurred_at >= _since(today, days)
        )
    ).all()
    mentioning = [r for r in rows if stems & topic_stems(f"{r.subject or ''} {r.text}")]
    if any(r.audience != INTERNAL for r in mentioning):
        return []
    internal = [r for r in mentioning if r.audience == INTERNAL]
    seen = (
        f"only our internal {internal[0].kind} of {internal[0].occurred_at.date().isoformat()} "
        f"(interaction {internal[0].id}) mentions it"
        if internal
        else "nor does any internal one"
    )
    return [
        {
            "type": "unsupported_apology",
            "span": None,
            "detail": f"the letter apologises for {what}, but no customer-visible record of the last {days} "
            f"days mentions it ({seen}): check that it happened and that the customer knows of it",
        }
    ]


def _since(today: date, days: int) -> datetime:
    return datetime.combine(today - timedelta(days=days), time(), UTC)
