"""The schema as SQLAlchemy Core tables: what the ORM models map onto, and what ORM-free code queries.

The mapped classes in copilot/db/models.py take their `__table__` from here, so one definition of each
column serves both. Code that only needs statements (the CLI's quick commands, the visibility rules in
copilot/auth/visibility.py) imports this module and never loads SQLAlchemy's ORM, which costs most of a
short command's start-up. Alembic migrations own the schema; these describe it.

A table is built when first named (`from copilot.db.tables import users`), with the tables its foreign
keys point at: building all fourteen took about a fifth of a quick command's own start-up, and
`copilot users list` needs two of them (docs/benchmarks.md, issue 19). `metadata` holds every table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from copilot.db.columns import DraftKind as DraftKind
from copilot.db.columns import DraftStatus as DraftStatus
from copilot.db.columns import Role as Role
from copilot.db.columns import created_at_column, enum_column, id_column, updated_at_column
from copilot.db.types import UTCDateTime, utcnow

# Filled as tables are built; the module's `metadata` (below) is this, with every table in it.
_metadata = MetaData()


def _users() -> Table:
    return Table(
        "users",
        _metadata,
        id_column(),
        Column("name", String(120), nullable=False, unique=True),
        Column("role", enum_column(Role), nullable=False),
        Column("team", String(60)),
        # How CRM exports name this user as an account owner besides their name (migration 0008).
        Column("email", String(254), unique=True, index=True),
        Column("crm_owner_id", String(120), unique=True, index=True),
        Column("api_key_hash", String(128), unique=True),
        Column("api_key_prefix", String(16)),
        # How the user signs customer emails: the name, then the optional signature block under it.
        Column("display_name", String(200)),
        Column("signature", Text),
        Column("active", Boolean, nullable=False, default=True),
        created_at_column(),
    )


def _accounts() -> Table:
    return Table(
        "accounts",
        _metadata,
        id_column(),
        Column("crm_id", String(64), unique=True),
        Column("name", String(200), nullable=False, index=True),
        Column("domain", String(200), index=True),
        # The owning rep as the CRM names them: user name, email or CRM owner id (see auth.visibility).
        Column("owner", String(120), index=True),
        Column("team", String(60), index=True),
        Column("industry", String(120)),
        Column("renewal_date", Date),
        Column("language", String(8), nullable=False, default="en"),
        Column("formality", String(16), nullable=False, default="neutral"),
        Column("channel", String(16), nullable=False, default="email"),
        Column("do_not_contact", Boolean, nullable=False, default=False),
        Column("extra", JSON(), nullable=False, default=dict),
        created_at_column(),
        updated_at_column(),
    )


def _contacts() -> Table:
    return Table(
        "contacts",
        _metadata,
        id_column(),
        Column(
            "account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        Column("crm_id", String(64), unique=True),
        Column("name", String(200), nullable=False),
        Column("email", String(320), index=True),
        Column("title", String(200)),
        Column("language", String(8)),
        Column("opted_out", Boolean, nullable=False, default=False),
        created_at_column(),
        updated_at_column(),
    )


def _interactions() -> Table:
    return Table(
        "interactions",
        _metadata,
        id_column(),
        Column("account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
        Column("contact_id", Integer, ForeignKey("contacts.id", ondelete="SET NULL")),
        Column("kind", String(16), nullable=False),
        Column("direction", String(16), nullable=False, default="unknown"),
        # "customer" (seen by the customer) or "internal" (never quoted into a customer-facing draft);
        # `audience_source` is "reviewer" once a reviewer set it, and re-ingest then keeps their choice.
        Column("audience", String(16), nullable=False, default="customer"),
        Column("audience_source", String(16), nullable=False, default="ingest"),
        Column("occurred_at", UTCDateTime(), nullable=False),
        Column("source", String(32), nullable=False),
        Column("source_id", String(512), nullable=False),
        Column("content_hash", String(64), nullable=False),
        Column("subject", Text),
        Column("text", Text, nullable=False),
        Column("raw_ref", Text, nullable=False, default=""),
        # The ingest location an item came from, so `--sync` can delete what vanished from it.
        Column("origin", String(512), nullable=False, default="", index=True),
        Column("thread_id", String(512), index=True),
        Column("participants", JSON(), nullable=False, default=list),
        Column("extra", JSON(), nullable=False, default=dict),
        # "pending" until its chunks are in the vector store: the crash-safety marker for reconciliation.
        Column("index_state", String(16), nullable=False, default="pending", index=True),
        Column("tone_flags", JSON(), nullable=False, default=list),
        created_at_column(),
        updated_at_column(),
        UniqueConstraint("account_id", "source", "source_id", name="uq_interactions_account_source"),
        Index("ix_interactions_account_time", "account_id", "occurred_at"),
        # Answers the account watermark retrieval checks on every build (see copilot.retrieval.snapshot).
        Index("ix_interactions_account_updated", "account_id", "updated_at"),
    )


def _chunks() -> Table:
    return Table(
        "chunks",
        _metadata,
        Column("id", String(80), primary_key=True),
        Column(
            "interaction_id",
            Integer,
            ForeignKey("interactions.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        Column(
            "account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        Column("ordinal", Integer, nullable=False),
        Column("text", Text, nullable=False),
        Column("token_count", Integer, nullable=False),
    )


def _drafts() -> Table:
    return Table(
        "drafts",
        _metadata,
        id_column(),
        Column("kind", enum_column(DraftKind), nullable=False),
        Column("status", enum_column(DraftStatus), nullable=False, index=True),
        Column(
            "account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        Column("contact_id", Integer, ForeignKey("contacts.id", ondelete="SET NULL")),
        Column("requested_by_id", Integer, ForeignKey("users.id")),
        Column("purpose", Text, nullable=False),
        Column("instructions", Text),
        # The inbound interaction this email answers (reply mode); a plain id, checked when the draft is
        # requested, so a later sync deleting that interaction never blocks the draft.
        Column("reply_to_interaction_id", Integer),
        Column("subject", Text),
        Column("body", Text),
        Column("language", String(8)),
        Column("formality", String(16)),
        Column("citations", JSON(), nullable=False, default=list),
        # Spans of `body` that rest on records: [{"start", "end", "n": [citation numbers]}].
        Column("body_citations", JSON(), nullable=False, default=list),
        Column("flags", JSON(), nullable=False, default=list),
        Column("version", Integer, nullable=False, default=1),
        Column("model", String(200)),
        Column("prompt_name", String(80)),
        Column("prompt_version", String(32)),
        Column("timings", JSON(), nullable=False, default=dict),
        Column("structured", JSON(), nullable=False, default=dict),
        Column("failure_reason", Text),
        Column("approved_version", Integer),
        Column("approved_by_id", Integer, ForeignKey("users.id")),
        Column("delivery_ref", String(512)),
        Column("created_at", UTCDateTime(), nullable=False, default=utcnow, index=True),
        updated_at_column(),
    )


def _revisions() -> Table:
    return Table(
        "revisions",
        _metadata,
        id_column(),
        Column("draft_id", Integer, ForeignKey("drafts.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("version", Integer, nullable=False),
        Column("origin", String(16), nullable=False),
        Column("author_id", Integer, ForeignKey("users.id")),
        Column("subject", Text),
        Column("body", Text),
        Column("body_citations", JSON(), nullable=False, default=list),
        Column("diff", Text),
        created_at_column(),
        UniqueConstraint("draft_id", "version", name="uq_revisions_version"),
    )


def _decisions() -> Table:
    return Table(
        "decisions",
        _metadata,
        id_column(),
        Column("draft_id", Integer, ForeignKey("drafts.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("version", Integer, nullable=False),
        Column("reviewer_id", Integer, ForeignKey("users.id"), nullable=False),
        Column("outcome", String(16), nullable=False),
        Column("reason", Text),
        created_at_column(),
    )


def _audit_events() -> Table:
    return Table(
        "audit_events",
        _metadata,
        id_column(),
        Column("at", UTCDateTime(), nullable=False, default=utcnow, index=True),
        Column("event", String(48), nullable=False, index=True),
        Column("actor_id", Integer, ForeignKey("users.id")),
        # Kept as plain ids, not foreign keys: the trail must outlive an erased account's rows.
        Column("account_id", Integer, index=True),
        Column("draft_id", Integer, index=True),
        Column("data", JSON(), nullable=False, default=dict),
    )


def _generation_jobs() -> Table:
    return Table(
        "generation_jobs",
        _metadata,
        id_column(),
        Column("draft_id", Integer, ForeignKey("drafts.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("version", Integer, nullable=False),
        Column("state", String(16), nullable=False, default="queued", index=True),
        Column("attempts", Integer, nullable=False, default=0),
        Column("worker", String(120)),
        Column("error", Text),
        Column("enqueued_at", UTCDateTime(), nullable=False, default=utcnow, index=True),
        Column("started_at", UTCDateTime()),
        Column("heartbeat_at", UTCDateTime()),
        Column("finished_at", UTCDateTime()),
    )


def _deliveries() -> Table:
    return Table(
        "deliveries",
        _metadata,
        id_column(),
        Column("draft_id", Integer, ForeignKey("drafts.id", ondelete="CASCADE"), nullable=False, unique=True),
        Column("version", Integer, nullable=False),
        Column("channel", String(16), nullable=False),
        Column("message_id", String(255), nullable=False, unique=True),
        # claimed: an attempt is under way or ended without a known outcome; done; failed: may be retried.
        Column("state", String(16), nullable=False, default="claimed"),
        Column("attempts", Integer, nullable=False, default=1),
        Column("recipient", String(320)),
        Column("location", Text),
        Column("error", Text),
        Column("actor_id", Integer, ForeignKey("users.id")),
        created_at_column(),
        updated_at_column(),
    )


def _account_summaries() -> Table:
    return Table(
        "account_summaries",
        _metadata,
        id_column(),
        Column(
            "account_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, unique=True
        ),
        Column("content", JSON(), nullable=False, default=dict),
        Column("model", String(200)),
        Column("prompt_version", String(32)),
        # The watermark: how many interactions the account had, and the latest update among them.
        Column("watermark_count", Integer, nullable=False, default=0),
        Column("watermark_at", UTCDateTime()),
        created_at_column(),
    )


def _imap_mailboxes() -> Table:
    return Table(
        "imap_mailboxes",
        _metadata,
        id_column(),
        # Password-free URL of the mailbox (imap://user@host:port/INBOX).
        Column("mailbox", String(512), nullable=False, unique=True),
        # UIDVALIDITY and UIDs are unsigned 32-bit: too big for a signed INTEGER on PostgreSQL.
        Column("uidvalidity", BigInteger, nullable=False),
        Column("last_uid", BigInteger, nullable=False, default=0),
        updated_at_column(),
    )


# One row counting committed writes to what the cached API reads show (see migration 0006); database
# triggers move it in the writing transaction, the API only reads it.
def _read_revision() -> Table:
    return Table(
        "read_revision",
        _metadata,
        id_column(),
        Column("revision", BigInteger, nullable=False),
    )


# Name -> builder, in the order the schema was always listed (the order `metadata` gets them in).
_BUILDERS: dict[str, Callable[[], Table]] = {
    "users": _users,
    "accounts": _accounts,
    "contacts": _contacts,
    "interactions": _interactions,
    "chunks": _chunks,
    "drafts": _drafts,
    "revisions": _revisions,
    "decisions": _decisions,
    "audit_events": _audit_events,
    "generation_jobs": _generation_jobs,
    "deliveries": _deliveries,
    "account_summaries": _account_summaries,
    "imap_mailboxes": _imap_mailboxes,
    "read_revision": _read_revision,
}

if TYPE_CHECKING:  # what `__getattr__` gives, for the type checker
    metadata: MetaData
    users: Table
    accounts: Table
    contacts: Table
    interactions: Table
    chunks: Table
    drafts: Table
    revisions: Table
    decisions: Table
    audit_events: Table
    generation_jobs: Table
    deliveries: Table
    account_summaries: Table
    imap_mailboxes: Table
    read_revision: Table


def table(name: str) -> Table:
    """The named table, built on first use together with the tables its foreign keys point at.

    The referenced tables come along so that a foreign key always resolves (joins, DDL, the ORM).
    """
    built = _metadata.tables.get(name)
    if built is not None:
        return built
    built = _BUILDERS[name]()
    for key in built.foreign_keys:
        table(key.target_fullname.split(".", 1)[0])
    return built


def __getattr__(name: str) -> object:
    # PEP 562: `tables.users` and `from copilot.db.tables import users` build the table on first use.
    if name in _BUILDERS:
        return table(name)
    if name == "metadata":
        for each in _BUILDERS:
            table(each)
        return _metadata
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
