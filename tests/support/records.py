"""Seed accounts, contacts and indexed interactions through the real store and indexer code."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from connectors.base import AccountRecord, ContactRecord, InteractionKind, InteractionRecord, Participant
from copilot.container import Services
from copilot.db.session import write_lock_first
from copilot.ingest.audience import classify_audience
from copilot.ingest.indexer import VectorSync, rebuild_chunks
from copilot.ingest.store import upsert_account, upsert_contact, upsert_interaction


@dataclass(frozen=True)
class Note:
    """One interaction to seed."""

    text: str
    when: datetime = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)
    kind: InteractionKind = InteractionKind.EMAIL
    direction: str = "inbound"
    subject: str | None = None
    # None: decided by the ingest rules (copilot.ingest.audience), as a real ingest would.
    audience: str | None = None
    participants: tuple[Participant, ...] | None = None
    source_id: str | None = None
    # An email's thread (Message-ID of its first message), as the mail connectors set it.
    thread_id: str | None = None


def seed_account(
    services: Services,
    crm_id: str,
    name: str,
    notes: list[Note],
    *,
    contact: tuple[str, str] | None = None,
    opted_out: bool = False,
    **account_fields: object,
) -> tuple[int, int | None, list[int]]:
    """Create an account (and one contact) with indexed interactions; returns their ids."""
    interaction_ids: list[int] = []
    with services.sessions() as session:
        write_lock_first(session)
        account, _ = upsert_account(session, AccountRecord(crm_id=crm_id, name=name, **account_fields))  # type: ignore[arg-type]
        contact_id = None
        if contact is not None:
            record = ContactRecord(
                crm_id=f"{crm_id}-P",
                crm_account_id=crm_id,
                name=contact[0],
                email=contact[1],
                opted_out=opted_out,
            )
            contact_id = upsert_contact(session, record)[0].id
        for n, note in enumerate(notes):
            record_i = InteractionRecord(
                source="test",
                source_id=note.source_id or f"{crm_id}-{n}",
                kind=note.kind,
                occurred_at=note.when,
                text=note.text,
                content_hash=hashlib.sha256(note.text.encode()).hexdigest(),
                raw_ref=f"test:{crm_id}:{n}",
                subject=note.subject,
                thread_id=note.thread_id,
                participants=note.participants
                if note.participants is not None
                else (Participant(role="from", name=contact[0] if contact else None),),
            )
            audience = note.audience or classify_audience(
                kind=str(note.kind),
                direction=note.direction,
                subject=note.subject,
                text=note.text,
                has_contact=contact_id is not None,
            )
            row, _ = upsert_interaction(
                session,
                record_i,
                account_id=account.id,
                contact_id=contact_id,
                direction=note.direction,
                origin="test",
                audience=audience,
            )
            rebuild_chunks(session, row)
            interaction_ids.append(row.id)
        session.commit()
        account_id = account.id
    VectorSync(services.sessions, services.embeddings, services.vector_index).sync(interaction_ids)
    return account_id, contact_id, interaction_ids
