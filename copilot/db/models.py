"""The ORM classes: typed objects mapped onto the Core tables of copilot/db/tables.py.

Each class takes its `__table__` from tables.py, where the columns, defaults, indexes and comments
are; the `Mapped` annotations here type the attributes for mypy and the code that uses them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from copilot.db import tables
from copilot.db.tables import DraftKind, DraftStatus, Role

__all__ = [
    "Account",
    "AccountSummary",
    "AuditEvent",
    "Base",
    "Chunk",
    "Contact",
    "Decision",
    "Delivery",
    "Draft",
    "DraftKind",
    "DraftStatus",
    "GenerationJob",
    "ImapMailboxState",
    "Interaction",
    "ReadRevision",
    "Revision",
    "Role",
    "User",
]


class Base(DeclarativeBase):
    """Declarative base over the Core tables' metadata (what Alembic's env compares against)."""

    metadata = tables.metadata


class User(Base):
    """A person using the copilot, identified by a hashed API key."""

    __table__ = tables.users

    id: Mapped[int]
    name: Mapped[str]
    role: Mapped[Role]
    team: Mapped[str | None]
    email: Mapped[str | None]
    crm_owner_id: Mapped[str | None]
    api_key_hash: Mapped[str | None]
    api_key_prefix: Mapped[str | None]
    display_name: Mapped[str | None]
    signature: Mapped[str | None]
    active: Mapped[bool]
    created_at: Mapped[datetime]


class Account(Base):
    """A customer company; `owner` names the owning rep as the CRM does (user name, email or CRM owner
    id, see copilot.auth.visibility.owned_by), `team` their team."""

    __table__ = tables.accounts

    id: Mapped[int]
    crm_id: Mapped[str | None]
    name: Mapped[str]
    domain: Mapped[str | None]
    owner: Mapped[str | None]
    team: Mapped[str | None]
    industry: Mapped[str | None]
    renewal_date: Mapped[date | None]
    language: Mapped[str]
    formality: Mapped[str]
    channel: Mapped[str]
    do_not_contact: Mapped[bool]
    extra: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    contacts: Mapped[list[Contact]] = relationship(back_populates="account", cascade="all, delete-orphan")


class Contact(Base):
    """A person at a customer; `opted_out` means no marketing or sales email."""

    __table__ = tables.contacts

    id: Mapped[int]
    account_id: Mapped[int]
    crm_id: Mapped[str | None]
    name: Mapped[str]
    email: Mapped[str | None]
    title: Mapped[str | None]
    language: Mapped[str | None]
    opted_out: Mapped[bool]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    account: Mapped[Account] = relationship(back_populates="contacts")


class Interaction(Base):
    """One touchpoint in an account's history; `source`+`source_id` is its identity at the origin,
    unique within the account (uploaders choose Message-IDs, UIDs and CRM ids, so never globally)."""

    __table__ = tables.interactions

    id: Mapped[int]
    account_id: Mapped[int]
    contact_id: Mapped[int | None]
    kind: Mapped[str]
    direction: Mapped[str]
    audience: Mapped[str]
    audience_source: Mapped[str]
    occurred_at: Mapped[datetime]
    source: Mapped[str]
    source_id: Mapped[str]
    content_hash: Mapped[str]
    subject: Mapped[str | None]
    text: Mapped[str]
    raw_ref: Mapped[str]
    origin: Mapped[str]
    thread_id: Mapped[str | None]
    participants: Mapped[list[Any]]
    extra: Mapped[dict[str, Any]]
    index_state: Mapped[str]
    tone_flags: Mapped[list[Any]]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Chunk(Base):
    """An indexed piece of an interaction; its id is stable so the vector store can upsert it."""

    __table__ = tables.chunks

    id: Mapped[str]
    interaction_id: Mapped[int]
    account_id: Mapped[int]
    ordinal: Mapped[int]
    text: Mapped[str]
    token_count: Mapped[int]


class Draft(Base):
    """A generated output held for review; `version` increments on every edit or regeneration."""

    __table__ = tables.drafts

    id: Mapped[int]
    kind: Mapped[DraftKind]
    status: Mapped[DraftStatus]
    account_id: Mapped[int]
    contact_id: Mapped[int | None]
    requested_by_id: Mapped[int | None]
    purpose: Mapped[str]
    instructions: Mapped[str | None]
    reply_to_interaction_id: Mapped[int | None]
    subject: Mapped[str | None]
    body: Mapped[str | None]
    language: Mapped[str | None]
    formality: Mapped[str | None]
    citations: Mapped[list[Any]]
    body_citations: Mapped[list[Any]]
    flags: Mapped[list[Any]]
    version: Mapped[int]
    model: Mapped[str | None]
    prompt_name: Mapped[str | None]
    prompt_version: Mapped[str | None]
    timings: Mapped[dict[str, Any]]
    structured: Mapped[dict[str, Any]]
    failure_reason: Mapped[str | None]
    approved_version: Mapped[int | None]
    approved_by_id: Mapped[int | None]
    delivery_ref: Mapped[str | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class Revision(Base):
    """The content of one version of a draft: generated, regenerated, or a reviewer's edit."""

    __table__ = tables.revisions

    id: Mapped[int]
    draft_id: Mapped[int]
    version: Mapped[int]
    origin: Mapped[str]
    author_id: Mapped[int | None]
    subject: Mapped[str | None]
    body: Mapped[str | None]
    body_citations: Mapped[list[Any]]
    diff: Mapped[str | None]
    created_at: Mapped[datetime]


