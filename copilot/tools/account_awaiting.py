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
from copilot.tools.call_risks import risk_kind
from copilot.tools.reply import answers_message, questions_in


def _unanswered_newest_first(rows: dict[int, Interaction]) -> list[Interaction]:
    """The customer's emails with no contact from us after them, newest first: an answer to a message
    answers the older ones too, so the list stops at the newest answered one."""
    emails = sorted(
        (r for r in rows.values() if r.kind == "email" and r.direction == "inbound"),
        key=lambda r: (r.occurred_at, r.id),
        reverse=True,
    )
    unanswered = []
    for email in emails:
        if any(answers_message(r, email) for r in rows.values()):
            break
        unanswered.append(email)
    return unanswered


def _asks(message: Interaction) -> list[str]:
    # "Do not call or email our staff" asks for no reply: it binds us (the page's contact policy says so),
    # and the question they sent before it is what still waits for an answer.
    found = [q.strip() for q in questions_in(message.text) if q.strip()]
    return [q for q in found if (risk_kind(q) or ("", ""))[0] != "do_not_contact"]


def awaiting_reply(
    labelled: list[Labelled], rows: dict[int, Interaction], citations: CitationMap
) -> list[dict[str, Any]]:
    """The unanswered message's first request or question as an open-issue entry (with
    `awaiting_reply_since`), or [] when every customer email has had an answer or asks nothing."""
    waiting = ((m, asked) for m in _unanswered_newest_first(rows) if (asked := _asks(m)))
    message, asked = next(waiting, (None, []))
    if message is None:
        return []
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
