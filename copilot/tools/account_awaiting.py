"""The customer's requests we have not answered: their recent emails whose requests and questions no later
mail, call or meeting of ours takes up.

"Unsere Finanzabteilung … bittet um ein aktualisiertes Angebot" sent three months ago and never answered
is the most concrete open item on an account page, whatever the sentence classifier makes of it (it
was trained on English). Its requests and questions (the ones a reply would answer,
copilot/tools/reply.py) head the open issues, marked with the day they have waited since. A later contact
of ours answers a request when it is our reply in the request's thread, or speaks of most of the request's
own words (`_taken_up`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from copilot.db.models import Interaction
from copilot.guards.phrases import content_words
from copilot.tools.account_items import CitationMap, Labelled, item_entry
from copilot.tools.account_sentences import CUSTOMER
from copilot.tools.call_risks import risk_kind
from copilot.tools.reply import answers_message, questions_in

# Of a request's own words, the share our later mail or call must speak of to have answered it.
ANSWERED_SHARE = 0.5
MAX_WAITING = 2
STEM_CHARS = 6


def _unanswered(rows: dict[int, Interaction], since: datetime) -> list[tuple[Interaction, list[str]]]:
    """The customer's recent emails, newest first, each with its requests and questions that no later
    record of ours takes up (see `_taken_up`)."""
    emails = sorted(
        (
            r
            for r in rows.values()
            if r.kind == "email" and r.direction == "inbound" and r.occurred_at >= since
        ),
        key=lambda r: (r.occurred_at, r.id),
        reverse=True,
    )
    found = []
    for email in emails:
        later = [r for r in rows.values() if answers_message(r, email)]
        if any(_replies_in_thread(r, email) for r in later):
            continue  # our reply in its thread answers it, as fully as the reply does
        open_asks = [q for q in _asks(email) if not _taken_up(q, later)]
        if open_asks:
            found.append((email, open_asks))
    return found


def _replies_in_thread(record: Interaction, message: Interaction) -> bool:
    return record.kind == "email" and bool(message.thread_id) and record.thread_id == message.thread_id


def _taken_up(asked: str, later: list[Interaction]) -> bool:
    # Outside its thread, our later mail or call answers a request when it speaks of most of what was
    # asked: a call about onboarding leaves "the questionnaire with about 110 questions" open (a manager's
    # reading, 2026-12-07, found five such requests missing from the page). A request with no words of
    # its own ("Can you call me?") is answered by any later contact.
    wanted = _stems(asked)
    if not wanted:
        return bool(later)
    return any(len(wanted & _stems(r.text)) >= ANSWERED_SHARE * len(wanted) for r in later)


def _stems(text: str) -> set[str]:
    # Word beginnings, so "aktualisiertes Angebot" and "das aktualisierte Angebot" speak of one thing.
    return {w[:STEM_CHARS] for w in content_words(text)}


def _asks(message: Interaction) -> list[str]:
    # "Do not call or email our staff" asks for no reply: it binds us (the page's contact policy says so),
    # and the question they sent before it is what still waits for an answer.
    found = [q.strip() for q in questions_in(message.text) if q.strip()]
    return [q for q in found if (risk_kind(q) or ("", ""))[0] != "do_not_contact"]


def awaiting_reply(
    labelled: list[Labelled], rows: dict[int, Interaction], citations: CitationMap, since: datetime
) -> list[dict[str, Any]]:
    """The first open request or question of each of the newest MAX_WAITING recent customer emails we have
    not answered, as open-issue entries (with `awaiting_reply_since`); [] when none waits."""
    entries = []
    for message, asked in _unanswered(rows, since)[:MAX_WAITING]:
        entry = _entry(message, asked, labelled, rows, citations)
        if entry is not None:
            entries.append(entry)
    return entries


def _entry(
    message: Interaction,
    asked: list[str],
    labelled: list[Labelled],
    rows: dict[int, Interaction],
    citations: CitationMap,
) -> dict[str, Any] | None:
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
        return None
    entry = item_entry(said[0], rows, citations)
    entry["awaiting_reply_since"] = entry["date"]
    return entry
