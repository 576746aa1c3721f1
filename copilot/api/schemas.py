"""Request bodies (closed: an unknown field is a 422 naming it) and response shapes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from copilot.db.models import Draft, Role
from copilot.drafts import draft_public


class Closed(BaseModel):
    """No extra fields: status, approver, owner or requester can never ride along in a body."""

    model_config = ConfigDict(extra="forbid")


class DraftCreate(Closed):
    """Ask for an email draft; it is generated asynchronously."""

    account_id: int
    purpose: str = Field(min_length=3, max_length=2000)
    contact_id: int | None = None
    instructions: str | None = Field(default=None, max_length=2000)


class DraftEdit(Closed):
    """A new subject and/or body for the version named by `version`."""

    version: int = Field(ge=1)
    subject: str | None = Field(default=None, max_length=300)
    body: str | None = Field(default=None, max_length=20000)


class DraftApprove(Closed):
    """Approve `version`; with subject/body, approve the reviewer's edit of it."""

    version: int = Field(ge=1)
    reason: str | None = Field(default=None, max_length=2000)
    subject: str | None = Field(default=None, max_length=300)
    body: str | None = Field(default=None, max_length=20000)


class DraftReject(Closed):
    """Reject `version`, saying why."""

    version: int = Field(ge=1)
    reason: str = Field(min_length=1, max_length=2000)


class DraftRegenerate(Closed):
    """Generate a new version, optionally with new instructions."""

    instructions: str | None = Field(default=None, max_length=2000)


class DraftDeliver(Closed):
    """Send by SMTP, export as .eml, or (call summaries) write back to the account's record."""

    channel: Literal["smtp", "eml", "record"]


class UserCreate(Closed):
    """A new user; the response carries their API key once."""

    name: str = Field(min_length=1, max_length=120)
    role: Role
    team: str | None = Field(default=None, max_length=60)


class ToneRequest(Closed):
    """A text to label, and whether it comes from the customer or from us."""

    text: str = Field(min_length=1, max_length=20000)
    direction: Literal["inbound", "outbound"]


def draft_out(draft: Draft) -> dict[str, Any]:
    """The API shape of a draft: the documented public fields plus review state."""
    return {
        **draft_public(draft),
        "instructions": draft.instructions,
        "requested_by_id": draft.requested_by_id,
        "approved_version": draft.approved_version,
        "approved_by_id": draft.approved_by_id,
        "delivery_ref": draft.delivery_ref,
        "updated_at": draft.updated_at.isoformat() if draft.updated_at else None,
    }


def accepted(draft: Draft) -> dict[str, Any]:
    """The 202 answer to a generation request: where to poll or follow events."""
    return {
        "id": draft.id,
        "status": draft.status.value,
        "version": draft.version,
        "links": {"self": f"/v1/drafts/{draft.id}", "events": f"/v1/drafts/{draft.id}/events"},
    }
