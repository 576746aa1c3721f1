"""Data access limited to what one user may see: the filter is in the query, never applied afterwards."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import Field
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, load_only

from copilot.auth.visibility import VIEWER_CLAUSES, viewer_kind, visible_accounts, visible_drafts
from copilot.db.models import Account, AuditEvent, Draft, DraftKind, DraftStatus, Revision, User
from copilot.draft_content import BodyCitation
from copilot.errors import NotFoundError
from copilot.shapes import Shape, StoredShape


def list_visible_accounts(
    *, session: Session, user: User, owner: str | None = None, limit: int = 100, offset: int = 0
) -> list[Account]:
    """The accounts the user may see, by name, optionally one owner's."""
    return list(session.scalars(visible_accounts(Account, user, owner=owner).limit(limit).offset(offset)))


# One draft by id, per kind of viewer; built once because every draft route reads one this way.
_VISIBLE_DRAFT = {
    kind: select(Draft)
    .join(Account, Account.id == Draft.account_id)
    .where(Draft.id == bindparam("draft_id"), visible)
    for kind, visible in VIEWER_CLAUSES.items()
}


def get_visible_draft(*, session: Session, user: User, draft_id: int) -> Draft:
    """One draft on an account the user may see, or NotFoundError (the same answer as for no draft)."""
    kind, params = viewer_kind(user)
    draft = session.scalar(_VISIBLE_DRAFT[kind], {"draft_id": draft_id, **params})
    if draft is None:
        raise NotFoundError(f"draft {draft_id} not found")
    return draft


def list_visible_drafts(
    *,
    session: Session,
    user: User,
    status: DraftStatus | None = None,
    account_id: int | None = None,
    kind: DraftKind | None = None,
    requested_by_id: int | None = None,
    oldest_first: bool = False,
    limit: int = 50,
    offset: int = 0,
    columns: Sequence[Any] = (),
) -> list[Draft]:
    """Drafts on accounts the user may see, filtered; newest first unless `oldest_first` (review queue).

    The query is copilot.auth.visibility.visible_drafts, which the CLI runs on the drafts table.

    `columns` loads only those Draft attributes (others load lazily on access): list views skip the
    bodies, citations and structured parts.
    """
    query = visible_drafts(
        Draft,
        user,
        status=status,
        account_id=account_id,
        kind=kind,
        requested_by_id=requested_by_id,
        oldest_first=oldest_first,
    )
    if columns:
        query = query.options(load_only(*columns))
    return list(session.scalars(query.limit(limit).offset(offset)))


class AuditData(StoredShape):
    """What an audit event recorded; which fields it holds depends on the event."""

    version: int | None = None
    from_version: int | None = None
    reason: str | None = None
    channel: str | None = None
    error: str | None = None


class AuditEntry(Shape):
    """One audit event of a draft, with the actor's name."""

    id: int
    at: str = Field(description="ISO 8601")
    event: str = Field(description="e.g. draft.requested, model.call, draft.approved, draft.delivered")
    actor: str | None
    data: AuditData


class RevisionPublic(Shape):
    """One version of a draft: where it came from, who wrote it, its text and its diff."""

    version: int
    origin: str = Field(description="generated, regenerated or edited")
    author: str | None
    subject: str | None
    body: str | None
    body_citations: list[BodyCitation]
    diff: str | None
    created_at: str = Field(description="ISO 8601")


def draft_audit(*, session: Session, draft_id: int) -> list[AuditEntry]:
    """The audit trail of one draft, oldest first, with actor names."""
    query = (
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.draft_id == draft_id)
        .order_by(AuditEvent.id)
    )
    return [
        AuditEntry.model_validate(
            {"id": e.id, "at": e.at.isoformat(), "event": e.event, "actor": name, "data": e.data}
        )
        for e, name in session.execute(query).tuples()
    ]


def draft_revisions(*, session: Session, draft_id: int) -> list[RevisionPublic]:
    """Every version of a draft with its origin, author and diff."""
    query = (
        select(Revision, User.name)
        .outerjoin(User, User.id == Revision.author_id)
        .where(Revision.draft_id == draft_id)
        .order_by(Revision.version)
    )
    return [
        RevisionPublic.model_validate(
            {
                "version": r.version,
                "origin": r.origin,
                "author": name,
                "subject": r.subject,
                "body": r.body,
                "body_citations": r.body_citations,
                "diff": r.diff,
                "created_at": r.created_at.isoformat(),
            }
        )
        for r, name in session.execute(query).tuples()
    ]
