"""Read access to drafts and their public shape."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from copilot.db.models import Draft
from copilot.errors import NotFoundError


def get_draft(*, session: Session, draft_id: int) -> Draft:
    """One draft, or NotFoundError."""
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise NotFoundError(f"draft {draft_id} not found")
    return draft


def draft_public(draft: Draft) -> dict[str, Any]:
    """The documented JSON shape of a draft."""
    return {
        "id": draft.id,
        "kind": draft.kind.value,
        "status": draft.status.value,
        "account_id": draft.account_id,
        "contact_id": draft.contact_id,
        "purpose": draft.purpose,
        "reply_to_interaction_id": draft.reply_to_interaction_id,
        "subject": draft.subject,
        "body": draft.body,
        "language": draft.language,
        "formality": draft.formality,
        "citations": draft.citations,
        "body_citations": draft.body_citations,
        "flags": draft.flags,
        "version": draft.version,
        "model": draft.model,
        "prompt_name": draft.prompt_name,
        "prompt_version": draft.prompt_version,
        "timings": draft.timings,
        "structured": draft.structured,
        "failure_reason": draft.failure_reason,
        "created_at": draft.created_at.isoformat() if draft.created_at else None,
    }


def draft_out(draft: Draft) -> dict[str, Any]:
    """The API shape of a draft: the documented public fields plus review state (the CLI shows it too)."""
    return {
        **draft_public(draft),
        "instructions": draft.instructions,
        "requested_by_id": draft.requested_by_id,
        "approved_version": draft.approved_version,
        "approved_by_id": draft.approved_by_id,
        "delivery_ref": draft.delivery_ref,
        "updated_at": draft.updated_at.isoformat() if draft.updated_at else None,
    }
