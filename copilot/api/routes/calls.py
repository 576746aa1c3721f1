"""/v1/calls: submit a call transcript; it is ingested and summarised into a draft held for approval."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Request

from copilot.api.deps import CurrentUser, ServicesDep, SessionDep
from copilot.api.routes.ingest import Filename
from copilot.api.schemas import AUTHENTICATED, RAW_BODY, RequiredIdQuery, error_responses
from copilot.auth.policy import Action, ensure_allowed, ensure_visible_account
from copilot.container import Services
from copilot.db.models import Draft
from copilot.drafts import DraftPublic
from copilot.ingest.calls import ingest_transcript
from copilot.ingest.filenames import safe_name
from copilot.ingest.service import stage_upload
from copilot.tools.summarize_call import summarize_call

router = APIRouter(
    prefix="/v1/calls", tags=["calls"], responses=error_responses(*AUTHENTICATED, 403, 404, 409, 413, 502)
)


def call_account(user: CurrentUser, session: SessionDep, account_id: RequiredIdQuery) -> int:
    """The call's account, which the caller must see and may request drafts for."""
    ensure_visible_account(session, user=user, account_id=account_id)
    ensure_allowed(user, Action.REQUEST_DRAFT)
    session.close()  # summarising takes a while; release the connection
    return account_id


@router.post("", status_code=201, openapi_extra=RAW_BODY)
async def submit_call(
    request: Request,
    services: ServicesDep,
    user: CurrentUser,
    account_id: Annotated[int, Depends(call_account)],
    filename: Filename,
) -> DraftPublic:
    """Ingest the transcript (raw body) into the account and return its call-summary draft."""
    data = await request.body()
    path = stage_upload(services, "transcript", safe_name(filename), data, account_id=account_id)
    draft = await anyio.to_thread.run_sync(lambda: _ingest_and_summarize(services, path, account_id, user.id))
    return DraftPublic.of(draft)


def _ingest_and_summarize(services: Services, path: Path, account_id: int, user_id: int) -> Draft:
    interaction_id = ingest_transcript(services, path, account_id)
    return summarize_call(services, interaction_id, requested_by_id=user_id)
