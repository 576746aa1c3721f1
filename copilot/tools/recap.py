"""Recap mode: a letter that recaps the account's most recent call, what each side agreed to do and by when.

The call digest's action-item rules (copilot/tools/call_items.py) find who owes what by when; each item is
then said in the letter's voice: our signer's own items as "I will …", a colleague's as "Priya will …",
the addressee's as "you will …", another customer person's by first name. The words are the speaker's
own promise from the call, with only the persons turned for the reader and the due date written as a
day of the letter ("by 4 November"), so every line rests on one cited turn of the call. A call held more
than RECENT_CALL_DAYS ago, or an item whose day has passed, is told as agreed ("I agreed to send …"),
never as still to come. A recap is written in the language the call was held in (the customer spoke it
with us, and the items are their own words), flagged for the reviewer when the contact's language on
record is another. Only English is written this way; other letters keep the ordinary path.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Draft, Interaction
from copilot.errors import InvalidInputError
from copilot.guards.injection import detect_injection
from copilot.ingest.audience import INTERNAL
from copilot.languages import NAMES, language_code, message_language
from copilot.tools.call_dates import DueDate, without_closing_date
from copilot.tools.call_items import action_items, action_sentence, rests_on_a_pronoun
from copilot.tools.call_record import CallRecord, load_call
from copilot.tools.call_types import CallItem
from copilot.tools.discourse_openers import without_leading_words
from copilot.tools.draft_types import Audience
from copilot.tools.purpose import asks_for_call_recap
from copilot.tools.rephrase import customer_words_for_reader
from copilot.tools.speaker_roles import Side, is_role_label
from copilot.tools.turn_text import clean_turn

# A letter lists the few items a reader acts on; ours first, since those are what the letter promises.
RECAP_ITEMS = 4
# A call older than this is recapped as what was agreed, not thanked for as if it had just ended.
RECENT_CALL_DAYS = 14
# How many of the latest calls and meetings are looked at for one with a transcript.
_LATEST_LOOKED_AT = 5
_TRANSCRIPT_KINDS = ("call", "meeting")

# The promise's subject and verb as the item states it: "I will", "I'll", "We're going to".
_PROMISE_HEAD = re.compile(
    r"^(?P<who>I|we)(?:'ll| will| shall|'m going to| am going to|'re going to| are going to)\s+(?=\w)",
    re.IGNORECASE,
)
# The speaker's own words after the subject, for someone named in the third person.
_THIRD_PERSON = {
    "i'll": "they'll",
    "i'm": "they're",
    "i": "they",
    "my": "their",
    "me": "them",
    "myself": "themselves",
    "mine": "theirs",
}
_SPEAKER_WORDS = re.compile(r"\b(?:I'll|I'm|I|my|me|myself|mine)\b")
_YOU, _YOUR = re.compile(r"\byou\b", re.IGNORECASE), re.compile(r"\byour\b", re.IGNORECASE)
_SINGLE_DAY = re.compile(
    r"^(?:today|tonight|tomorrow|(?:next |this )?(?:monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday))$",
    re.IGNORECASE,
)
_DATE_PREPOSITIONS = frozenset({"by", "before", "until", "on"})
# Our promise to write up the call ("I'll send a short summary by email") is kept by the recap itself:
# listed in it, it read "I agreed to send a short summary by email." inside that summary.
_WRITE_UP = re.compile(
    r"\b(?:send|e-?mail|write|share)\b.*\b(?:summary|recap|notes|minutes|write-?up|follow-?up e-?mail)\b",
    re.IGNORECASE,
)
# "the recording of this call" was said on the call; in the letter it is "the call".
_THIS_CALL = re.compile(r"\bthis (call|meeting|session)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RecapLine:
    """One agreed item as the letter says it, and the call turn it rests on."""

    text: str
    utterance: int
    ours: bool
    # The day it was due, when one was said.
    due: date | None = None


def latest_call(session: Session, account_id: int, our_domains: list[str]) -> CallRecord | None:
    """The account's most recent call (or meeting) with the customer that has a transcript, or None."""
    rows = session.scalars(
        select(Interaction)
        .where(
            Interaction.account_id == account_id,
            Interaction.kind.in_(_TRANSCRIPT_KINDS),
            Interaction.audience != INTERNAL,
        )
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(_LATEST_LOOKED_AT)
    ).all()
    for row in rows:
        try:
            call = load_call(session, row.id, our_domains)
        except InvalidInputError:
            continue  # an invite or a meeting without a transcript: nothing was said to recap
        if any(u.customer for u in call.utterances):
            return call
        # No one of the customer's side spoke: our own team's call, whose words are not the customer's.
    return None


def recap_language(session: Session, draft: Draft, our_domains: list[str]) -> str | None:
    """The language of the call a recap retells, as its customer side spoke it; None for any other
    letter, or when the call is too short to tell."""
    if not asks_for_call_recap(draft.purpose or ""):
        return None
    call = latest_call(session, draft.account_id, our_domains)
    if call is None:
        return None
    return message_language(" ".join(u.text for u in call.utterances if u.customer))