class Decision(Base):
    """A reviewer's approve or reject of one version, with the reason."""

    __table__ = tables.decisions

    id: Mapped[int]
    draft_id: Mapped[int]
    version: Mapped[int]
    reviewer_id: Mapped[int]
    outcome: Mapped[str]
    reason: Mapped[str | None]
    created_at: Mapped[datetime]


class AuditEvent(Base):
    """Append-only record of every model call and every state change."""

    __table__ = tables.audit_events

    id: Mapped[int]
    at: Mapped[datetime]
    event: Mapped[str]
    actor_id: Mapped[int | None]
    account_id: Mapped[int | None]
    draft_id: Mapped[int | None]
    data: Mapped[dict[str, Any]]


class GenerationJob(Base):
    """A queued or running generation of one draft version: the persisted state of the worker pool."""

    __table__ = tables.generation_jobs

    id: Mapped[int]
    draft_id: Mapped[int]
    version: Mapped[int]
    state: Mapped[str]
    attempts: Mapped[int]
    worker: Mapped[str | None]
    error: Mapped[str | None]
    enqueued_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class Delivery(Base):
    """How an approved draft left (SMTP, .eml export, write-back); one per draft, keyed by its Message-ID."""

    __table__ = tables.deliveries

    id: Mapped[int]
    draft_id: Mapped[int]
    version: Mapped[int]
    channel: Mapped[str]
    message_id: Mapped[str]
    state: Mapped[str]
    attempts: Mapped[int]
    recipient: Mapped[str | None]
    location: Mapped[str | None]
    error: Mapped[str | None]
    actor_id: Mapped[int | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class AccountSummary(Base):
    """A manager's cached account summary; stale once the account's interaction watermark moves."""

    __table__ = tables.account_summaries

    id: Mapped[int]
    account_id: Mapped[int]
    content: Mapped[dict[str, Any]]
    model: Mapped[str | None]
    prompt_version: Mapped[str | None]
    watermark_count: Mapped[int]
    watermark_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class ImapMailboxState(Base):
    """Where the last sync of one mailbox stopped; a UIDVALIDITY change invalidates it."""

    __table__ = tables.imap_mailboxes

    id: Mapped[int]
    mailbox: Mapped[str]
    uidvalidity: Mapped[int]
    last_uid: Mapped[int]
    updated_at: Mapped[datetime]


class ReadRevision(Base):
    """One row counting committed writes to what the cached API reads show (see migration 0006).

    Database triggers move it in the writing transaction; the API only reads it.
    """

    __table__ = tables.read_revision

    id: Mapped[int]
    revision: Mapped[int]
