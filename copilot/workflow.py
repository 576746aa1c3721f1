"""The draft lifecycle: the only code that changes a draft's status, each change audited in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from copilot.audit import record_event
from copilot.db.models import Draft, DraftKind, DraftStatus, Revision
from copilot.errors import ConflictError

# Which status may follow which; anything else is refused.
TRANSITIONS: dict[DraftStatus, set[DraftStatus]] = {
    DraftStatus.GENERATING: {DraftStatus.PENDING_REVIEW, DraftStatus.FAILED},
    DraftStatus.PENDING_REVIEW: {DraftStatus.APPROVED, DraftStatus.REJECTED, DraftStatus.GENERATING},
    DraftStatus.APPROVED: {DraftStatus.SENT, DraftStatus.EXPORTED},
    DraftStatus.REJECTED: {DraftStatus.GENERATING},
    DraftStatus.FAILED: {DraftStatus.GENERATING},
    DraftStatus.SENT: set(),
    DraftStatus.EXPORTED: set(),
}


def _move(session: Session, draft: Draft, target: DraftStatus, actor_id: int | None, **data: Any) -> None:
    if target not in TRANSITIONS[draft.status]:
        raise ConflictError(f"draft {draft.id} is {draft.status.value}; cannot become {target.value}")
    previous = draft.status
    draft.status = target
    record_event(
        session,
        f"draft.{target.value}",
        actor_id=actor_id,
        account_id=draft.account_id,
        draft_id=draft.id,
        data={"from": previous.value, "to": target.value, "version": draft.version, **data},
    )


def open_draft(
    session: Session,
    *,
    kind: DraftKind,
    account_id: int,
    contact_id: int | None,
    purpose: str,
    instructions: str | None,
    requested_by_id: int | None,
) -> Draft:
    """Create a draft in `generating`, audited."""
    draft = Draft(
        kind=kind,
        status=DraftStatus.GENERATING,
        account_id=account_id,
        contact_id=contact_id,
        purpose=purpose,
        instructions=instructions,
        requested_by_id=requested_by_id,
        version=1,
    )
    session.add(draft)
    session.flush()
    record_event(
        session,
        "draft.requested",
        actor_id=requested_by_id,
        account_id=account_id,
        draft_id=draft.id,
        data={"kind": kind.value, "purpose": purpose},
    )
    return draft


def complete_generation(session: Session, draft: Draft, *, subject: str | None, body: str, **fields: Any) -> None:
    """Store generated content as a revision and hold the draft for review."""
    draft.subject = subject
    draft.body = body
    for name, value in fields.items():
        setattr(draft, name, value)
    session.add(
        Revision(draft_id=draft.id, version=draft.version, origin="generated", subject=subject, body=body)
    )
    _move(session, draft, DraftStatus.PENDING_REVIEW, None)


def fail_generation(session: Session, draft: Draft, reason: str) -> None:
    """Mark a draft failed with the reason (never left stuck in generating)."""
    draft.failure_reason = reason
    _move(session, draft, DraftStatus.FAILED, None, reason=reason)
