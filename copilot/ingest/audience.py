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
from connectors.transcripts.speakers import participant_for
from copilot.db.models import Account, Contact, Interaction, User

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
    """Names of our own people as the records show them, cached per ingest batch."""

    def __init__(self, session: Session, our_domains: list[str]) -> None:
        self._session = session
        self._our_domains = our_domains
        self._by_account: dict[int, tuple[set[str], set[str]]] = {}
        self._staff: set[str] | None = None

    def names(self, account_id: int) -> tuple[set[str], set[str]]:
        """(our people's names, the account's contacts' names), lower-cased."""
        found = self._by_account.get(account_id)
        if found is None:
            found = self._by_account[account_id] = (self._ours(account_id), self._theirs(account_id))
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

    def _theirs(self, account_id: int) -> set[str]:
        rows = self._session.scalars(select(Contact.name).where(Contact.account_id == account_id))
        return {_norm(n) for n in rows if n}


def _our_names(participants: Iterable[dict[str, Any]], our_domains: list[str]) -> set[str]:
    return {
        _norm(p.get("name"))
        for p in participants
        if p.get("name") and is_our_domain(email_domain(p.get("email")), our_domains)
    }


def speaker_sides(
    labels: Iterable[str], ours: set[str], theirs: set[str], our_domains: list[str]
) -> dict[str, str]:
    """Each speaker label's side: "us", "customer", or "unknown" when no record tells."""
    sides: dict[str, str] = {}
    for label in dict.fromkeys(labels):
        person = participant_for(label)
        domain = email_domain(person.email)
        if domain:
            side = US if is_our_domain(domain, our_domains) else THEM
        elif _norm(person.name) in theirs:
            side = THEM
        elif _norm(person.name) in ours:
            side = US
        else:
            side = UNKNOWN
        sides[label] = side
    return sides


def record_speaker_sides(
    record: InteractionRecord, people: OurPeople, account_id: int, our_domains: list[str]
) -> dict[str, str] | None:
    """Speaker sides (by the label the transcript text shows) for a record with turns, else None."""
    labels = [u.speaker for u in record.utterances if u.speaker]
    if not labels:
        return None
    ours, theirs = people.names(account_id)
    return speaker_sides(labels, ours, theirs, our_domains)
