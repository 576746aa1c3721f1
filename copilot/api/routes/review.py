"""/v1/review: the reviewer's queue and reviewer-feedback statistics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from copilot.api.deps import CurrentUser, SessionDep
from copilot.api.read_cache import cached_json, viewer_key
from copilot.api.schemas import AUTHENTICATED, QUEUE_COLUMNS, Offset, error_responses
from copilot.auth.policy import Action, ensure_allowed, visible_accounts_clause
from copilot.auth.scoped import list_visible_drafts
from copilot.db.models import DraftStatus
from copilot.drafts import QueueItem
from copilot.review_stats import ReviewStatsRow, review_rows

router = APIRouter(prefix="/v1/review", tags=["review"], responses=error_responses(*AUTHENTICATED, 403))


# async, answered from the read cache: the hot read of the reviewer UI (see copilot.api.read_cache).
@router.get("/queue", response_model=list[QueueItem])
async def queue(
    request: Request,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Offset = 0,
) -> Response:
    """Drafts waiting for review, oldest first, as a listing: who asked for what, the subject and the
    flags by type; the body and citations are at `links.self`. `may_decide` is false on the reviewer's
    own requests."""
    ensure_allowed(user, Action.REVIEW_QUEUE)

    def build(session: Session) -> list[dict[str, Any]]:
        drafts = list_visible_drafts(
            session=session,
            user=user,
            status=DraftStatus.PENDING_REVIEW,
            oldest_first=True,
            limit=limit,
            offset=offset,
            columns=QUEUE_COLUMNS,
        )
        return [
            QueueItem.of(d, may_decide=d.requested_by_id != user.id).model_dump(mode="json") for d in drafts
        ]

    return await cached_json(request, ("review-queue", viewer_key(user), limit, offset), build)


@router.get("/stats")
def stats(user: CurrentUser, session: SessionDep) -> list[ReviewStatsRow]:
    """Approval rate, edit ratio and time to decision per tool, model and prompt version."""
    ensure_allowed(user, Action.REVIEW_STATS)
    return review_rows(session, visible=visible_accounts_clause(user))
