"""/v1/drafts: request, read, edit, decide, regenerate, deliver, and audit drafts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from copilot.api.deps import CurrentUser, PoolDep, ServicesDep, SessionDep
from copilot.api.errors import retry_when_busy
from copilot.api.events import status_events
from copilot.api.read_cache import cached_json, viewer_key
from copilot.api.schemas import (
    AUTHENTICATED,
    DraftApprove,
    DraftCreate,
    DraftDeliver,
    DraftEdit,
    DraftRegenerate,
    DraftReject,
    IdPath,
    IdQuery,
    Offset,
    error_responses,
)
from copilot.auth.policy import Action, ensure_allowed, ensure_visible_account
from copilot.auth.scoped import (
    AuditEntry,
    RevisionPublic,
    draft_audit,
    draft_revisions,
    get_visible_draft,
    list_visible_drafts,
)
from copilot.db.models import Draft, DraftKind, DraftStatus
from copilot.delivery import deliver
from copilot.delivery.service import DeliveryPublic
from copilot.drafts import DraftAccepted, DraftEdited, DraftOut, draft_out
from copilot.jobs import enqueue
from copilot.tools.draft_email import EmailRequest, request_email
from copilot.workflow import approve_draft, edit_draft, reject_draft, start_regeneration

router = APIRouter(
    prefix="/v1/drafts", tags=["drafts"], responses=error_responses(*AUTHENTICATED, 403, 404, 409, 413)
)


def visible_draft(draft_id: IdPath, user: CurrentUser, session: SessionDep) -> Draft:
    """The path's draft if the caller may see it, else 404."""
    return get_visible_draft(session=session, user=user, draft_id=draft_id)


VisibleDraft = Annotated[Draft, Depends(visible_draft)]


@router.post("", status_code=202)
def request_draft(
    body: DraftCreate,
    user: CurrentUser,
    session: SessionDep,
    services: ServicesDep,
    pool: PoolDep,
    response: Response,
) -> DraftAccepted:
    """Ask for an email draft: 202 with its id; a worker generates it (poll it or follow its events)."""
    ensure_visible_account(session, user=user, account_id=body.account_id)
    ensure_allowed(user, Action.REQUEST_DRAFT)
    session.close()  # request_email and the queue use their own sessions; hold no connection meanwhile
    request = EmailRequest(
        body.account_id,
        body.purpose or "",
        body.contact_id,
        body.instructions,
        requested_by_id=user.id,
        reply_to_interaction_id=body.reply_to_interaction_id,
    )
    # Draft and job commit together: a database lost in between leaves neither (a 503, safe to retry).
    draft = retry_when_busy(lambda: request_email(services, request, on_open=pool.enqueue_with))
    pool.wake()
    response.headers["Location"] = f"/v1/drafts/{draft.id}"
    return DraftAccepted.of(draft)


@router.get("")
def list_drafts(
    user: CurrentUser,
    session: SessionDep,
    status: DraftStatus | None = None,
    account_id: IdQuery = None,
    kind: DraftKind | None = None,
    mine: bool = False,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Offset = 0,
) -> list[DraftOut]:
    """Drafts on accounts the caller may see, newest first."""
    drafts = list_visible_drafts(
        session=session,
        user=user,
        status=status,
        account_id=account_id,
        kind=kind,
        requested_by_id=user.id if mine else None,
        limit=limit,
        offset=offset,
    )
    return [DraftOut.of(d) for d in drafts]


# async, answered from the read cache: reviewers open drafts far more often than anything changes them.
@router.get("/{draft_id}", response_model=DraftOut)
async def get_draft(draft_id: IdPath, request: Request, user: CurrentUser) -> Response:
    """One draft."""

    def build(session: Session) -> dict[str, Any]:
        return draft_out(get_visible_draft(session=session, user=user, draft_id=draft_id))

    return await cached_json(request, ("draft", viewer_key(user), draft_id), build)


@router.patch("/{draft_id}")
def edit(draft_id: IdPath, body: DraftEdit, user: CurrentUser, session: SessionDep) -> DraftEdited:
    """Edit the named version; the edit becomes a new version (409 if the named one is stale)."""
    revision = edit_draft(
        session,
        draft_id=draft_id,
        editor=user,
        base_version=body.version,
        subject=body.subject,
        body=body.body,
    )
    session.commit()
    return DraftEdited.edited(get_visible_draft(session=session, user=user, draft_id=draft_id), revision.diff)


@router.post("/{draft_id}/approve")
def approve(
    draft_id: IdPath, body: DraftApprove, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> DraftOut:
    """Approve exactly the named version (reviewers and admins; never the requester, nor its author)."""
    draft = approve_draft(
        session,
        draft_id=draft_id,
        reviewer=user,
        version=body.version,
        reason=body.reason,
        subject=body.subject,
        body=body.body,
        allow_own_edits=services.settings.approve_with_edits,
    )
    session.commit()
    return DraftOut.of(draft)


@router.post("/{draft_id}/reject")
def reject(draft_id: IdPath, body: DraftReject, user: CurrentUser, session: SessionDep) -> DraftOut:
    """Reject exactly the named version with a reason."""
    draft = reject_draft(session, draft_id=draft_id, reviewer=user, version=body.version, reason=body.reason)
    session.commit()
    return DraftOut.of(draft)


@router.post("/{draft_id}/regenerate", status_code=202)
def regenerate(
    draft_id: IdPath, body: DraftRegenerate, user: CurrentUser, session: SessionDep, pool: PoolDep
) -> DraftAccepted:
    """Generate a new version; 202, like a new request."""
    draft = start_regeneration(session, draft_id=draft_id, actor=user, instructions=body.instructions)
    enqueue(session, draft_id=draft.id, version=draft.version)
    session.commit()
    pool.wake()
    return DraftAccepted.of(draft)


@router.post("/{draft_id}/deliver")
def deliver_draft(
    draft_id: IdPath, body: DraftDeliver, user: CurrentUser, services: ServicesDep
) -> DeliveryPublic:
    """Send or export the approved version; a repeat returns the first delivery and sends nothing."""
    return deliver(services, draft_id=draft_id, channel=body.channel, actor=user).public()


@router.get("/{draft_id}/audit")
def audit(draft: VisibleDraft, session: SessionDep) -> list[AuditEntry]:
    """Every audit event of the draft: requests, model calls, edits, decisions, deliveries."""
    return draft_audit(session=session, draft_id=draft.id)


@router.get("/{draft_id}/revisions")
def revisions(draft: VisibleDraft, session: SessionDep) -> list[RevisionPublic]:
    """Every version with its origin, author and diff."""
    return draft_revisions(session=session, draft_id=draft.id)


@router.get(
    "/{draft_id}/events",
    response_class=StreamingResponse,
    responses={200: {"description": "`status` events", "content": {"text/event-stream": {}}}},
)
async def events(
    draft: VisibleDraft, request: Request, services: ServicesDep, session: SessionDep
) -> StreamingResponse:
    """Server-sent `status` events until the draft leaves `generating`."""
    session.close()  # the stream may last minutes; it must not hold a pooled connection meanwhile
    stream = status_events(services, draft.id, request)
    return StreamingResponse(stream, media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
