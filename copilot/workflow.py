"""The draft lifecycle: the only code that changes a draft's status; each change audited in its transaction.

Every status change is one conditional UPDATE (`WHERE status = <seen> AND version = <seen>`), so two
racing requests can never both win: the loser matches no row and gets a ConflictError (409). On
PostgreSQL the row is also locked (SELECT ... FOR UPDATE) while the rules are checked.
"""

from __future__ import annotations

import difflib
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from copilot.audit import record_event
from copilot.auth.policy import Action, can_see_account, ensure_allowed
from copilot.content_authors import INSTRUCTED_BY, ensure_may_edit_while_approving, ensure_not_own_content
from copilot.db.models import (
    Account,
    AuditEvent,
    Decision,
    Draft,
    DraftKind,
    DraftStatus,
    Revision,
    Role,
    User,
)
from copilot.db.session import write_lock_first
from copilot.db.types import utcnow
from copilot.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from copilot.evidence import carry_over

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
DECIDERS = {Role.REVIEWER, Role.ADMIN}
# Every character str.splitlines() breaks at: the email header writer refuses each of them, so a
# subject holding one would fail at delivery.
LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def has_line_break(text: str) -> bool:
    """True when the text is not one line."""
    return not LINE_BREAKS.isdisjoint(text)


def _apply(session: Session, draft: Draft, values: dict[str, Any]) -> None:
    # Only if the row is still in the status and version this transaction saw; else someone else won.
    changes = {"updated_at": utcnow(), **values}
    statement = (
        update(Draft)
        .where(Draft.id == draft.id, Draft.status == draft.status, Draft.version == draft.version)
        .values(**changes)
        .execution_options(synchronize_session=False)
    )
    result = cast(CursorResult[Any], session.execute(statement))
    if result.rowcount != 1:
        raise ConflictError(f"draft {draft.id} was changed by someone else; reload it and try again")
    for name, value in changes.items():
        set_committed_value(draft, name, value)


def _move(
    session: Session,
    draft: Draft,
    target: DraftStatus,
    actor_id: int | None,
    *,
    values: dict[str, Any] | None = None,
    **data: Any,
) -> None:
    previous = draft.status
    if target not in TRANSITIONS[previous]:
        raise ConflictError(f"draft {draft.id} is {previous.value}; cannot become {target.value}")
    _apply(session, draft, {"status": target, **(values or {})})
    record_event(
        session,
        f"draft.{target.value}",
        actor_id=actor_id,
        account_id=draft.account_id,
        draft_id=draft.id,
        data={"from": previous.value, "to": target.value, "version": draft.version, **data},
    )


def lock_draft(session: Session, *, draft_id: int, actor: User | None = None) -> Draft:
    """The draft, row-locked for this transaction; NotFoundError if absent or hidden from the actor."""
    # SQLite has no row locks: take its write lock first so concurrent transitions queue. Call this first.
    write_lock_first(session)
    statement = (
        select(Draft).where(Draft.id == draft_id).with_for_update().execution_options(populate_existing=True)
    )
    draft = session.scalar(statement)
    if draft is None:
        raise NotFoundError(f"draft {draft_id} not found")
    if actor is not None and not can_see_account(actor, session.get_one(Account, draft.account_id)):
        raise NotFoundError(f"draft {draft_id} not found")
    return draft


def _check_version(draft: Draft, version: int) -> None:
    if version != draft.version:
        raise ConflictError(
            f"draft {draft.id} is at version {draft.version}, not {version}; review the current version"
        )


def _insert_with_fresh_id(session: Session, draft: Draft) -> None:
    # SQLite hands the largest id out again once its row is deleted (erasure). An erased draft's id must
    # never name a new draft: its audit trail and any link a client kept still carry it, so the trail is
    # the high-water mark, computed inside the INSERT itself (one statement, so racing writers cannot
    # take the same id). PostgreSQL sequences never reuse ids; there the database picks.
    if session.get_bind().dialect.name == "sqlite":
        audited = select(func.coalesce(func.max(AuditEvent.draft_id), 0)).scalar_subquery()
        stored = select(func.coalesce(func.max(Draft.id), 0)).scalar_subquery()
        draft.id = func.max(audited, stored) + 1
    session.add(draft)
    session.flush()


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
    _insert_with_fresh_id(session, draft)
    record_event(
        session,
        "draft.requested",
        actor_id=requested_by_id,
        account_id=account_id,
        draft_id=draft.id,
        data={"kind": kind.value, "purpose": purpose},
    )
    return draft


