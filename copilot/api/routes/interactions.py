"""/v1/interactions: read an account's records with their audience; reviewers change the audience."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from copilot.api.deps import CurrentUser, SessionDep
from copilot.api.schemas import (
    AUTHENTICATED,
    AudienceChange,
    IdPath,
    Offset,
    RequiredIdQuery,
    error_responses,
)
from copilot.auth.policy import Action, ensure_allowed, ensure_visible_account
from copilot.db.session import write_lock_first
from copilot.interactions import InteractionPublic, get_visible_interaction, list_interactions, set_audience

router = APIRouter(
    prefix="/v1/interactions", tags=["interactions"], responses=error_responses(*AUTHENTICATED, 403, 404)
)


@router.get("")
def list_all(
    account_id: RequiredIdQuery,
    user: CurrentUser,
    session: SessionDep,
    audience: Literal["customer", "internal"] | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[InteractionPublic]:
    """One visible account's interactions, newest first, each with its audience."""
    ensure_visible_account(session, user=user, account_id=account_id)
    rows = list_interactions(session, account_id=account_id, audience=audience, limit=limit, offset=offset)
    return [InteractionPublic.of(r) for r in rows]


@router.get("/{interaction_id}")
def get_one(interaction_id: IdPath, user: CurrentUser, session: SessionDep) -> InteractionPublic:
    """One interaction of an account the caller may see (404 otherwise)."""
    return InteractionPublic.of(get_visible_interaction(session, user=user, interaction_id=interaction_id))


@router.put("/{interaction_id}/audience")
def change_audience(
    interaction_id: IdPath, body: AudienceChange, user: CurrentUser, session: SessionDep
) -> InteractionPublic:
    """Set who the interaction is for (reviewers, admins); audited, and kept when it is re-ingested."""
    write_lock_first(session)
    row = get_visible_interaction(session, user=user, interaction_id=interaction_id)
    ensure_allowed(user, Action.SET_AUDIENCE)
    set_audience(session, row=row, audience=body.audience, actor=user, reason=body.reason)
    session.commit()
    return InteractionPublic.of(row)
