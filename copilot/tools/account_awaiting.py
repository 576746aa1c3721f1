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

import re
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
# Of a request's own words, the share our reply in its thread must speak of ("updated quote" of six): one
# or two words such as "renewal" and "includes" are shared by replies that answer something else.
TOUCHED_SHARE = 1 / 3
# A page 29 days before a renewal hid a third unanswered request, an invoice dispute (a manager's reading,
# 2026-12-07): three of the five open-issue lines may be messages waiting on us.
MAX_WAITING = 3
STEM_CHARS = 6


def unanswered_requests(rows: dict[int, Interaction], since: datetime) -> list[tuple[Interaction, list[str]]]:
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
        in_thread = [r for r in later if _replies_in_thread(r, email)]
        moved_on = [r for r in emails if r.occurred_at > email.occurred_at and _replies_in_thread(r, email)]
        open_asks = [
            q
            for q in _asks(email)
            if not _taken_up(q, later) and not _touched(q, in_thread) and _still_asked(q, moved_on)
        ]
        if open_asks:
            found.append((email, open_asks))
    return found


def _still_asked(asked: str, their_later: list[Interaction]) -> bool:
    # Their own later message in the thread that thanks us for our reply and does not ask it again
    # ("Thanks for your reply. …") moved on from it: a manager read "waiting on our reply since 2026-07-30"
    # above the customer's "Thanks for your reply" (2026-12-07). Asked again, it is the later message's to
    # list. A later message that only asks something else ("Procurement needs a few documents …") leaves
    # the quote they asked for still owed (a manager's reading the same day).
    if not their_later or _touched(asked, their_later):
        return True
    return not any(_THANKS_FOR_THE_REPLY.match((r.text or "").strip()) for r in their_later)


# Their message opens by thanking us (after its greeting line): "Thanks for your reply.", "Thanks. We still
# need …", "Merci pour votre retour".
_THANKS_FOR_THE_REPLY = re.compile(
    r"^(?:(?:hi|hello|hey|dear|hallo|bonjour|hola|guten tag)\b[^\n]*\n\s*)?"
    r"(?:thanks?|thank you|many thanks|merci|danke|vielen dank|gracias|grazie|bedankt)\b",
    re.IGNORECASE,
)


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


def _touched(asked: str, replies: list[Interaction]) -> bool:
    # Our reply in the request's thread answers it when it speaks of it at all: "Could you send an updated
    # quote?" answered by "Would a thirty-minute call work to review your usage?" still waits for the quote
    # (a manager's reading, 2026-12-07), while "the updated quote for 150 seats" takes it up.
    wanted = _stems(asked)
    return any(len(wanted & _stems(r.text)) >= TOUCHED_SHARE * len(wanted) for r in replies)


def _stems(text: str) -> set[str]:
    # Word beginnings, so "aktualisiertes Angebot" and "das aktualisierte Angebot" speak of one thing; when
    # and how soon ("by the end of the week") is no part of what was asked.
    return {w[:STEM_CHARS] for w in content_words(text) if w.lower() not in _WHEN_WORDS}


# "Could you let me know by the end of the week?" asks nothing of its own: it points at the mail's matter,
# which our earlier reply may have answered (a manager's reading, 2026-12-07, found it as the page's open
# request of an answered thread).
_WHEN_WORDS = frozenset(
    [
        "end",
        "week",
        "weeks",
        "day",
        "days",
        "today",
        "tomorrow",
        "soon",
        "asap",
        "possible",
        "month",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
    ]
)


def _asks(message: Interaction) -> list[str]:
    # "Do not call or email our staff" asks for no reply: it binds us (the page's contact policy says so),
    # and the question they sent before it is what still waits for an answer.
    found = [q.strip() for q in questions_in(message.text) if q.strip()]
    return [
        _with_its_matter(q, message.text) for q in found if (risk_kind(q) or ("", ""))[0] != "do_not_contact"
    ]


# "Who on your side can help with that?": what "that" is, the sentence before says ("Procurement needs a few
# documents for the renewal, including your latest security certificate and the standard contract.").
_POINTS_BACK = re.compile(r"\b(?:that|this|it|these|those|them)\W*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
POINTER_STEMS = 2


def _with_its_matter(asked: str, text: str) -> str:
    """The request, after the sentence it points back to when it names nothing of its own."""
    if not _POINTS_BACK.search(asked) or len(_stems(asked)) > POINTER_STEMS:
        return asked
    said = [s.strip() for line in text.splitlines() for s in _SENTENCE_END.split(line) if s.strip()]
    at = next((i for i, s in enumerate(said) if asked in s), 0)
    return f"{said[at - 1]} {asked}" if at > 0 else asked


def awaiting_reply(
    labelled: list[Labelled], rows: dict[int, Interaction], citations: CitationMap, since: datetime
) -> list[dict[str, Any]]:
    """The first open request or question of each of the newest MAX_WAITING recent customer emails we have
    not answered, as open-issue entries (with `awaiting_reply_since`); [] when none waits."""
    entries = []
    for message, asked in unanswered_requests(rows, since)[:MAX_WAITING]:
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
        and any(_asked_in(q, item.sentence.shown) for q in asked)
    ]
    if not said:
        return None
    entry = item_entry(said[0], rows, citations)
    shown = said[0].sentence.shown.strip()
    pointing = next((q for q in asked if q != shown and q.endswith(shown)), None)
    if pointing is not None:
        entry["text"] = pointing  # the request told after the sentence it points back to
    entry["awaiting_reply_since"] = entry["date"]
    # Our reply in its thread that left it open: "still awaits our reply" read as false beside it (a
    # manager's reading, 2026-12-07), so the page says which reply did not take it up.
    replies = sorted(
        r.occurred_at for r in rows.values() if answers_message(r, message) and _replies_in_thread(r, message)
    )
    if replies:
        entry["left_open_by_reply_of"] = replies[0].date().isoformat()
    return entry


def _asked_in(asked: str, shown: str) -> bool:
    # The request as the page keeps it: inside the sentence, or the sentence after the one it points to.
    return asked in shown or asked.endswith(shown.strip())
