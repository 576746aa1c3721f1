"""Who an interaction is for: the customer, or only us. Decided at ingest; a reviewer may change it.

Internal records (CRM notes, meetings logged by our side rather than sent as an invite, tickets no
customer contact raised, mail among our own domains, text marked internal) may steer a
customer-facing draft but are never quoted into one. On calls, the
lines our own people spoke are marked too, so they are never presented as the customer's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors.base import InteractionRecord, Participant
from connectors.resolution import email_domain, is_our_domain
from copilot.db.models import Account, Contact, Interaction, User
from copilot.tools.speaker_roles import RoleBook, Side, call_roles, role_book

CUSTOMER = "customer"
INTERNAL = "internal"
AUDIENCES = (CUSTOMER, INTERNAL)

# Speaker sides of a call's lines.
US = "us"
THEM = "customer"
UNKNOWN = "unknown"

# Explicit markers only: a generic word like "confidential" sits in many customers' mail disclaimers.
_MARKED_INTERNAL = re.compile(
    r"\binternal[ -](?:only|use(?: only)?|note)\b|\bfor internal use\b"
    r"|\bnot for (?:the )?(?:customer|client)s?\b"
    r"|\bdo not (?:share|forward)(?: this)? with (?:the )?(?:customer|client)s?\b|\bnur intern\b"
    r"|\b(?:usage|diffusion) interne\b|\bsolo (?:uso )?interno\b|\buso interno\b",
    re.IGNORECASE,
)
_INTERNAL_SUBJECT = re.compile(r"^\s*(?:[\[(]\s*internal\s*[\])]|internal\s*[:\-\u2013])", re.IGNORECASE)
# Markers sit at the top of a note or in its first paragraph; bounded so hostile text costs little.
_MARKER_SCAN_CHARS = 4000


def marked_internal(subject: str | None, text: str) -> bool:
    """True when the subject or text says the record is internal ("Internal only: …", "[internal] …")."""
    if subject and (_INTERNAL_SUBJECT.match(subject) or _MARKED_INTERNAL.search(subject)):
        return True
    return bool(_MARKED_INTERNAL.search(text[:_MARKER_SCAN_CHARS]))


def classify_audience(
    *, kind: str, direction: str, subject: str | None, text: str, has_contact: bool, invited: bool = False
) -> str:
    """The audience of an interaction from what ingest knows about it.

    `invited`: the record lists attendees outside our domains (a calendar invite sent to the customer).
    """
    if kind == "note" or direction == "internal":
        return INTERNAL
    if kind == "meeting" and not invited:
        # A meeting logged in the CRM is our summary of it ("corrected the definition with the
        # customer"), written for us; only an invite the customer received is theirs to read.
        return INTERNAL
    if kind == "ticket" and not has_contact:
        return INTERNAL
    return INTERNAL if marked_internal(subject, text) else CUSTOMER


def invites_outsiders(participants: Iterable[Participant], our_domains: list[str]) -> bool:
    """True when an attendee is not one of ours (an attendee without an address counts as a guest)."""
    return any(
        p.role == "attendee" and not is_our_domain(email_domain(p.email), our_domains) for p in participants
    )


def _norm(name: str | None) -> str:
    return " ".join((name or "").lower().split())


# How many of the latest mails and invites are read for our people's names (bounded work per lookup).
STAFF_SCAN_ROWS = 2000


def staff_names(session: Session, our_domains: list[str]) -> set[str]:
    """Our people wherever they appear: every user (name and display name) and everyone the latest mail
    and invites show with an address on our domains ("Kim Lee <kim@our-domain>"), lower-cased.

    Our staff are the same on every account, so a solutions engineer cc'd on one account's mail is ours
    on another account's call too.
    """
    names: set[str] = set()
    for name, display in session.execute(select(User.name, User.display_name)):
        names.update(_norm(n) for n in (name, display) if n)
    for participants in recent_mail_participants(session):
        names.update(_our_names(participants, our_domains))
    return names


def recent_mail_participants(session: Session) -> Iterator[list[Any]]:
    """The participant lists of the latest mails and invites, newest first (at most STAFF_SCAN_ROWS)."""
    rows = session.scalars(
        select(Interaction.participants)
        .where(Interaction.kind.in_(("email", "meeting")))
        .order_by(Interaction.occurred_at.desc())
        .limit(STAFF_SCAN_ROWS)
    )
    for participants in rows:
        yield participants or []


class OurPeople:
    """Who is who on an account's calls as the records show it (its contacts and domain, our people),
    cached per ingest batch."""

    def __init__(self, session: Session, our_domains: list[str]) -> None:
        self._session = session
        self._our_domains = our_domains
        self._by_account: dict[int, RoleBook] = {}
        self._staff: set[str] | None = None

    def book(self, account_id: int) -> RoleBook:
        """The account's role book: its contacts (names, e-mails) and domain, our people and domains."""
        found = self._by_account.get(account_id)
        if found is None:
            account = self._session.get(Account, account_id)
            contacts = self._session.execute(
                select(Contact.name, Contact.email).where(Contact.account_id == account_id)
            )
            found = self._by_account[account_id] = role_book(
                contacts=[(name, email) for name, email in contacts],
                account_domain=account.domain if account is not None else None,
                our_people=self._ours(account_id),
                our_domains=self._our_domains,
            )
        return found

    def _ours(self, account_id: int) -> set[str]:
        session = self._session
        # The batch's own earlier mail counts too: ingest holds its new rows back from autoflush.
        session.flush()
        if self._staff is None:
            self._staff = staff_names(session, self._our_domains)
        names = set(self._staff)
        owner = session.scalar(select(Account.owner).where(Account.id == account_id))
        if owner:
            names.add(_norm(owner))
        # Our people's names as mail and invites show them ("Dana Kim <dkim@our-domain>").
        rows = session.scalars(
            select(Interaction.participants)
            .where(Interaction.account_id == account_id, Interaction.kind.in_(("email", "meeting")))
            .order_by(Interaction.occurred_at.desc())
            .limit(500)
        )
        for participants in rows:
            names.update(_our_names(participants or [], self._our_domains))
        return names


def _our_names(participants: Iterable[dict[str, Any]], our_domains: list[str]) -> set[str]:
    return {
        _norm(p.get("name"))
        for p in participants
        if p.get("name") and is_our_domain(email_domain(p.get("email")), our_domains)
    }


_SIDE_NAMES = {Side.OURS: US, Side.CUSTOMER: THEM, Side.UNKNOWN: UNKNOWN}


def speaker_sides(turns: list[tuple[str, str]], book: RoleBook) -> dict[str, str]:
    """Each speaker label's side: "us", "customer", or "unknown" when nothing tells.

    Decided by the call-summary tool's own rule (`speaker_roles.call_roles`: e-mails, contacts, our
    people, role labels, the other party of a two-party call, whom our side introduces as one of ours),
    so what ingest stores and what the summaries read never disagree.
    """
    roles = call_roles(turns, book)
    return {label: _SIDE_NAMES[roles.side(label)] for label in roles.sides}


def record_speaker_sides(
    record: InteractionRecord, people: OurPeople, account_id: int
) -> dict[str, str] | None:
    """Speaker sides (by the label the transcript text shows) for a record with turns, else None."""
    turns = [(u.speaker, u.text) for u in record.utterances if u.speaker]
    if not turns:
        return None
    return speaker_sides(turns, people.book(account_id))
