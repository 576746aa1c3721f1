"""Read access to accounts and their history, as small keyword-only functions.

The queries are Core statements on copilot/db/tables.py, so they run on an ORM Session (API, web) and on
a plain Connection (the CLI, which starts without SQLAlchemy's ORM); the shapes read attributes, so an
ORM object and a Core row fill them alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import Field
from sqlalchemy import Row, func, select

from copilot.db.tables import accounts, contacts, interactions
from copilot.errors import NotFoundError
from copilot.shapes import Shape

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from copilot.db.models import Account, Contact

    Executes = Session | Connection


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
    def of(cls, account: Account | Row[Any], interactions: int | None = None) -> AccountPublic:
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
    def of(cls, contact: Contact | Row[Any]) -> ContactPublic:
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
        """The account's public shape and its contacts' (loaded through the ORM relationship)."""
        return cls.of_rows(account, account.contacts, interactions)

    @classmethod
    def of_rows(
        cls,
        account: Account | Row[Any],
        people: Iterable[Contact | Row[Any]],
        interactions: int | None = None,
    ) -> AccountDetail:
        """The account's public shape and the given contacts'."""
        shown = [ContactPublic.of(c) for c in people]
        return cls(**dict(AccountPublic.of(account, interactions)), contacts=shown)


def list_accounts(*, session: Executes, owner: str | None = None, team: str | None = None) -> list[Row[Any]]:
    """Account rows by name, optionally only an owner's or a team's (every account: no visibility rule)."""
    query = select(accounts).order_by(accounts.c.name)
    if owner is not None:
        query = query.where(accounts.c.owner == owner)
    if team is not None:
        query = query.where(accounts.c.team == team)
    return list(session.execute(query))


def get_account(*, session: Session, account_id: int) -> Account:
    """One account as an ORM object, or NotFoundError."""
    from copilot.db.models import Account  # a caller holding a Session has loaded the ORM already

    account = session.get(Account, account_id)
    if account is None:
        raise NotFoundError(f"account {account_id} not found")
    return account


def account_row(*, session: Executes, account_id: int) -> Row[Any]:
    """One account's row, or NotFoundError (get_account without the ORM)."""
    row = session.execute(select(accounts).where(accounts.c.id == account_id)).first()
    if row is None:
        raise NotFoundError(f"account {account_id} not found")
    return row


def contact_rows(*, session: Executes, account_id: int) -> list[Row[Any]]:
    """The account's contacts, as Account.contacts loads them (same statement, so the same order)."""
    return list(session.execute(select(contacts).where(contacts.c.account_id == account_id)))


def interaction_counts(*, session: Executes) -> dict[int, int]:
    """Number of interactions per account id."""
    rows = session.execute(
        select(interactions.c.account_id, func.count()).group_by(interactions.c.account_id)
    )
    return dict(rows.tuples().all())


def account_public(account: Account | Row[Any], interactions: int | None = None) -> dict[str, Any]:
    """The JSON of `AccountPublic` (the CLI's `--json`, exports)."""
    return AccountPublic.of(account, interactions).model_dump(mode="json")


def contact_public(contact: Contact | Row[Any]) -> dict[str, Any]:
    """The JSON of `ContactPublic` (the CLI's `--json`, exports)."""
    return ContactPublic.of(contact).model_dump(mode="json")
