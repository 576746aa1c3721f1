"""Read access to accounts and their history, as small keyword-only functions."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from copilot.db.models import Account, Contact, Interaction
from copilot.errors import NotFoundError
from copilot.shapes import Shape


class AccountPublic(Shape):
    """The public shape of an account."""

    id: int
    crm_id: str | None
    name: str
    domain: str | None
    owner: str | None
    team: str | None
    industry: str | None
    renewal_date: str | None = Field(description="ISO 8601 date")
    language: str
    formality: str
    channel: str
    do_not_contact: bool
    interactions: int | None = Field(description="how many interactions it has (null where not counted)")

    @classmethod
    def of(cls, account: Account, interactions: int | None = None) -> AccountPublic:
        """The account's public shape."""
        return cls(
            id=account.id,
            crm_id=account.crm_id,
            name=account.name,
            domain=account.domain,
            owner=account.owner,
            team=account.team,
            industry=account.industry,
            renewal_date=account.renewal_date.isoformat() if account.renewal_date else None,
            language=account.language,
            formality=account.formality,
            channel=account.channel,
            do_not_contact=account.do_not_contact,
            interactions=interactions,
        )


class ContactPublic(Shape):
    """The public shape of a contact."""

    id: int
    crm_id: str | None
    name: str
    email: str | None
    title: str | None
    language: str | None
    opted_out: bool

    @classmethod
    def of(cls, contact: Contact) -> ContactPublic:
        """The contact's public shape."""
        return cls(
            id=contact.id,
            crm_id=contact.crm_id,
            name=contact.name,
            email=contact.email,
            title=contact.title,
            language=contact.language,
            opted_out=contact.opted_out,
        )


class AccountDetail(AccountPublic):
    """An account with its contacts."""

    contacts: list[ContactPublic]

    @classmethod
    def with_contacts(cls, account: Account, interactions: int | None = None) -> AccountDetail:
        """The account's public shape and its contacts'."""
        contacts = [ContactPublic.of(c) for c in account.contacts]
        return cls(**dict(AccountPublic.of(account, interactions)), contacts=contacts)


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
    """The JSON of `AccountPublic` (the CLI's `--json`, exports)."""
    return AccountPublic.of(account, interactions).model_dump(mode="json")


def contact_public(contact: Contact) -> dict[str, Any]:
    """The JSON of `ContactPublic` (the CLI's `--json`, exports)."""
    return ContactPublic.of(contact).model_dump(mode="json")
