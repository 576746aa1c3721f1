"""The customer's message we have not answered: their newest email with no contact from us after it.

"Unsere Finanzabteilung … bittet um ein aktualisiertes Angebot" sent three months ago and never answered
is the most concrete open item on an account page, whatever the sentence classifier makes of it (it
was trained on English). Its requests and questions (the ones a reply would answer,
copilot/tools/reply.py) head the open issues, marked with the day they have waited since; an email,
a call or a meeting of ours after it counts as the answer.
"""

from __future__ import annotations

from typing import Any

from copilot.db.models import Interaction
from copilot.tools.account_items import CitationMap, Labelled, item_entry
from copilot.tools.account_sentences import CUSTOMER
from copilot.tools.reply import answers_message, questions_in


def _newest_unanswered(rows: dict[int, Interaction]) -> Interaction | None:
    emails = [r for r in rows.values() if r.kind == "email" and r.direction == "inbound"]
    if not emails:
        return None
    newest = max(emails, key=lambda r: (r.occurred_at, r.id))
    answered = any(answers_message(r, newest) for r in rows.values())
    return None if answered else newest


def awaiting_reply(
    labelled: list[Labelled], rows: dict[int, Interaction], citations: CitationMap
) -> list[dict[str, Any]]:
    """The unanswered message's first request or question as an open-issue entry (with
    `awaiting_reply_since`), or [] when every customer email has had an answer or asks nothing."""
    message = _newest_unanswered(rows)
    if message is None:
        return []
    asked = [q.strip() for q in questions_in(message.text) if q.strip()]
    # A question asked inside a sentence ("Before we renew, we would like to understand what changes in
    # the new pricing tiers.") is found as its clause: the whole sentence is the one that asks it.
    said = [
        item
        for item in labelled
        if item.sentence.interaction_id == message.id
        and item.sentence.side == CUSTOMER
        and any(q in item.sentence.shown for q in asked)
    ]
    if not said:
        return []
    entry = item_entry(said[0], rows, citations)
    entry["awaiting_reply_since"] = entry["date"]
    return [entry]