def complete_generation(
    session: Session, draft: Draft, *, subject: str | None, body: str, **fields: Any
) -> None:
    """Store generated content as a revision and hold the draft for review."""
    draft.subject = subject
    draft.body = body
    for name, value in fields.items():
        setattr(draft, name, value)
    origin = "generated" if draft.version == 1 else "regenerated"
    session.add(
        Revision(
            draft_id=draft.id,
            version=draft.version,
            origin=origin,
            subject=subject,
            body=body,
            body_citations=list(draft.body_citations or []),
        )
    )
    _move(session, draft, DraftStatus.PENDING_REVIEW, None)


def fail_generation(session: Session, draft: Draft, reason: str) -> None:
    """Mark a draft failed with the reason (never left stuck in generating)."""
    draft.failure_reason = reason
    _move(session, draft, DraftStatus.FAILED, None, reason=reason)


def text_diff(
    old_subject: str | None, old_body: str | None, new_subject: str | None, new_body: str | None
) -> str:
    """A unified diff of subject and body, as stored on a revision."""
    before = [f"Subject: {old_subject or ''}", "", *(old_body or "").splitlines()]
    after = [f"Subject: {new_subject or ''}", "", *(new_body or "").splitlines()]
    return "\n".join(difflib.unified_diff(before, after, "before", "after", lineterm=""))


def _revised(draft: Draft, subject: str | None, body: str | None) -> tuple[str | None, str | None]:
    if subject is not None and has_line_break(subject):
        raise InvalidInputError("subject: must be one line; CR, LF and other line breaks are not allowed")
    new_subject = draft.subject if subject is None else subject
    new_body = draft.body if body is None else body
    if (new_subject, new_body) == (draft.subject, draft.body):
        raise InvalidInputError("subject/body: the edit changes nothing")
    if not (new_body or "").strip():
        raise InvalidInputError("body: must not be empty")
    return new_subject, new_body


def _revision(draft: Draft, old: tuple[str | None, str | None], origin: str, author: User) -> Revision:
    return Revision(
        draft_id=draft.id,
        version=draft.version,
        origin=origin,
        author_id=author.id,
        subject=draft.subject,
        body=draft.body,
        body_citations=list(draft.body_citations or []),
        diff=text_diff(old[0], old[1], draft.subject, draft.body),
    )


def _edited_values(draft: Draft, subject: str | None, body: str | None) -> dict[str, Any]:
    """The new subject and body, and the body citations that survive the edit (unchanged spans only)."""
    new_subject, new_body = _revised(draft, subject, body)
    kept = carry_over(draft.body or "", new_body or "", list(draft.body_citations or []))
    return {"subject": new_subject, "body": new_body, "body_citations": kept}


def edit_draft(
    session: Session, *, draft_id: int, editor: User, base_version: int, subject: str | None, body: str | None
) -> Revision:
    """Save an edit of a pending draft as a new version with a revision (who, when, diff); audited."""
    draft = lock_draft(session, draft_id=draft_id, actor=editor)
    ensure_allowed(editor, Action.EDIT_DRAFT)
    if draft.status is not DraftStatus.PENDING_REVIEW:
        raise ConflictError(f"draft {draft.id} is {draft.status.value}; only a pending draft can be edited")
    _check_version(draft, base_version)
    old = (draft.subject, draft.body)
    _apply(session, draft, {"version": draft.version + 1, **_edited_values(draft, subject, body)})
    revision = _revision(draft, old, "edit", editor)
    session.add(revision)
    record_event(
        session,
        "draft.edited",
        actor_id=editor.id,
        account_id=draft.account_id,
        draft_id=draft.id,
        data={"from_version": base_version, "version": draft.version},
    )
    return revision


def _check_decider(draft: Draft, reviewer: User) -> None:
    ensure_allowed(reviewer, Action.DECIDE)
    if draft.requested_by_id is not None and draft.requested_by_id == reviewer.id:
        raise PermissionDeniedError(f"draft {draft.id}: nobody may decide on a draft they requested")
    if draft.status is not DraftStatus.PENDING_REVIEW:
        raise ConflictError(f"draft {draft.id} is {draft.status.value}; only a pending draft can be decided")


