"""Attach records to accounts and contacts: by CRM id, else by email address, else by email domain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from connectors.base import InteractionRecord, Participant
from copilot.db.models import Account, Contact

_Found = TypeVar("_Found")


@dataclass(frozen=True)
class Resolution:
    """Where a record belongs, or why it could not be placed."""

    account_id: int | None
    contact_id: int | None
    reason: str = ""


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def _external(participants: tuple[Participant, ...], our_domains: set[str]) -> list[Participant]:
    return [p for p in participants if p.email and _domain(p.email) not in our_domains]


class AccountResolver:
    """Resolves records within one session; caches lookups for the length of a batch.

    A batch's mail mostly names the same few contacts and domains, so each distinct lookup runs
    one query per batch instead of one per record. Whoever writes accounts or contacts through
    the same session calls `forget` so no stale answer (or stale "none") outlives the write.
    """

    def __init__(self, session: Session, our_domains: list[str]) -> None:
        self._session = session
        self._our_domains = {d.lower() for d in our_domains}
        self._cache: dict[tuple[str, str], Any] = {}

    def forget(self) -> None:
        """Drop cached lookups (after an account or contact was inserted or changed)."""
        self._cache.clear()

    def _cached(self, kind: str, key: str, lookup: Callable[[], _Found]) -> _Found:
        if (kind, key) not in self._cache:
            # Lookups must not flush half-built rows of the current item; the item flushes itself.
            with self._session.no_autoflush:
                self._cache[kind, key] = lookup()
        found: _Found = self._cache[kind, key]
        return found

    def by_crm_id(self, crm_id: str) -> Account | None:
        """The account with this CRM id, if any."""
        return self._cached(
            "account", crm_id, lambda: self._session.scalar(select(Account).where(Account.crm_id == crm_id))
        )

    def contact_by_email(self, email: str) -> Contact | None:
        """The contact with this address (case-insensitive), if any."""
        address = email.strip().lower()
        return self._cached(
            "email",
            address,
            lambda: self._session.scalar(
                select(Contact).where(func.lower(Contact.email) == address).limit(1)
            ),
        )

    def account_by_domain(self, domain: str) -> Account | None:
        """The single account with this email domain; None when none or ambiguous."""

        def lookup() -> Account | None:
            rows = self._session.scalars(select(Account).where(func.lower(Account.domain) == domain)).all()
            return rows[0] if len(rows) == 1 else None

        return self._cached("domain", domain, lookup)

    def resolve(self, record: InteractionRecord, forced_account_id: int | None = None) -> Resolution:
        """Resolve one record; the forced account (from --account) wins over everything."""
        externals = _external(record.participants, self._our_domains)
        contact = next((c for p in externals if (c := self.contact_by_email(p.email or ""))), None)
        if forced_account_id is not None:
            same = contact is not None and contact.account_id == forced_account_id
            return Resolution(forced_account_id, contact.id if same and contact else None)
        if record.crm_account_id and (account := self.by_crm_id(record.crm_account_id)):
            contact_id = self._crm_contact_id(record, account.id) or (contact.id if contact else None)
            return Resolution(account.id, contact_id)
        if contact is not None:
            return Resolution(contact.account_id, contact.id)
        for participant in externals:
            account = self.account_by_domain(_domain(participant.email or ""))
            if account is not None:
                return Resolution(account.id, None)
        by_name = self.by_contact_names(record.participants)
        if by_name is not None:
            return by_name
        who = (
            ", ".join(p.email or p.name or "?" for p in externals or record.participants) or "no participants"
        )
        return Resolution(None, None, f"no account matches CRM id, contact email or domain ({who})")

    def by_contact_names(self, participants: tuple[Participant, ...]) -> Resolution | None:
        """Speakers without addresses: the one account whose contacts carry these names, if unambiguous."""
        names = {p.name.strip().lower() for p in participants if p.name and not p.email}
        if not names:
            return None
        rows = self._session.scalars(select(Contact).where(func.lower(Contact.name).in_(names))).all()
        candidates: set[int] | None = None
        for name in names:
            accounts = {c.account_id for c in rows if c.name.strip().lower() == name}
            if accounts:
                candidates = accounts if candidates is None else candidates & accounts
        if not candidates or len(candidates) != 1:
            return None
        account_id = candidates.pop()
        contact = next(c for c in rows if c.account_id == account_id)
        return Resolution(account_id, contact.id)

    def _crm_contact_id(self, record: InteractionRecord, account_id: int) -> int | None:
        crm_id = record.crm_contact_id
        if not crm_id:
            return None
        contact: Contact | None = self._cached(
            "contact", crm_id, lambda: self._session.scalar(select(Contact).where(Contact.crm_id == crm_id))
        )
        return contact.id if contact is not None and contact.account_id == account_id else None
