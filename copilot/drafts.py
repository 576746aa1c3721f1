"""Read access to drafts and their public shapes."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from pydantic import Field

from copilot.db.tables import DraftKind, DraftStatus
from copilot.draft_content import BodyCitation, CallContent, Citation, Flag, Timings
from copilot.errors import NotFoundError
from copilot.shapes import Shape

if TYPE_CHECKING:
    from sqlalchemy import Row
    from sqlalchemy.orm import Session

    from copilot.db.models import Draft


class DraftPublic(Shape):
    """The documented shape of a draft: its text, the records it cites, its flags and how it was made."""

    id: int
    kind: DraftKind
    status: DraftStatus
    account_id: int
    contact_id: int | None
    purpose: str | None
    reply_to_interaction_id: int | None
    subject: str | None
    body: str | None
    language: str | None
    formality: str | None
    citations: list[Citation]
    body_citations: list[BodyCitation]
    flags: list[Flag]
    version: int
    model: str | None
    prompt_name: str | None
    prompt_version: str | None
    timings: Timings
    structured: CallContent
    failure_reason: str | None
    created_at: str | None = Field(description="ISO 8601")

    @classmethod
    def of(cls, draft: Draft) -> DraftPublic:
        """The draft's public shape."""
        return cls.model_validate(_public_fields(draft))


class DraftOut(DraftPublic):
    """The API shape of a draft: the public fields plus its review state."""

    instructions: str | None
    requested_by_id: int | None
    approved_version: int | None
    approved_by_id: int | None
    delivery_ref: str | None
    updated_at: str | None = Field(description="ISO 8601")

    @classmethod
    def of(cls, draft: Draft | Row[Any]) -> DraftOut:
        """The draft's API shape (from an ORM Draft or a row of the drafts table)."""
        return cls.model_validate({**_public_fields(draft), **_review_fields(draft)})


class DraftEdited(DraftOut):
    """A draft after an edit, with the edit's diff against the version it was made on."""

    diff: str | None

    @classmethod
    def edited(cls, draft: Draft, diff: str | None) -> DraftEdited:
        """The draft just edited, with the edit's diff."""
        return cls.model_validate({**_public_fields(draft), **_review_fields(draft), "diff": diff})


class DraftLinks(Shape):
    """Where to read a draft and follow its status events."""

    self: str
    events: str


class DraftAccepted(Shape):
    """The 202 answer to a generation request: where to poll or follow events."""

    id: int
    status: DraftStatus
    version: int
    links: DraftLinks

    @classmethod
    def of(cls, draft: Draft) -> DraftAccepted:
        """Where to poll the draft or follow its events."""
        links = DraftLinks(self=f"/v1/drafts/{draft.id}", events=f"/v1/drafts/{draft.id}/events")
        return cls(id=draft.id, status=draft.status, version=draft.version, links=links)


class SelfLink(Shape):
    """Where the whole object is."""

    self: str


class QueueItem(Shape):
    """One review-queue row: enough to pick a draft; the whole draft is at `links.self`."""

    id: int
    kind: DraftKind
    status: DraftStatus
    version: int
    account_id: int
    contact_id: int | None
    purpose: str | None
    subject: str | None
    language: str | None
    flags_by_type: dict[str, int]
    requested_by_id: int | None
    created_at: str | None
    updated_at: str | None
    may_decide: bool = Field(description="false on the reviewer's own requests")
    links: SelfLink

    @classmethod
    def of(cls, draft: Draft, *, may_decide: bool) -> QueueItem:
        """The draft's queue row (only QUEUE_COLUMNS need be loaded)."""
        flag_types = Counter(str(flag.get("type")) for flag in draft.flags or [])
        return cls(
            id=draft.id,
            kind=draft.kind,
            status=draft.status,
            version=draft.version,
            account_id=draft.account_id,
            contact_id=draft.contact_id,
            purpose=draft.purpose,
            subject=draft.subject,
            language=draft.language,
            flags_by_type=dict(flag_types),
            requested_by_id=draft.requested_by_id,
            created_at=_iso(draft.created_at),
            updated_at=_iso(draft.updated_at),
            may_decide=may_decide,
            links=SelfLink(self=f"/v1/drafts/{draft.id}"),
        )


def get_draft(*, session: Session, draft_id: int) -> Draft:
    """One draft, or NotFoundError."""
    from copilot.db.models import Draft  # a caller holding a Session has loaded the ORM already

    draft = session.get(Draft, draft_id)
    if draft is None:
        raise NotFoundError(f"draft {draft_id} not found")
    return draft


def _iso(value: object) -> str | None:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else None


def _public_fields(draft: Draft | Row[Any]) -> dict[str, object]:
    return {
        "id": draft.id,
        "kind": draft.kind,
        "status": draft.status,
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
        "created_at": _iso(draft.created_at),
    }


def _review_fields(draft: Draft | Row[Any]) -> dict[str, object]:
    return {
        "instructions": draft.instructions,
        "requested_by_id": draft.requested_by_id,
        "approved_version": draft.approved_version,
        "approved_by_id": draft.approved_by_id,
        "delivery_ref": draft.delivery_ref,
        "updated_at": _iso(draft.updated_at),
    }


def draft_public(draft: Draft) -> dict[str, Any]:
    """The JSON of `DraftPublic` (the CLI's `--json`, exports)."""
    return DraftPublic.of(draft).model_dump(mode="json")


def draft_out(draft: Draft) -> dict[str, Any]:
    """The JSON of `DraftOut`: the public fields plus review state (the CLI shows it too)."""
    return DraftOut.of(draft).model_dump(mode="json")
