"""Four eyes on content: who produced the words of a draft's current version.

A reviewer other than the requester must approve, but a reviewer who edited the text, or had it
regenerated under their own instructions, would otherwise approve their own words. The current
version's content comes from its latest generation and every edit made since; each has an author.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.db.models import AuditEvent, Draft, Revision, User
from copilot.errors import PermissionDeniedError

EDIT_ORIGINS = frozenset({"edit", "review_edit"})
GENERATED_ORIGINS = frozenset({"generated", "regenerated"})
# Written on the audit event of a regeneration that came with new instructions.
INSTRUCTED_BY = "instructed_by"


def instructions_author(session: Session, draft: Draft, up_to_version: int) -> int | None:
    """Who wrote the instructions a generation of `up_to_version` ran under (None: the requester's)."""
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.draft_id == draft.id, AuditEvent.event == "draft.generating")
        .order_by(AuditEvent.id.desc())
    )
    for event in events:
        version = event.data.get("version")
        if isinstance(version, int) and version <= up_to_version and INSTRUCTED_BY in event.data:
            author = event.data[INSTRUCTED_BY]
            return author if isinstance(author, int) else None
    return None


def _revisions_since_generation(session: Session, draft: Draft) -> list[Revision]:
    """The current version's revision and the ones before it, back to its latest generation."""
    revisions = session.scalars(
        select(Revision)
        .where(Revision.draft_id == draft.id, Revision.version <= draft.version)
        .order_by(Revision.version.desc())
    )
    chain: list[Revision] = []
    for revision in revisions:
        chain.append(revision)
        if revision.origin in GENERATED_ORIGINS:
            break
    return chain


def ensure_not_own_content(session: Session, draft: Draft, reviewer: User, *, allow_own_edits: bool) -> None:
    """Refuse an approval of words the reviewer produced (their edit, or their instructions).

    `allow_own_edits` (COPILOT_APPROVE_WITH_EDITS) lets a reviewer approve text they edited by hand;
    a regeneration under the reviewer's own instructions always needs another reviewer.
    """
    for revision in _revisions_since_generation(session, draft):
        if revision.origin in EDIT_ORIGINS and revision.author_id == reviewer.id and not allow_own_edits:
            raise PermissionDeniedError(
                f"draft {draft.id}: version {revision.version} holds your own edit; another reviewer must "
                "approve it (or set COPILOT_APPROVE_WITH_EDITS=true to allow approving your own edits)"
            )
        instructed = revision.origin in GENERATED_ORIGINS and draft.instructions is not None
        if instructed and instructions_author(session, draft, revision.version) == reviewer.id:
            raise PermissionDeniedError(
                f"draft {draft.id}: version {revision.version} was generated under your instructions; "
                "another reviewer must approve it"
            )


def ensure_may_edit_while_approving(draft: Draft, *, allow_own_edits: bool) -> None:
    """Approve-with-edits makes the approver the author of what leaves: allowed only when configured."""
    if not allow_own_edits:
        raise PermissionDeniedError(
            f"draft {draft.id}: approving with edits would approve your own words; save the edit and let "
            "another reviewer approve it (or set COPILOT_APPROVE_WITH_EDITS=true)"
        )
