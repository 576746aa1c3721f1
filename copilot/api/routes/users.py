"""/v1/users: who am I; users and keys (admins)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from copilot.api.deps import CurrentUser, SessionDep
from copilot.api.schemas import AUTHENTICATED, IdPath, UserCreate, error_responses
from copilot.auth.policy import Action, ensure_allowed
from copilot.auth.users import (
    UserPublic,
    UserWithKey,
    create_user,
    deactivate_user,
    get_user,
    list_users,
    rotate_key,
)
from copilot.db.session import write_lock_first

# `{user_id:int}`: only numbers name a user, so `DELETE /v1/users/me` is a 405, not a bad user id.
router = APIRouter(
    prefix="/v1/users", tags=["users"], responses=error_responses(*AUTHENTICATED, 403, 404, 409, 413)
)


@router.get("/me")
def me(user: CurrentUser) -> UserPublic:
    """The caller."""
    return UserPublic.of(user)


@router.get("")
def list_all(user: CurrentUser, session: SessionDep) -> list[UserPublic]:
    """Every user (admins)."""
    ensure_allowed(user, Action.MANAGE_USERS)
    return [UserPublic.of(u) for u in list_users(session=session)]


@router.post("", status_code=201)
def add(body: UserCreate, user: CurrentUser, session: SessionDep) -> UserWithKey:
    """Create a user; the response holds their API key, which is not stored and never shown again."""
    ensure_allowed(user, Action.MANAGE_USERS)
    write_lock_first(session)  # reads, then writes: queue behind other writers instead of failing (SQLite)
    created, key = create_user(
        session,
        actor_id=user.id,
        **body.model_dump(
            include={"name", "role", "team", "email", "crm_owner_id", "display_name", "signature"}
        ),
    )
    session.commit()
    return UserWithKey.of_new_key(created, key)


@router.post("/{user_id:int}/key")
def new_key(user_id: IdPath, user: CurrentUser, session: SessionDep) -> UserWithKey:
    """Replace a user's key (the old one stops working); the new key is shown once."""
    ensure_allowed(user, Action.MANAGE_USERS)
    write_lock_first(session)
    target = get_user(session=session, user_id=user_id)
    key = rotate_key(session, user=target, actor_id=user.id)
    session.commit()
    return UserWithKey.of_new_key(target, key)


@router.delete("/{user_id:int}", status_code=204)
def deactivate(user_id: IdPath, user: CurrentUser, session: SessionDep) -> Response:
    """Revoke a user's access."""
    ensure_allowed(user, Action.MANAGE_USERS)
    write_lock_first(session)
    deactivate_user(session, user=get_user(session=session, user_id=user_id), actor_id=user.id)
    session.commit()
    return Response(status_code=204)