def language_flags(audience: Audience) -> list[dict[str, object]]:
    """A whole-letter `language` flag when the recap is written in the call's language, not the one the
    contact's record prefers: the reviewer decides which the customer should read."""
    written, preferred = language_code(audience.language), language_code(audience.preferred_language)
    if not audience.preferred_language or written == preferred:
        return []
    detail = (
        f"written in {NAMES.get(written, written)}, the language the call was held in; "
        f"{audience.contact_name}'s language on record is {NAMES.get(preferred, preferred)}"
    )
    return [{"type": "language", "span": None, "detail": detail}]


# A recap sent this long after its call reads as a reminder of old business (a customer's reading,
# 2026-12-07: "Here is a short recap of what we agreed on our call on 16 April" in December).
OLD_CALL_DAYS = 60


def old_call_flags(held_on: date, today: date) -> list[dict[str, object]]:
    """A whole-letter `old_call` flag when the call recapped was held long ago: the reviewer checks it is
    the call meant, since the latest meetings may have had no transcript to recap."""
    days = (today - held_on).days
    if days <= OLD_CALL_DAYS:
        return []
    detail = (
        f"the latest call with a transcript was held on {letter_day(held_on, today)}, {days} days ago: "
        "check it is the call you mean before sending a recap of it"
    )
    return [{"type": "old_call", "span": None, "detail": detail}]


def letter_day(day: date, today: date) -> str:
    """A day as an English letter writes it ("4 November"), with its year when that is not this year's."""
    words = f"{day.day} {calendar.month_name[day.month]}"
    return words if day.year == today.year else f"{words} {day.year}"


def is_recent(call: CallRecord, today: date) -> bool:
    """Whether the call was held recently enough to thank the customer for it as just held."""
    return (today - call.occurred_at.date()).days <= RECENT_CALL_DAYS


def recap_opening(call: CallRecord, today: date, addressee: str = "") -> str:
    """The letter's opening before the agreed items; the addressee is thanked for their time only when
    they spoke on the call (a colleague of theirs who was not there reads what was agreed)."""
    day = letter_day(call.occurred_at.date(), today)
    spoke = any(u.customer and _same_person(u.speaker, addressee) for u in call.utterances)
    if is_recent(call, today) and spoke:
        return f"Thank you for your time on the call on {day}. Here is what we agreed:"
    return f"Here is a short recap of what we agreed on our call on {day}:"


def recap_subject(call: CallRecord, today: date) -> str:
    """The recap letter's subject line."""
    return f"Recap of our call on {letter_day(call.occurred_at.date(), today)}"


def recap_lines(
    call: CallRecord, audience: Audience, today: date, limit: int = RECAP_ITEMS
) -> list[RecapLine]:
    """The call's agreed items in the letter's voice, ours first, at most `limit`."""
    agreed_only = not is_recent(call, today)
    found: list[RecapLine] = []
    for item in action_items(call.utterances, call.occurred_at.date()):
        if not _restatable(item, call) or _writes_up_the_call(item, call):
            continue
        past = agreed_only or (item.due is not None and item.due.on < today)
        line = letter_line(item, call, audience, today, agreed=past)
        if line is not None and line.text not in {f.text for f in found}:
            found.append(line)
    return sorted(found, key=lambda line: not line.ours)[:limit]


def _writes_up_the_call(item: CallItem, call: CallRecord) -> bool:
    """Whether the item is our side's promise to send a write-up of the call, which the recap is."""
    said = str(item.extra.get("resolved") or action_sentence(clean_turn(item.text)))
    return call.roles.side(item.owner or "") is Side.OURS and _WRITE_UP.search(said) is not None


def _restatable(item: CallItem, call: CallRecord) -> bool:
    """Whether an item may be restated to the customer: not resting on a turn that tries to instruct the
    model (its own, or the one before it, where its "it" may have been resolved from), and saying what."""
    resolved = str(item.extra.get("resolved") or "")
    said = {u.n: u.text for u in call.utterances}
    before = [said.get(n - 1, "") for n in item.utterances]
    if any(detect_injection(text) for text in (item.text, resolved, *before) if text):
        return False
    # A line whose object is a bare pronoun its item did not resolve ("I will share them") says nothing a
    # reader can check (call_items' own test, which leaves such items out of the call summary too).
    return bool(resolved) or not rests_on_a_pronoun(action_sentence(clean_turn(item.text)))


