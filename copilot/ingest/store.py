"""SQL upserts for connector records; nothing here touches the vector index."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from connectors.base import AccountRecord, ContactRecord, InteractionRecord
from copilot.db.models import Account, Contact, Interaction
from copilot.errors import InvalidInputError


class Outcome(enum.StrEnum):
    """What an upsert did."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def _parse_date(value: str | None, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError as exc:
        raise InvalidInputError(f"{where}: renewal date {value!r} is not YYYY-MM-DD") from exc


def _assign(row: Any, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


# Safety flags: a blank cell (None) keeps the stored value; only an explicit "false" clears one.
_FLAGS = frozenset({"do_not_contact", "opted_out"})


def _carried(values: dict[str, Any], provided: frozenset[str] | None) -> dict[str, Any]:
    """The values to write: a field is written only when the export has a column for it (so a file
    without, say, a renewal-date column leaves the stored date), and a flag only when it is known."""
    return {
        name: value
        for name, value in values.items()
        if (provided is None or name in provided) and not (name in _FLAGS and value is None)
    }


def _account_values(record: AccountRecord) -> dict[str, Any]:
    # An explicitly empty cell clears an optional field; preferences fall back to their defaults.
    return {
        "name": record.name,
        "domain": (record.domain or "").lower() or None,
        "owner": record.owner,
        "team": record.team,
        "industry": record.industry,
        "renewal_date": _parse_date(record.renewal_date, record.raw_ref or record.crm_id),
        "language": (record.language or "en").lower(),
        "formality": (record.formality or "neutral").lower(),
        "channel": (record.channel or "email").lower(),
        "do_not_contact": record.do_not_contact,
    }


def upsert_account(session: Session, record: AccountRecord) -> tuple[Account, Outcome]:
    """Insert or update an account by CRM id, writing only the fields the record carries."""
    values = _carried(_account_values(record), record.provided)
    account = session.scalar(select(Account).where(Account.crm_id == record.crm_id))
    if account is None:
        account = Account(crm_id=record.crm_id, extra=dict(record.metadata), **values)
        session.add(account)
        session.flush()
        return account, Outcome.NEW
    return account, Outcome.UPDATED if _assign(account, values) else Outcome.UNCHANGED


def _contact_account(session: Session, record: ContactRecord, stored: Contact | None) -> int:
    """The contact's account id: the one the record names, else (no or empty column) the stored one."""
    named = record.crm_account_id if record.provided is None or "crm_account_id" in record.provided else None
    account = session.scalar(select(Account).where(Account.crm_id == named)) if named else None
    if account is not None:
        return account.id
    if stored is not None and not named:
        return stored.account_id
    where = record.raw_ref or record.crm_id
    if not named:
        raise InvalidInputError(f"{where}: new contact {record.crm_id} names no account")
    raise InvalidInputError(f"{where}: contact {record.crm_id} names unknown account {named!r}")


def upsert_contact(session: Session, record: ContactRecord) -> tuple[Contact, Outcome]:
    """Insert or update a contact by CRM id (its account must exist), writing only carried fields."""
    contact = session.scalar(select(Contact).where(Contact.crm_id == record.crm_id))
    values = _carried(
        {
            "name": record.name,
            "email": (record.email or "").strip().lower() or None,
            "title": record.title,
            "language": (record.language or "").lower() or None,
            "opted_out": record.opted_out,
        },
        record.provided,
    )
    values["account_id"] = _contact_account(session, record, contact)
    if contact is None:
        values.setdefault("name", record.name)  # a file without name columns names it by address
        if not values["name"]:
            raise InvalidInputError(
                f"{record.raw_ref or record.crm_id}: new contact {record.crm_id} has no name"
            )
        contact = Contact(crm_id=record.crm_id, **values)
        session.add(contact)
        session.flush()
        return contact, Outcome.NEW
    return contact, Outcome.UPDATED if _assign(contact, values) else Outcome.UNCHANGED


def _participants(record: InteractionRecord) -> list[dict[str, Any]]:
    return [{"role": p.role, "email": p.email, "name": p.name} for p in record.participants]


def _extra(record: InteractionRecord, speaker_sides: dict[str, str] | None) -> dict[str, Any]:
    extra: dict[str, Any] = dict(record.metadata)
    if speaker_sides:
        extra["speaker_sides"] = speaker_sides
    if record.utterances:
        extra["utterances"] = [
            {
                "speaker": u.speaker,
                "side": (speaker_sides or {}).get(u.speaker or ""),
                "text": u.text,
                "start": u.start,
                "end": u.end,
            }
            for u in record.utterances
        ]
    if record.attachments:
        extra["attachments"] = [
            {"filename": a.filename, "content_type": a.content_type, "size": a.size}
            for a in record.attachments
        ]
    return extra


Identity = tuple[str, str]  # (source, source id): an item's id at its origin, chosen by whoever made it
InteractionKey = tuple[int, str, str]  # (account id, source, source id): unique in the store
# SQLite allows 32,766 bound parameters per statement; two per key leaves ample room.
_KEYS_PER_QUERY = 500


@dataclass
class KnownInteractions:
    """A batch's already-stored interactions by key, and which accounts hold each identity.

    Identities are unique per account only: Message-IDs, UIDs and CRM ids are chosen by whoever
    wrote the file, so another account's item of the same identity is a different item.
    """

    rows: dict[InteractionKey, Interaction] = field(default_factory=dict)
    holders: dict[Identity, set[int]] = field(default_factory=dict)

    def add(self, row: Interaction) -> None:
        """Learn a stored (or just inserted) row."""
        self.rows[row.account_id, row.source, row.source_id] = row
        self.holders.setdefault((row.source, row.source_id), set()).add(row.account_id)

    def other_holders(self, account_id: int, identity: Identity) -> set[int]:
        """The other accounts holding an item of this identity."""
        return self.holders.get(identity, set()) - {account_id}


def existing_interactions(
    session: Session, identities: Iterable[Identity], *, account_id: int | None = None
) -> KnownInteractions:
    """The stored interactions with these identities (in one account, or in any), in a few queries."""
    wanted = sorted(set(identities))
    known = KnownInteractions()
    for start in range(0, len(wanted), _KEYS_PER_QUERY):
        part = wanted[start : start + _KEYS_PER_QUERY]
        query = select(Interaction).where(tuple_(Interaction.source, Interaction.source_id).in_(part))
        if account_id is not None:
            query = query.where(Interaction.account_id == account_id)
        for row in session.scalars(query):
            known.add(row)
    return known


def upsert_interaction(
    session: Session,
    record: InteractionRecord,
    *,
    account_id: int,
    contact_id: int | None,
    direction: str,
    origin: str,
    known: KnownInteractions | None = None,
    audience: str = "customer",
    speaker_sides: dict[str, str] | None = None,
    flush: bool = True,
) -> tuple[Interaction, Outcome]:
    """Insert or update the account's interaction of this (source, source_id); changed content goes
    back to pending. Another account's item of the same identity is never touched.

    `known` is a batch's prefetch from `existing_interactions` (a key absent from it is not stored);
    it saves one query per record and learns the rows inserted here. A reviewer's audience choice
    outlives re-ingest. Without `flush`, a new row has no id until the caller flushes (a batch
    inserts all of its new rows in one statement).
    """
    if known is None:
        known = existing_interactions(session, [(record.source, record.source_id)], account_id=account_id)
    existing = known.rows.get((account_id, record.source, record.source_id))
    values: dict[str, Any] = {
        "contact_id": contact_id,
        "kind": str(record.kind),
        "direction": direction,
        "occurred_at": record.occurred_at,
        "content_hash": record.content_hash,
        "subject": record.subject,
        "text": record.text,
        "raw_ref": record.raw_ref,
        "origin": origin,
        "thread_id": record.thread_id,
        "participants": _participants(record),
        "extra": _extra(record, speaker_sides),
    }
    if existing is None or existing.audience_source != "reviewer":
        values["audience"] = audience
    if existing is None:
        row = Interaction(
            account_id=account_id,
            source=record.source,
            source_id=record.source_id,
            index_state="pending",
            **values,
        )
        session.add(row)
        if flush:
            session.flush()
        known.add(row)
        return row, Outcome.NEW
    same_content = existing.content_hash == record.content_hash
    _assign(existing, values)
    if same_content:
        return existing, Outcome.UNCHANGED
    existing.index_state = "pending"
    return existing, Outcome.UPDATED
