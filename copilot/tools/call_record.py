"""A stored call as the call-summary tool reads it: numbered utterances and each speaker's side."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from copilot.db.models import Account, Interaction, User
from copilot.errors import InvalidInputError, NotFoundError
from copilot.ingest.audience import recent_mail_participants, staff_names
from copilot.tools.call_types import Utterance
from copilot.tools.small_talk import without_chat_reactions
from copilot.tools.speaker_roles import (
    RoleBook,
    Side,
    SpeakerRoles,
    call_roles,
    role_book,
)

UNNAMED_SPEAKER = "Speaker"
MAX_SPEAKER_LABELS = 60


@dataclass(frozen=True)
class CallRecord:
    """The ingested call: its interaction, numbered utterances, and who is on which side."""

    interaction_id: int
    account_id: int
    subject: str
    occurred_at: datetime
    utterances: list[Utterance]
    roles: SpeakerRoles


def account_role_book(
    session: Session, account: Account, our_domains: list[str], owner_display: str | None = None
) -> RoleBook:
    """The account's contacts and domain, and our people: the owner, every user (by name and display
    name) and whoever our mail and invites show on our domains - the same people ingest marks as ours.

    `owner_display` is the owner's name when the caller already looked it up (`owner_name`; "" when
    none is known), so the mail is not scanned for it twice; None looks it up here.
    """
    if owner_display is None:
        owner_display = owner_name(session, account, our_domains)
    people: list[str | None] = [account.owner, owner_display or None]
    people += sorted(staff_names(session, our_domains))
    return role_book(
        contacts=[(c.name, c.email) for c in account.contacts],
        account_domain=account.domain,
        our_people=people,
        our_domains=our_domains,
    )


def owner_name(session: Session, account: Account, our_domains: list[str]) -> str | None:
    """The account owner as a person is named: the display name of the user the CRM owner field points at,
    else whoever our mail shows with that user's (or the field's) address or mailbox name ("bob" -> "Sam
    Ortiz <sam@our-domain>"); None when neither is known, so callers say "our team", never a login."""
    owner = (account.owner or "").strip()
    if not owner:
        return None
    # The CRM owner field holds a user name, an email or a CRM owner id (copilot.auth.visibility.owned_by).
    named = or_(User.name == owner, func.lower(User.email) == owner.lower(), User.crm_owner_id == owner)
    user = session.scalar(select(User).where(named).limit(1))
    if user is not None and user.display_name:
        return user.display_name
    keys = {owner.lower(), (user.email or "").lower() if user else ""} - {""}
    return _mailbox_name(session, keys, {d.lower() for d in our_domains})


def _mailbox_name(session: Session, keys: set[str], our_domains: set[str]) -> str | None:
    for participants in recent_mail_participants(session):
        for person in participants:
            email = str(person.get("email") or "").lower()
            mailbox, _, domain = email.partition("@")
            if person.get("name") and domain in our_domains and keys & {email, mailbox}:
                return str(person["name"])
    return None


def _turns(row: Interaction) -> list[tuple[str, str]]:
    turns = (row.extra or {}).get("utterances") or []
    found = [
        (str(t.get("speaker") or UNNAMED_SPEAKER).strip(), str(t.get("text") or "").strip()) for t in turns
    ]
    return split_embedded_turns([(speaker or UNNAMED_SPEAKER, text) for speaker, text in found if text])


def split_embedded_turns(turns: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each turn cut where another speaker's label stands inside it after a sentence ("…by Friday? Chen:
    Yes, I'll have both to you by Friday."), the part after it that speaker's: notes typed into one line
    gave our promise to the customer who had asked for it (a manager's reading, 2026-12-07)."""
    labels = _speaker_labels([speaker for speaker, _ in turns])
    # A call has a handful of speakers; an upload naming thousands would make one pattern of them all slow.
    if not labels or len(labels) > MAX_SPEAKER_LABELS:
        return turns
    inside = re.compile(r"(?<=[.!?])\s+(" + "|".join(map(re.escape, labels)) + r"):\s+(?=\S)")
    split: list[tuple[str, str]] = []
    for speaker, text in turns:
        cuts = [m for m in inside.finditer(text) if labels[m.group(1)] != speaker]
        bounds = [(speaker, 0), *((labels[m.group(1)], m.end()) for m in cuts)]
        ends = [m.start() for m in cuts] + [len(text)]
        split += [(who, text[start:end].strip()) for (who, start), end in zip(bounds, ends, strict=True)]
    return [(who, said) for who, said in split if said]


def _speaker_labels(speakers: list[str]) -> dict[str, str]:
    """Each speaker's full name and, when no other speaker shares it, first name -> the speaker."""
    named = [s for s in dict.fromkeys(speakers) if s != UNNAMED_SPEAKER and len(s) > 1]
    firsts = [s.split()[0] for s in named]
    labels = {s: s for s in named}
    labels |= {
        s.split()[0]: s for s in named if firsts.count(s.split()[0]) == 1 and s.split()[0] not in labels
    }
    return labels


def _customer_turns(roles: SpeakerRoles) -> set[str]:
    # When nobody is placed on the customer's side, every speaker not known to be ours may be the customer.
    customers = {s for s, side in roles.sides.items() if side is Side.CUSTOMER}
    return customers or {s for s, side in roles.sides.items() if side is Side.UNKNOWN}


def load_call(session: Session, interaction_id: int, our_domains: list[str]) -> CallRecord:
    """The call with its utterances and speaker sides; InvalidInputError when it has no utterances."""
    row = session.get(Interaction, interaction_id)
    if row is None:
        raise NotFoundError(f"interaction {interaction_id} not found")
    turns = _turns(row)
    if not turns:
        raise InvalidInputError(f"interaction {interaction_id}: the transcript has no utterances")
    account = session.get_one(Account, row.account_id)
    roles = call_roles(turns, account_role_book(session, account, our_domains))
    customers = _customer_turns(roles)
    utterances = [Utterance(n, s, text, s in customers) for n, (s, text) in enumerate(turns, start=1)]
    # The reaction to the opening chat is no business of the summary, the risks or the mood.
    utterances = without_chat_reactions(utterances)
    subject = row.subject or f"call {row.id}"
    return CallRecord(row.id, row.account_id, subject, row.occurred_at, utterances, roles)
