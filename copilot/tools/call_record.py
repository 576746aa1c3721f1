"""A stored call as the call-summary tool reads it: numbered utterances and each speaker's side."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import Account, Interaction, User
from copilot.errors import InvalidInputError, NotFoundError
from copilot.tools.call_items import Utterance
from copilot.tools.speaker_roles import RoleBook, Side, SpeakerRoles, assign_roles, role_book

UNNAMED_SPEAKER = "Speaker"


@dataclass(frozen=True)
class CallRecord:
    """The ingested call: its interaction, numbered utterances, and who is on which side."""

    interaction_id: int
    account_id: int
    subject: str
    occurred_at: datetime
    utterances: list[Utterance]
    roles: SpeakerRoles


def account_role_book(session: Session, account: Account, our_domains: list[str]) -> RoleBook:
    """The account's contacts and domain, and our people: the owner and the users of the owning team."""
    people: list[str | None] = [account.owner]
    if account.team:
        people += list(session.scalars(select(User.name).where(User.team == account.team)))
    return role_book(
        contacts=[(c.name, c.email) for c in account.contacts],
        account_domain=account.domain,
        our_people=people,
        our_domains=our_domains,
    )


def _turns(row: Interaction) -> list[tuple[str, str]]:
    turns = (row.extra or {}).get("utterances") or []
    found = [
        (str(t.get("speaker") or UNNAMED_SPEAKER).strip(), str(t.get("text") or "").strip()) for t in turns
    ]
    return [(speaker or UNNAMED_SPEAKER, text) for speaker, text in found if text]


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
    roles = assign_roles([speaker for speaker, _ in turns], account_role_book(session, account, our_domains))
    customers = _customer_turns(roles)
    utterances = [Utterance(n, s, text, s in customers) for n, (s, text) in enumerate(turns, start=1)]
    subject = row.subject or f"call {row.id}"
    return CallRecord(row.id, row.account_id, subject, row.occurred_at, utterances, roles)
