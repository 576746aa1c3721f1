"""SQL upserts for connector records; nothing here touches the vector index."""

from __future__ import annotations

import enum
from collections.abc import Iterable
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


def upsert_account(session: Session, record: AccountRecord) -> tuple[Account, Outcome]:
    """Insert or update an account by CRM id."""
    values: dict[str, Any] = {
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
    account = session.scalar(select(Account).where(Account.crm_id == record.crm_id))
    if account is None:
        account = Account(crm_id=record.crm_id, extra=dict(record.metadata), **values)
        session.add(account)
        session.flush()
        return account, Outcome.NEW
    return account, Outcome.UPDATED if _assign(account, values) else Outcome.UNCHANGED


def upsert_contact(session: Session, record: ContactRecord) -> tuple[Contact, Outcome]:
    """Insert or update a contact by CRM id; its account must already exist."""
    account = None
    if record.crm_account_id:
        account = session.scalar(select(Account).where(Account.crm_id == record.crm_account_id))
    if account is None:
        raise InvalidInputError(
            f"{record.raw_ref or record.crm_id}: contact {record.crm_id} names unknown account "
            f"{record.crm_account_id!r}"
        )
    values: dict[str, Any] = {
        "account_id": account.id,
        "name": record.name,
        "email": (record.email or "").strip().lower() or None,
        "title": record.title,
        "language": (record.language or "").lower() or None,
        "opted_out": record.opted_out,
    }
    contact = session.scalar(select(Contact).where(Contact.crm_id == record.crm_id))
    if contact is None:
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


InteractionKey = tuple[str, str]
# SQLite allows 32,766 bound parameters per statement; two per key leaves ample room.
_KEYS_PER_QUERY = 500


def existing_interactions(
    session: Session, keys: Iterable[InteractionKey]
) -> dict[InteractionKey, Interaction]:
    """The stored interactions with these (source, source_id) keys, fetched in a few queries."""
    wanted = sorted(set(keys))
    found: dict[InteractionKey, Interaction] = {}
    for start in range(0, len(wanted), _KEYS_PER_QUERY):
        part = wanted[start : start + _KEYS_PER_QUERY]
        rows = session.scalars(
            select(Interaction).where(tuple_(Interaction.source, Interaction.source_id).in_(part))
        )
        found.update({(row.source, row.source_id): row for row in rows})
    return found


def upsert_interaction(
    session: Session,
    record: InteractionRecord,
    *,
    account_id: int,
    contact_id: int | None,
    direction: str,
    origin: str,
    known: dict[InteractionKey, Interaction] | None = None,
    audience: str = "customer",
    speaker_sides: dict[str, str] | None = None,
) -> tuple[Interaction, Outcome]:
    """Insert or update an interaction by (source, source_id); changed content goes back to pending.

    `known` is a batch's prefetch from `existing_interactions` (a key absent from it is not stored);
    it saves one query per record and learns the rows inserted here. A reviewer's audience choice
    outlives re-ingest.
    """
    key = (record.source, record.source_id)
    if known is None:
        existing = session.scalar(
            select(Interaction).where(
                Interaction.source == record.source, Interaction.source_id == record.source_id
            )
        )
    else:
        existing = known.get(key)
    values: dict[str, Any] = {
        "account_id": account_id,
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
        row = Interaction(source=record.source, source_id=record.source_id, index_state="pending", **values)
        session.add(row)
        session.flush()
        if known is not None:
            known[key] = row
        return row, Outcome.NEW
    same_content = existing.content_hash == record.content_hash and existing.account_id == account_id
    _assign(existing, values)
    if same_content:
        return existing, Outcome.UNCHANGED
    existing.index_state = "pending"
    return existing, Outcome.UPDATED
