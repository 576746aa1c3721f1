"""Read access to accounts and their history, as small keyword-only functions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from copilot.db.models import Account, Contact, Interaction
from copilot.errors import NotFoundError


def list_accounts(*, session: Session, owner: str | None = None, team: str | None = None) -> list[Account]:
    """Accounts by name, optionally only an owner's or a team's."""
    query = select(Account).order_by(Account.name)
    if owner is not None:
        query = query.where(Account.owner == owner)
    if team is not None:
        query = query.where(Account.team == team)
    return list(session.scalars(query))


def get_account(*, session: Session, account_id: int) -> Account:
    """One account, or NotFoundError."""
    account = session.get(Account, account_id)
    if account is None:
        raise NotFoundError(f"account {account_id} not found")
    return account


def interaction_counts(*, session: Session) -> dict[int, int]:
    """Number of interactions per account id."""
    rows = session.execute(select(Interaction.account_id, func.count()).group_by(Interaction.account_id))
    return dict(rows.tuples().all())


def account_public(account: Account, interactions: int | None = None) -> dict[str, Any]:
    """The public shape of an account."""
    return {
        "id": account.id,
        "crm_id": account.crm_id,
        "name": account.name,
        "domain": account.domain,
        "owner": account.owner,
        "team": account.team,
        "industry": account.industry,
        "renewal_date": account.renewal_date.isoformat() if account.renewal_date else None,
        "language": account.language,
        "formality": account.formality,
        "channel": account.channel,
        "do_not_contact": account.do_not_contact,
        "interactions": interactions,
    }


def contact_public(contact: Contact) -> dict[str, Any]:
    """The public shape of a contact."""
    return {
        "id": contact.id,
        "crm_id": contact.crm_id,
        "name": contact.name,
        "email": contact.email,
        "title": contact.title,
        "language": contact.language,
        "opted_out": contact.opted_out,
    }
