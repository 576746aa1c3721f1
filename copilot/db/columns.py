"""The schema's enumerations (who a user is, where a draft stands, which tool made it) and the column
shapes every table repeats.

Kept apart from copilot/db/tables.py (which re-exports the enumerations) so that module holds tables only.
"""

from __future__ import annotations

import enum

from sqlalchemy import Column, Enum, Integer

from copilot.db.types import UTCDateTime, utcnow


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


def enum_column(cls: type[enum.Enum]) -> Enum:
    """An enumeration column's type: short strings with a CHECK, identical on SQLite and PostgreSQL."""
    return Enum(cls, native_enum=False, length=24, values_callable=lambda e: [m.value for m in e])


def id_column() -> Column[int]:
    """The integer primary key."""
    return Column("id", Integer, primary_key=True)


def created_at_column() -> Column[object]:
    """When the row was made (UTC)."""
    return Column("created_at", UTCDateTime(), nullable=False, default=utcnow)


def updated_at_column() -> Column[object]:
    """When the row last changed (UTC)."""
    return Column("updated_at", UTCDateTime(), nullable=False, default=utcnow, onupdate=utcnow)
