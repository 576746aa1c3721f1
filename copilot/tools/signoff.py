"""Who signs a customer email: the requesting rep's display name and signature, from their user record.

Without a requester (a CLI run without `--as`), the account owner's user record signs; when the
owner has no user record, the name our own mail shows for the owner's mailbox ("Dana Kim
<dkim@…>"), so a CRM user name like "dkim" is never printed as a name.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from copilot.db.models import Account, Draft, Interaction, User
from copilot.languages import DEFAULT, team_signature

# Enough of the account's own outbound mail to find the owner's name; bounded for large accounts.
_OUTBOUND_SCAN = 200


@dataclass(frozen=True)
class SignOff:
    """The name under the closing, and the optional signature block under the name."""

    name: str
    signature: str | None = None


def _owner_name_in_mail(session: Session, account: Account) -> str | None:
    owner = (account.owner or "").strip().lower()
    if not owner:
        return None
    rows = session.scalars(
        select(Interaction.participants)
        .where(Interaction.account_id == account.id, Interaction.direction == "outbound")
        .order_by(Interaction.occurred_at.desc())
        .limit(_OUTBOUND_SCAN)
    )
    for participants in rows:
        for person in participants or []:
            email = (person.get("email") or "").lower()
            if person.get("name") and email.split("@", 1)[0] == owner:
                return str(person["name"])
    return None


def sign_off(
    session: Session, draft: Draft, account: Account, company: str, language: str = DEFAULT
) -> SignOff:
    """The requesting rep, else the account owner's user record, else the owner as our mail names them,
    else our team in the letter's `language`."""
    user = session.get(User, draft.requested_by_id) if draft.requested_by_id is not None else None
    if user is None and account.owner:
        # Exports name the owner by user name, email or CRM owner id (docs/crm-exports.md).
        owner = account.owner.strip()
        match = or_(User.name == owner, User.email == owner.lower(), User.crm_owner_id == owner)
        user = session.scalar(select(User).where(match).order_by(User.id).limit(1))
    if user is not None:
        return SignOff(user.display_name or user.name.title(), user.signature)
    named = _owner_name_in_mail(session, account)
    if named:
        return SignOff(named)
    return SignOff(team_signature(company, language))
