"""The append-only audit trail: every model call and every state change writes one event."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from copilot.db.models import AuditEvent


def record_event(
    session: Session,
    event: str,
    *,
    actor_id: int | None = None,
    account_id: int | None = None,
    draft_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the caller's transaction (so it commits or rolls back with the change)."""
    row = AuditEvent(
        event=event, actor_id=actor_id, account_id=account_id, draft_id=draft_id, data=data or {}
    )
    session.add(row)
    return row