def approve_draft(
    session: Session,
    *,
    draft_id: int,
    reviewer: User,
    version: int,
    reason: str | None = None,
    subject: str | None = None,
    body: str | None = None,
    allow_own_edits: bool = False,
) -> Draft:
    """Approve exactly `version` (409 if stale); with subject/body, the reviewer's edit is approved.

    Four eyes on content: the reviewer may not approve words they produced (403), unless
    `allow_own_edits` (COPILOT_APPROVE_WITH_EDITS) lets them approve their own edits.
    """
    draft = lock_draft(session, draft_id=draft_id, actor=reviewer)
    _check_decider(draft, reviewer)
    _check_version(draft, version)
    edited = subject is not None or body is not None
    if edited:
        ensure_may_edit_while_approving(draft, allow_own_edits=allow_own_edits)
    ensure_not_own_content(session, draft, reviewer, allow_own_edits=allow_own_edits)
    old = (draft.subject, draft.body)
    values: dict[str, Any] = {"approved_version": version, "approved_by_id": reviewer.id}
    if edited:
        values.update(
            version=version + 1, approved_version=version + 1, **_edited_values(draft, subject, body)
        )
    _move(
        session,
        draft,
        DraftStatus.APPROVED,
        reviewer.id,
        values=values,
        reviewed_version=version,
        edited=edited,
    )
    if edited:
        session.add(_revision(draft, old, "review_edit", reviewer))
    session.add(
        Decision(
            draft_id=draft.id,
            version=draft.version,
            reviewer_id=reviewer.id,
            outcome="approved",
            reason=reason,
        )
    )
    return draft


def reject_draft(session: Session, *, draft_id: int, reviewer: User, version: int, reason: str) -> Draft:
    """Reject exactly `version` with a reason (409 if stale)."""
    if not reason.strip():
        raise InvalidInputError("reason: a rejection needs a reason")
    draft = lock_draft(session, draft_id=draft_id, actor=reviewer)
    _check_decider(draft, reviewer)
    _check_version(draft, version)
    _move(session, draft, DraftStatus.REJECTED, reviewer.id, reason=reason)
    session.add(
        Decision(
            draft_id=draft.id, version=version, reviewer_id=reviewer.id, outcome="rejected", reason=reason
        )
    )
    return draft


def start_regeneration(
    session: Session, *, draft_id: int, actor: User, instructions: str | None = None
) -> Draft:
    """Put a pending, rejected or failed draft back to `generating` as a new version; a worker fills it."""
    draft = lock_draft(session, draft_id=draft_id, actor=actor)
    ensure_allowed(actor, Action.REGENERATE)
    values: dict[str, Any] = {
        "version": draft.version + 1,
        "failure_reason": None,
        "approved_version": None,
        "approved_by_id": None,
    }
    instructed: dict[str, Any] = {}
    if instructions is not None:
        values["instructions"] = instructions
        instructed[INSTRUCTED_BY] = actor.id  # whose words the new version follows (four eyes)
    _move(session, draft, DraftStatus.GENERATING, actor.id, values=values, regenerate=True, **instructed)
    return draft


def assert_deliverable(session: Session, draft: Draft) -> Decision:
    """The approval that lets this exact version leave; ConflictError if there is none."""
    if draft.status is not DraftStatus.APPROVED:
        raise ConflictError(f"draft {draft.id} is {draft.status.value}; only an approved draft can leave")
    if draft.approved_version != draft.version or draft.approved_by_id is None:
        raise ConflictError(f"draft {draft.id}: version {draft.version} is not the approved version")
    approver = session.get(User, draft.approved_by_id)
    if approver is None or approver.role not in DECIDERS or draft.approved_by_id == draft.requested_by_id:
        raise ConflictError(
            f"draft {draft.id}: the approval does not come from a reviewer other than the requester"
        )
    decision = session.scalar(
        select(Decision).where(
            Decision.draft_id == draft.id,
            Decision.version == draft.version,
            Decision.reviewer_id == approver.id,
            Decision.outcome == "approved",
        )
    )
    if decision is None:
        raise ConflictError(f"draft {draft.id}: no recorded approval of version {draft.version}")
    return decision


def mark_delivered(
    session: Session, *, draft: Draft, target: DraftStatus, actor_id: int | None, ref: str
) -> None:
    """Record that the approved version left (sent or exported), audited with its reference."""
    if target not in (DraftStatus.SENT, DraftStatus.EXPORTED):
        raise InvalidInputError(f"target: {target.value} is not a delivery status")
    assert_deliverable(session, draft)
    _move(session, draft, target, actor_id, values={"delivery_ref": ref}, ref=ref)
