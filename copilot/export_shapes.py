"""The documented shape of a GDPR export (`copilot.privacy.export_account`): every row we hold about
one account, each table's rows typed column by column from the table itself, so a new column is
documented the day it is added.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from pydantic import Field, create_model
from sqlalchemy import JSON, ColumnElement, Table
from sqlalchemy.types import TypeDecorator

from copilot.auth.scoped import AuditData
from copilot.db.models import AuditEvent, Base, Decision, Delivery, Interaction, Revision
from copilot.draft_content import BodyCitation, Flag
from copilot.drafts import DraftPublic
from copilot.interactions import Participant
from copilot.records import AccountPublic, ContactPublic
from copilot.shapes import Shape

# What the JSON columns hold. Connector metadata (`extra`) is whatever the source carried: free JSON.
JSON_COLUMNS: dict[str, Any] = {
    "participants": list[Participant],
    "tone_flags": list[Flag],
    "body_citations": list[BodyCitation],
    "data": AuditData,
}
FREE_JSON = Field(description="metadata kept as the source gave it (any JSON object)")


def _column_type(column: ColumnElement[Any]) -> Any:
    # What `_plain` makes of the column: dates as ISO 8601 text, JSON as stored, the rest as it is.
    if isinstance(column.type, JSON):
        return JSON_COLUMNS.get(str(column.key), Any)
    stored = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    kind: Any = stored.python_type
    if issubclass(kind, date):  # datetime too
        kind = str
    return kind | None if column.nullable else kind


def row_shape(model: type[Base]) -> type[Shape]:
    """The exported shape of a table's rows: every column, typed as `_plain` writes it."""
    fields: dict[str, Any] = {}
    for column in model.__table__.columns:
        kind = _column_type(column)
        fields[column.key] = (kind, FREE_JSON if kind is Any else ...)
    # Every model maps a Table of copilot/db/tables.py (typed only as a FromClause on the base).
    doc = f"A {cast(Table, model.__table__).name} row as stored, dates as ISO 8601 text."
    return create_model(f"Exported{model.__name__}", __base__=Shape, __doc__=doc, **fields)


class AccountExported(AccountPublic):
    """The account as exported: its public shape and the CRM fields kept as imported."""

    extra: Any = Field(description="CRM fields kept as imported (any JSON object)")


class DraftExported(DraftPublic):
    """A draft as exported: its public shape and who asked for it, who approved it, and where it went."""

    requested_by_id: int | None
    approved_by_id: int | None
    approved_version: int | None
    delivery_ref: str | None
    instructions: str | None


def _rows_of(model: type[Base]) -> Any:
    return (list[row_shape(model)], ...)  # type: ignore[misc]


AccountExport = create_model(
    "AccountExport",
    __base__=Shape,
    __doc__="Everything held about one account (GDPR access).",
    exported_at=(str, Field(description="ISO 8601")),
    account=(AccountExported, ...),
    contacts=(list[ContactPublic], ...),
    interactions=_rows_of(Interaction),
    drafts=(list[DraftExported], ...),
    revisions=_rows_of(Revision),
    decisions=_rows_of(Decision),
    deliveries=_rows_of(Delivery),
    audit_events=_rows_of(AuditEvent),
)
