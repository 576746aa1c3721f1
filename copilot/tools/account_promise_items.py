"""The commitments of an account summary: who owes each one, by when, and which are still worth chasing.

A commitment is trackable when it says who owes what (a promise clause) with a deliverable or a date;
its due date is read from its words against the day it was made ("by tomorrow" said on June 26 is
June 27), and the same deliverable promised twice is listed once, as the latest word on it.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import Any

from copilot.db.models import Interaction
from copilot.tools.account_commitments import (
    deliverable_key,
    is_english_sentence,
    promise_line,
    states_promise,
)
from copilot.tools.account_items import (
    MAX_SHOWN_CHARS,
    SPOKEN_TO_CUSTOMER,
    CitationMap,
    Labelled,
    SectionInputs,
    item_entry,
)
from copilot.tools.account_sentences import CUSTOMER, OURS, Sentence
from copilot.tools.call_dates import MONTHS, due_date, without_closing_date
from copilot.tools.promises import is_vague, pronoun_object
from copilot.tools.risk_words import ENGLISH, sentence_language
from copilot.tools.sentence_classes import SentenceClass

# A promised release ("SAML single sign-on will be available … by June 2026", "ships to your workspace in
# May", "Roadmap commitment: a sandbox workspace … by April 2026").
RELEASE = re.compile(
    r"\b(?:ships?|shipped|will be (?:available|released|live)|is (?:released|live)|goes out|next release|"
    r"rolls? out|launch(?:es)?|roadmap)\b",
    re.IGNORECASE,
)
MAX_ITEMS = 5
# A dated commitment without promise words is listed only when the classifier is this sure of it:
# measured on rounds 14-15 with the model before the sixteenth round, p >= 0.9 kept 0.75-0.83 of such
# sentences right, p >= 0.8 only 0.50-0.75.
SURE_COMMITMENT = 0.9
# "the renewal date in your contract is June 24, 2027": a date stated as a fact, not a delivery.
_IS_A_DATE = re.compile(
    r"\b(?:is|are|was|were)\s+(?:on\s+)?(?:the\s+)?(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)",
    re.IGNORECASE,
)
_ASK = re.compile(
    r"\b(?:let (?:me|us|them|him|her) know|please|(?:can|could|would) you|if (?:\w+ ){0,4}works?)\b",
    re.IGNORECASE,
)
# A promise with no date, made this long before the latest record, is history: kept or forgotten, the
# records cannot tell, and a manager cannot chase it. A dated one stays until it is due and past.
STALE_UNDATED_DAYS = 60
_THEY = re.compile(r"^(?:they|their|the customer)\b", re.IGNORECASE)
# "Our contact says they will send the numbers": a promise someone reported the customer made is the
# customer's, whoever wrote the note; never ours because our note said it.
_REPORTED_THEIRS = re.compile(
    r"^(?:our (?:contact|champion|sponsor)|the customer|the client|their [a-z]+(?: [a-z]+)?)\s+"
    r"(?:says?|said|mentioned|told us|confirmed|promised|agreed)\b(?: that)?\s+(?:they|he|she)\b",
    re.IGNORECASE,
)
_YOU = re.compile(r"\byou(?:r|rs)?\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"\b(?:by|in|before|until) ([A-Z][a-z]{2,8}) (\d{4})\b")


def commitment_owner(sentence: Sentence, contacts: set[str], owner: str, owner_name: str = "") -> str:
    """Who owes a commitment: the named subject when it is a contact or "they", else whoever said it.

    "They" in our own words to the customer that promise "you" something ("I have asked our support
    team... They will come back to you by tomorrow") are our people; in our internal notes, the customer.
    """
    first = sentence.shown.split(" ", 1)[0].lower().strip(",")
    if _THEY.match(sentence.shown) and _serves_the_reader(sentence):
        return OURS
    if _REPORTED_THEIRS.match(sentence.shown):
        return CUSTOMER
    if _THEY.match(sentence.shown) or first in {c.split()[0] for c in contacts if c}:
        return CUSTOMER
    if first in {n.split()[0].lower() for n in (owner, owner_name) if n.strip()}:
        return OURS
    return CUSTOMER if sentence.side == CUSTOMER else OURS


def _serves_the_reader(sentence: Sentence) -> bool:
    return sentence.side == OURS and sentence.kind in SPOKEN_TO_CUSTOMER and bool(_YOU.search(sentence.shown))


def month_due(text: str) -> date | None:
    """ "ships in February 2027" / "by December 2026": the last day of that month (a day-less promise)."""
    found = _MONTH_YEAR.search(text)
    month = MONTHS.get(found[1].lower()) if found else None
    if not found or not month:
        return None
    year = int(found[2])
    return date(year, month, calendar.monthrange(year, month)[1])


def promised_by(sentence: Sentence) -> date | None:
    """The date a commitment is due by, read from its words against the day it was made."""
    return due_from(sentence.shown, sentence.occurred_at.date())


def due_from(text: str, said_on: date) -> date | None:
    """`promised_by` on a sentence's text and the day it was said."""
    found = due_date(text, said_on)
    return found.on if found else month_due(text)


def trackable(item: Labelled) -> bool:
    """A commitment that says who owes what (an English one needs a promise clause, "I'll send...", or a
    date and the classifier's near-certainty) with a deliverable or a date; "we'll look into it" and "let
    me know if Tuesday works" owe nothing checkable."""
    return trackable_sentence(item.sentence.shown, item.label, dated=promised_by(item.sentence) is not None)


def trackable_sentence(shown: str, label: SentenceClass, *, dated: bool) -> bool:
    """`trackable` on a sentence's text, its class and whether it names its due date."""
    if pronoun_object(shown):
        return False  # "I'll show you where it is": what is owed is in another sentence
    english = is_english_sentence(shown) or sentence_language(shown) == ENGLISH
    if english and not states_promise(shown):
        return dated and _surely_promised(shown, label)
    return not is_vague(shown, dated=dated)


def _surely_promised(shown: str, label: SentenceClass) -> bool:
    # "a Salesforce connector ... ships to your workspace in October 2026", "Chart annotations will be
    # available by July 2026": a dated promise told without "we will". Only when the classifier is sure
    # (scripts/classifier_reading_check.py), and never an ask or a question ("Let me know if Tuesday
    # works for a short call"), which the classifier also reads as a commitment.
    asks = _ASK.search(shown) or shown.rstrip().endswith("?")
    sure = label.label == "commitment" and label.score >= SURE_COMMITMENT
    return sure and not asks and not _IS_A_DATE.search(shown)


def dated_line(line: str, sentence: Sentence) -> str:
    """A relative due date read as the day it meant: "by tomorrow" said on June 26 reads "by tomorrow
    (2026-06-27)", so a line read months later still says when it was due."""
    found = due_date(sentence.shown, sentence.occurred_at.date())
    if found is None or any(ch.isdigit() for ch in found.text) or found.text not in line:
        return line
    return line.replace(found.text, f"{found.text} ({found.on.isoformat()})", 1)


def commitment_entry(
    item: Labelled, inputs: SectionInputs, citations: CitationMap, *, ours: bool
) -> dict[str, Any]:
    # The line says who owes what to whom; the record's own sentence stays beside it as `quote`.
    entry = item_entry(item, inputs.rows, citations)
    line = promise_line(
        item.sentence, ours=ours, account_owner=inputs.owner_name, account_name=inputs.account_name
    )
    entry.update(line, quote=entry["text"])
    # The due date is shown beside the line, so the words that only repeat it go ("... by September 28,
    # 2026"); a relative date that says more stays, read as the day it meant.
    said_on = item.sentence.occurred_at.date()
    found = due_date(item.sentence.shown, said_on)
    if found is not None:
        entry["text"] = without_closing_date(entry["text"], found.on, said_on)
    entry["text"] = dated_line(entry["text"], item.sentence)
    if len(entry["text"]) > MAX_SHOWN_CHARS:
        entry["text"] = entry["text"][: MAX_SHOWN_CHARS - 1].rstrip() + "…"
    today = inputs.today
    due = promised_by(item.sentence)
    entry["due_date"] = due.isoformat() if due else None
    entry["overdue"] = bool(due and due < today)
    return entry


def owed_promises(
    promised: list[Labelled], inputs: SectionInputs, latest: datetime, *, ours: bool
) -> list[Labelled]:
    # One line per promise: the same deliverable promised again (on a later call, "no firm date yet") is
    # the latest word on it; an undated promise older than STALE_UNDATED_DAYS is left out.
    stale_before = latest - timedelta(days=STALE_UNDATED_DAYS)
    kept: dict[tuple[str, str], Labelled] = {}
    for item in sorted(promised, key=lambda p: p.sentence.occurred_at, reverse=True):
        if promised_by(item.sentence) is None and item.sentence.occurred_at < stale_before:
            continue
        line = promise_line(
            item.sentence, ours=ours, account_owner=inputs.owner_name, account_name=inputs.account_name
        )
        if ours and _sent_since(deliverable_key(line["text"]), item.sentence, inputs):
            continue
        kept.setdefault((line["owner"], deliverable_key(line["text"])), item)
    # Overdue first, then dated ones soonest first, undated last; only the shown ones are cited.
    return sorted(kept.values(), key=lambda p: _urgency(promised_by(p.sentence), inputs.today))[:MAX_ITEMS]


# The words of a deliverable that a later mail of ours carrying it would name: not the verb that owes it
# ("circulate", "send"), nor when ("next", "last week").
_NOT_THE_THING_WORDS = """
send share circulate check provide give forward get arrange set up prepare put together
next last week session call our your their the a an for from of to with and
"""
_NOT_THE_THING = frozenset(_NOT_THE_THING_WORDS.split())
STEM = 5


def _sent_since(key: str, sentence: Sentence, inputs: SectionInputs) -> bool:
    """Whether a later email or meeting invite of ours names what was promised ("circulate an agenda for
    the next session" kept by an invite that carries "Agenda: 1. …"; a manager's reading, 2026-12-07,
    found two such promises shown as overdue): its words, or both of its first two."""
    wanted = [w[:STEM] for w in key.split() if w not in _NOT_THE_THING][:2]
    if not wanted:
        return False
    for row in our_later_records(inputs.rows, sentence):
        said = {w.lower()[:STEM] for w in re.findall(r"[A-Za-z0-9]+", row.text or "")}
        if all(w in said for w in wanted):
            return True
    return False


def our_later_records(rows: dict[int, Interaction], sentence: Sentence) -> list[Interaction]:
    """Our emails and meeting invites after a sentence's record: where a promise or an answer is kept."""
    return [
        row
        for row in rows.values()
        if (row.direction == "outbound" or row.kind == "meeting")
        and row.occurred_at > sentence.occurred_at
        and row.id != sentence.interaction_id
    ]


def _urgency(due: date | None, today: date) -> tuple[int, str]:
    return (0 if due and due < today else 1 if due else 2, due.isoformat() if due else "")
