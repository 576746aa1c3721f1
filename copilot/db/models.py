"""Typed SQLAlchemy 2 tables for the CRM record, drafts, their review, and the audit trail."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from copilot.db.types import UTCDateTime, utcnow


class Base(DeclarativeBase):
    """Declarative base; Alembic migrations own the schema."""

    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}


def _enum(cls: type[enum.Enum]) -> Enum:
    # Stored as short strings with a CHECK, identical on SQLite and PostgreSQL.
    return Enum(cls, native_enum=False, length=24, values_callable=lambda e: [m.value for m in e])


class Role(enum.StrEnum):
    """What a user may do."""

    REP = "rep"
    MANAGER = "manager"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class DraftStatus(enum.StrEnum):
    """A draft's lifecycle; only copilot.workflow changes it."""

    GENERATING = "generating"
    PENDING_REVIEW = "pending_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    SENT = "sent"
    EXPORTED = "exported"
    FAILED = "failed"


class DraftKind(enum.StrEnum):
    """Which tool produced a draft."""

    EMAIL = "email"
    CALL_SUMMARY = "call_summary"


class User(Base):
    """A person using the copilot, identified by a hashed API key."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[Role] = mapped_column(_enum(Role))
    team: Mapped[str | None] = mapped_column(String(60))
    # How CRM exports name this user as an account owner besides their name (migration 0008).
    email: Mapped[str | None] = mapped_column(String(254), unique=True, index=True)
    crm_owner_id: Mapped[str | None] = mapped_column(String(120), unique=True, index=True)
    api_key_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    api_key_prefix: Mapped[str | None] = mapped_column(String(16))
    # How the user signs customer emails: the name, then the optional signature block under it.
    display_name: Mapped[str | None] = mapped_column(String(200))
    signature: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Account(Base):
    """A customer company; `owner` names the owning rep as the CRM does (user name, email or CRM owner
    id, see copilot.auth.policy.owned_by), `team` their team."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    crm_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    domain: Mapped[str | None] = mapped_column(String(200), index=True)
    owner: Mapped[str | None] = mapped_column(String(120), index=True)
    team: Mapped[str | None] = mapped_column(String(60), index=True)
    industry: Mapped[str | None] = mapped_column(String(120))
    renewal_date: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(8), default="en")
    formality: Mapped[str] = mapped_column(String(16), default="neutral")
    channel: Mapped[str] = mapped_column(String(16), default="email")
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    contacts: Mapped[list[Contact]] = relationship(back_populates="account", cascade="all, delete-orphan")


