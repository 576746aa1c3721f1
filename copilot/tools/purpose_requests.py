"""The customer's open request a purpose letter takes up: "Follow up on the renewal pricing" to a customer
who asked on 10 August for an updated quote, never sent, is that quote.

A rep asked for such a letter got "I am writing to follow up on the renewal pricing." and nothing more:
our own price of August was stale (the customer had asked for a new one since) and nothing else in the
record was a fact to restate (a customer's reading, 2026-12-07). What the customer waits for on the
letter's topic is what the letter must answer. Only requests for things we hold are taken up (a quote,
documents, a contract: `reply_handover`), with our promise to send them by a named day, flagged for the
reviewer as a reply's promise is; a question we cannot answer from the record stays the rep's to answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Contact, Draft, Interaction
from copilot.languages import DEFAULT as DEFAULT_LANGUAGE
from copilot.tools.account_awaiting import unanswered_requests
from copilot.tools.account_price import names_a_price
from copilot.tools.draft_types import ComposedBody
from copilot.tools.fact_freshness import asks_for_a_new_price
from copilot.tools.purpose import topic_stems
from copilot.tools.purpose_promises import own_promise
from copilot.tools.rephrase import Rephrased
from copilot.tools.reply_handover import asks_for_handover, handed_over, send_promise
from copilot.tools.reply_wording import LATE_REPLY_DAYS, come_back_day, commitment_flags

# A request older than this is no longer what the customer waits for in a new letter.
REQUEST_WINDOW_DAYS = 180


@dataclass(frozen=True)
class OpenRequest:
    """The customer's request a letter answers, and our promise in the letter's language."""

    interaction_id: int
    asked_on: date
    request: str
    promise: str
    # True when `request` is our own earlier promise to send it (copilot/tools/purpose_promises.py).
    ours: bool = False


def open_request(session: Session, draft: Draft, language: str, today: date) -> OpenRequest | None:
    """The newest unanswered request for something we hold whose words or thread share a topic word with
    the draft's purpose, with our promise to send it; None when the customer waits for nothing on it."""
    account_id, contact_id = draft.account_id, draft.contact_id
    topic = topic_stems(draft.purpose or "")
    if not topic:
        return None
    rows = {r.id: r for r in session.scalars(select(Interaction).where(Interaction.account_id == account_id))}
    since = datetime.combine(today - timedelta(days=REQUEST_WINDOW_DAYS), time(), UTC)
    for email, asks in unanswered_requests(rows, since):
        requests = [q for q in asks if asks_for_handover(q)]
        about = " ".join([*requests, email.subject or ""])
        if requests and on_topic(topic, topic_stems(about)):
            asked_on = email.occurred_at.date()
            asker = _asker(email, contact_id, session)
            promise = _promise(requests[0], asked_on, today, language, asker)
            if promise:
                return OpenRequest(email.id, asked_on, requests[0], promise)
    own = own_promise(session, draft, language, today)
    if own is not None:
        return OpenRequest(own.interaction_id, own.said_on, own.promise, own.sentence, ours=True)
    return None


# "renewal" names the whole account's year, not what a letter is about: a letter on the renewal pricing took
# up a request for the security certificate because both said "renewal" (the before-stop reading,
# 2026-12-07). A price is asked for in many words.
_BROAD = frozenset({"renew"})
_PRICE = frozenset({"prici", "price", "quote", "offer", "propo", "cost", "costs"})


def on_topic(purpose: set[str], about: set[str]) -> bool:
    """Whether a request's words are on the purpose's topic: a word of it besides "renewal" when it has
    one (any word for a price standing for the others), else "renewal" itself."""
    specific = purpose - _BROAD
    if not specific:
        return bool(purpose & about)
    if specific & _PRICE:
        specific |= _PRICE
    return bool(specific & about)


def _asker(email: Interaction, contact_id: int | None, session: Session) -> str:
    """ "" when the letter's reader asked, else the asker's name (the letter tells who asked)."""
    if email.contact_id is None or email.contact_id == contact_id:
        return ""
    contact = session.get(Contact, email.contact_id)
    return str(contact.name) if contact is not None and contact.name else ""


def _promise(request: str, asked_on: date, today: date, language: str, asker: str) -> str:
    # In English the promise says when and who asked, and says sorry for a long wait; the other letter
    # languages keep the reply's promise only, and only to the one who asked (no wording yet names another).
    things = handed_over(request, language)
    day = come_back_day(today, language)
    promise = send_promise(things, day, language, who_asked=False)
    if language[:2].lower() != "en":
        return "" if asker else promise
    who = asker or "you"
    promise = f"{promise.removesuffix('.')}, as {who} asked on {asked_on.day} {asked_on:%B}."
    waited = (today - asked_on).days >= LATE_REPLY_DAYS
    return f"I am sorry for the wait: {promise}" if waited else promise


def with_request_flag(
    flags: list[dict[str, object]], body: ComposedBody, found: OpenRequest
) -> list[dict[str, object]]:
    """The letter's flags with the generic one on our promise to send replaced by one naming the request
    it answers, so the reviewer sees what the customer asked and when."""
    kept = [f for f in flags if not _on_text(f, body, found.promise)]
    detail = (
        f"the customer asked on {found.asked_on.isoformat()} for this and no later record of ours answers "
        f"it (“{found.request}”), so the letter promises to send it by a named day: check that we can send "
        "exactly this, and the day"
    )
    if found.ours:
        detail = (
            f"we promised this on {found.asked_on.isoformat()} (interaction {found.interaction_id}: "
            f"“{found.request}”), so the letter promises to send it by a named day: check that it is ready "
            "to send, and the day"
        )
    return kept + commitment_flags(body, [found.promise], detail)


def _on_text(flag: dict[str, object], body: ComposedBody, text: str) -> bool:
    span = flag.get("span")
    if flag.get("type") != "commitment" or not isinstance(span, list):
        return False
    return body.text[span[0] : span[1]] == text


def without_the_reworked_price(facts: list[Rephrased], asked: OpenRequest) -> list[Rephrased]:
    """The letter's facts without a price when the customer asked us to rework it: "To recap, renewal
    proposed at $140,000 per year for 70 seats." above our promise of the updated quote read as the new
    quote (a customer's reading, 2026-12-07)."""
    if asked.ours or not asks_for_a_new_price(asked.request):
        return facts
    return [f for f in facts if not names_a_price(f.text)]


def who_asked(session: Session, account_id: int, purpose: str, today: date) -> Contact | None:
    """The contact whose open request a purpose letter would take up, when they may be written to: the
    letter answers them ("Hey Sarah, … as Leah Mendez asked on 9 October" went to the wrong person, a
    customer's reading, 2026-12-07)."""
    probe = Draft(account_id=account_id, contact_id=None, purpose=purpose)
    found = open_request(session, probe, DEFAULT_LANGUAGE, today)
    if found is None or found.ours:
        return None
    email = session.get(Interaction, found.interaction_id)
    contact = session.get(Contact, email.contact_id) if email is not None and email.contact_id else None
    return contact if contact is not None and not contact.opted_out else None
