"""Lookups the suites share: sample CRM ids to database rows."""

from __future__ import annotations

from sqlalchemy import select

from copilot.container import Services
from copilot.db.models import Account, Contact, Interaction


def account_ids(services: Services) -> dict[str, int]:
    """CRM id -> database id of every account."""
    with services.sessions() as session:
        rows = session.execute(select(Account.crm_id, Account.id)).all()
    return {crm: id_ for crm, id_ in rows if crm}


def contact_ids(services: Services) -> dict[str, int]:
    """CRM id -> database id of every contact."""
    with services.sessions() as session:
        rows = session.execute(select(Contact.crm_id, Contact.id)).all()
    return {crm: id_ for crm, id_ in rows if crm}


def interactions(services: Services, ids: set[int]) -> dict[int, tuple[int, str]]:
    """Interaction id -> (account id, full text) for the given ids."""
    if not ids:
        return {}
    with services.sessions() as session:
        rows = session.execute(
            select(Interaction.id, Interaction.account_id, Interaction.text).where(Interaction.id.in_(ids))
        ).all()
    return {id_: (account, text) for id_, account, text in rows}


def squash(text: str) -> str:
    """Whitespace-collapsed, lower-cased text for containment checks."""
    return " ".join(text.split()).lower()