class Contact(Base):
    """A person at a customer; `opted_out` means no marketing or sales email."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    crm_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(8))
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    account: Mapped[Account] = relationship(back_populates="contacts")


class Interaction(Base):
    """One touchpoint in an account's history; `source`+`source_id` is its identity at the origin,
    unique within the account (uploaders choose Message-IDs, UIDs and CRM ids, so never globally)."""

    __tablename__ = "interactions"
    __table_args__ = (
        UniqueConstraint("account_id", "source", "source_id", name="uq_interactions_account_source"),
        Index("ix_interactions_account_time", "account_id", "occurred_at"),
        # Answers the account watermark retrieval checks on every build (see copilot.retrieval.snapshot).
        Index("ix_interactions_account_updated", "account_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(16), default="unknown")
    # "customer" (seen by the customer) or "internal" (never quoted into a customer-facing draft);
    # `audience_source` is "reviewer" once a reviewer set it, and re-ingest then keeps their choice.
    audience: Mapped[str] = mapped_column(String(16), default="customer")
    audience_source: Mapped[str] = mapped_column(String(16), default="ingest")
    occurred_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[str] = mapped_column(String(512))
    content_hash: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    raw_ref: Mapped[str] = mapped_column(Text, default="")
    # The ingest location an item came from, so `--sync` can delete what vanished from it.
    origin: Mapped[str] = mapped_column(String(512), default="", index=True)
    thread_id: Mapped[str | None] = mapped_column(String(512), index=True)
    participants: Mapped[list[Any]] = mapped_column(default=list)
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # "pending" until its chunks are in the vector store: the crash-safety marker for reconciliation.
    index_state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    tone_flags: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Chunk(Base):
    """An indexed piece of an interaction; its id is stable so the vector store can upsert it."""

    __tablename__ = "chunks"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    token_count: Mapped[int] = mapped_column(Integer)


class Draft(Base):
    """A generated output held for review; `version` increments on every edit or regeneration."""

    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[DraftKind] = mapped_column(_enum(DraftKind))
    status: Mapped[DraftStatus] = mapped_column(_enum(DraftStatus), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    purpose: Mapped[str] = mapped_column(Text)
    instructions: Mapped[str | None] = mapped_column(Text)
    # The inbound interaction this email answers (reply mode); a plain id, checked when the draft is
    # requested, so a later sync deleting that interaction never blocks the draft.
    reply_to_interaction_id: Mapped[int | None] = mapped_column(Integer)
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    formality: Mapped[str | None] = mapped_column(String(16))
    citations: Mapped[list[Any]] = mapped_column(default=list)
    # Spans of `body` that rest on records: [{"start", "end", "n": [citation numbers]}].
    body_citations: Mapped[list[Any]] = mapped_column(default=list)
    flags: Mapped[list[Any]] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    model: Mapped[str | None] = mapped_column(String(200))
    prompt_name: Mapped[str | None] = mapped_column(String(80))
    prompt_version: Mapped[str | None] = mapped_column(String(32))
    timings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    structured: Mapped[dict[str, Any]] = mapped_column(default=dict)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    approved_version: Mapped[int | None] = mapped_column(Integer)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    delivery_ref: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Revision(Base):
    """The content of one version of a draft: generated, regenerated, or a reviewer's edit."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("draft_id", "version", name="uq_revisions_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    subject: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    body_citations: Mapped[list[Any]] = mapped_column(default=list)
    diff: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Decision(Base):
    """A reviewer's approve or reject of one version, with the reason."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Append-only record of every model call and every state change."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    event: Mapped[str] = mapped_column(String(48), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Kept as plain ids, not foreign keys: the trail must outlive an erased account's rows.
    account_id: Mapped[int | None] = mapped_column(Integer, index=True)
    draft_id: Mapped[int | None] = mapped_column(Integer, index=True)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class GenerationJob(Base):
    """A queued or running generation of one draft version: the persisted state of the worker pool."""

    __tablename__ = "generation_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(120))
    error: Mapped[str | None] = mapped_column(Text)
    enqueued_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class Delivery(Base):
    """How an approved draft left (SMTP, .eml export, write-back); one per draft, keyed by its Message-ID."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), unique=True)
    version: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[str] = mapped_column(String(255), unique=True)
    # claimed: an attempt is under way or ended without a known outcome; done; failed: may be retried.
    state: Mapped[str] = mapped_column(String(16), default="claimed")
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    recipient: Mapped[str | None] = mapped_column(String(320))
    location: Mapped[str | None] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AccountSummary(Base):
    """A manager's cached account summary; stale once the account's interaction watermark moves."""

    __tablename__ = "account_summaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), unique=True)
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    model: Mapped[str | None] = mapped_column(String(200))
    prompt_version: Mapped[str | None] = mapped_column(String(32))
    # The watermark: how many interactions the account had, and the latest update among them.
    watermark_count: Mapped[int] = mapped_column(Integer, default=0)
    watermark_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImapMailboxState(Base):
    """Where the last sync of one mailbox stopped; a UIDVALIDITY change invalidates it."""

    __tablename__ = "imap_mailboxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Password-free URL of the mailbox (imap://user@host:port/INBOX).
    mailbox: Mapped[str] = mapped_column(String(512), unique=True)
    # UIDVALIDITY and UIDs are unsigned 32-bit: too big for a signed INTEGER on PostgreSQL.
    uidvalidity: Mapped[int] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ReadRevision(Base):
    """One row counting committed writes to what the cached API reads show (see migration 0006).

    Database triggers move it in the writing transaction; the API only reads it.
    """

    __tablename__ = "read_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger)