def letter_line(
    item: CallItem, call: CallRecord, audience: Audience, today: date, *, agreed: bool
) -> RecapLine | None:
    """One promise of the call in the letter's voice, or None for what is no promise of its speaker's (an
    ask, a shared "let's"), whose owner the sentence does not name as its subject."""
    stated = str(item.extra.get("resolved") or action_sentence(clean_turn(item.text)))
    head = _PROMISE_HEAD.match(without_leading_words(stated))
    owner = item.owner or ""
    # A speaker of neither known side has no voice in the letter: "Sam will run a training for us" turned
    # our colleague's "for you" into the customer's (a customer's reading, 2026-12-07).
    if head is None or owner not in call.roles.sides or call.roles.side(owner) is Side.UNKNOWN:
        return None
    rest = _THIS_CALL.sub(r"the \1", without_leading_words(stated)[head.end() :].strip())
    if item.due is not None:
        rest = _dated(rest, item.due, call.occurred_at.date(), today)
    ours = call.roles.side(owner) is Side.OURS
    subject, rest = _in_letter_voice(head["who"].lower(), rest, owner, item, call, audience)
    verb = "agreed to" if agreed else "will"
    text = f"{subject} {verb} {rest.rstrip(' .!,;')}."
    due = item.due.on if item.due is not None else None
    return RecapLine(text[:1].upper() + text[1:], item.utterances[0], ours, due)


def _same_person(speaker: str, name: str) -> bool:
    said, known = speaker.casefold().split(), name.casefold().split()
    return bool(said and known) and (said == known or said == known[:1] or known == said[:1])


def _first_name(speaker: str) -> str:
    return speaker.split()[0]


def _in_letter_voice(
    who: str, rest: str, owner: str, item: CallItem, call: CallRecord, audience: Audience
) -> tuple[str, str]:
    """The promise's subject and the words after its verb, turned for the reader of the letter."""
    generic = is_role_label(owner) or call.roles.placed_by_role(owner)
    if call.roles.side(owner) is Side.OURS:
        # Our side spoke to the customer: its "we/our" is ours in the letter too, and "you" is the customer.
        rest = _listener_named(rest, item, call, audience)
        if _same_person(owner, audience.sender) or (generic and who == "we"):
            return who if who == "we" else "I", rest
        if generic:
            return "we", rest
        return (_first_name(owner) if who == "i" else "we"), _speaker_named(rest)
    # The customer spoke to us: their "I/we/our" is the reader's "you/your", their "you" is us.
    if generic or _same_person(owner, audience.contact_name):
        return "you", customer_words_for_reader(rest)
    subject = _first_name(owner) if who == "i" else "your team"
    return subject, customer_words_for_reader(_speaker_named(rest))


def _speaker_named(rest: str) -> str:
    # Someone named in the third person: their own "my" and "me" after the subject are "their" and "them".
    return _SPEAKER_WORDS.sub(lambda m: _THIRD_PERSON[m[0].lower()], rest)


def _listener_named(rest: str, item: CallItem, call: CallRecord, audience: Audience) -> str:
    # Our promise was made to another customer person than the addressee: "you" is named ("show Daniel").
    listener = str(item.extra.get("owed_to") or "")
    if not listener or call.roles.side(listener) is not Side.CUSTOMER or is_role_label(listener):
        return rest
    if _same_person(listener, audience.contact_name) or call.roles.placed_by_role(listener):
        return rest
    first = _first_name(listener)
    return _YOU.sub(first, _YOUR.sub(f"{first}'s", rest))


def _dated(rest: str, due: DueDate, call_day: date, today: date) -> str:
    """The words with their due date as a day of the letter: "by Friday" said on the call is "by 9 October"
    when read weeks later; a date written as one ("by November 4, 2026") is written the letter's way."""
    day = letter_day(due.on, today)
    stripped = without_closing_date(rest, due.on, call_day)
    if stripped != rest:
        return f"{stripped.rstrip(' .!')} by {day}"
    if any(ch.isdigit() for ch in due.text):
        return rest  # a calendar date that says more than the day (a time): kept as said
    at = rest.lower().find(due.text.lower())
    if at < 0:
        return rest
    before = rest[:at].rstrip()
    preposition = before.rsplit(" ", 1)[-1].lower() if before else ""
    if preposition in _DATE_PREPOSITIONS:
        when = day
    else:
        when = f"on {day}" if _SINGLE_DAY.match(due.text) else f"by {day}"
    return f"{rest[:at]}{when}{rest[at + len(due.text) :]}"


def past_due_flags(body_text: str, lines: list[RecapLine], today: date) -> list[dict[str, object]]:
    """A `past_date` flag on each agreed item whose day has passed: the reviewer checks it was done (or
    says it is late) before the recap reads as if it were still on its way."""
    flags: list[dict[str, object]] = []
    for line in lines:
        start = body_text.find(line.text)
        if line.due is not None and line.due < today and start >= 0:
            detail = (
                f"was due on {letter_day(line.due, today)}, which has passed: check it was done (or say it "
                "is late) before sending"
            )
            flags.append({"type": "past_date", "span": [start, start + len(line.text)], "detail": detail})
    return flags
