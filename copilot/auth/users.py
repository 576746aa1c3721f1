"""Users and their keys, as small keyword-only data functions."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from copilot.audit import record_event
from copilot.auth.cache import forget_user_everywhere
from copilot.auth.keys import generate_api_key, hash_api_key, lookup_prefix
from copilot.auth.user_records import (
    EMAIL_RULE,
    OWNER_ID_RULE,
    UPDATABLE_FIELDS,
    UserPublic,
    UserWithKey,
    checked_changes,
    name_taken,
    new_user_values,
    schema_pattern,
    user_public,
)
from copilot.db.models import Role, User
from copilot.errors import ConflictError, NotFoundError

# The rules and shapes live in copilot.auth.user_records (ORM-free, shared with the CLI); these names
# stay importable from here.
__all__ = [
    "EMAIL_RULE",
    "OWNER_ID_RULE",
    "UPDATABLE_FIELDS",
    "UserPublic",
    "UserWithKey",
    "create_user",
    "deactivate_user",
    "get_user",
    "get_user_by_name",
    "issue_key",
    "list_users",
    "owner_sign_off",
    "rotate_key",
    "schema_pattern",
    "update_user",
    "user_public",
]


def create_user(
    session: Session,
    *,
    name: str,
    role: str | Role,
    team: str | None = None,
    email: str | None = None,
    crm_owner_id: str | None = None,
    actor_id: int | None = None,
    display_name: str | None = None,
    signature: str | None = None,
) -> tuple[User, str]:
    """Add a user with a fresh key; returns the user and the key, which is never stored or shown again.

    `email` and `crm_owner_id` are how CRM exports may name the user as an account owner;
    `display_name` and `signature` sign the customer emails the user requests.
    """
    values, key = new_user_values(
        session,
        name=name,
        role=role,
        team=team,
        email=email,
        crm_owner_id=crm_owner_id,
        display_name=display_name,
        signature=signature,
    )
    user = User(**values)
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise name_taken(user.name) from None
    record_event(
        session, "user.created", actor_id=actor_id, data={"user_id": user.id, "role": user.role.value}
    )
    return user, key


def update_user(
    session: Session,
    *,
    user: User,
    changes: Mapping[str, str | None],
    actor_id: int | None = None,
) -> User:
    """Change the given fields of a user (role, team, email, crm_owner_id, display_name, signature).

    Fields absent from `changes` stay as they are; a blank value clears an optional field. Every value
    is checked before anything is written (user_records.checked_changes), so a refused change leaves the
    user untouched. The CLI runs the same rules on a Connection (user_records.update_user_row).
    """
    values = checked_changes(session, user.id, changes)
    for field, value in values.items():
        setattr(user, field, value)
    # Role and owner identities decide what the user may see: cached decisions must not outlive them.
    forget_user_everywhere(session, user.id)
    record_event(
        session, "user.updated", actor_id=actor_id, data={"user_id": user.id, "fields": sorted(values)}
    )
    return user


def get_user(*, session: Session, user_id: int) -> User:
    """One user by id, or NotFoundError."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"user {user_id} not found")
    return user


def get_user_by_name(*, session: Session, name: str) -> User:
    """One user by name, or NotFoundError."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFoundError(f"user {name!r} not found")
    return user


def list_users(*, session: Session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.name)))


def rotate_key(session: Session, *, user: User, actor_id: int | None = None) -> str:
    """Replace a user's key (the old one stops working at once); returns the new key."""
    key = generate_api_key()
    user.api_key_hash = hash_api_key(key)
    user.api_key_prefix = lookup_prefix(key)
    user.active = True
    forget_user_everywhere(session, user.id)
    record_event(session, "user.key_rotated", actor_id=actor_id, data={"user_id": user.id})
    return key


def issue_key(session: Session, *, name: str, role: Role, team: str | None = None) -> str:
    """A fresh key for the user called `name`, created with `role` if absent (any old key stops working).

    For the demo, which prints sign-in keys on every run: keys are stored hashed, so a new one is the
    only way to show one again.
    """
    existing = session.scalar(select(User).where(User.name == name))
    if existing is None:
        return create_user(session, name=name, role=role, team=team)[1]
    if existing.role is not role:
        raise ConflictError(f"name: user {name!r} exists with role {existing.role.value}, not {role.value}")
    return rotate_key(session, user=existing)


def owner_sign_off(session: Session, owner: str | None) -> str:
    """The name to sign a letter with for an account's CRM owner field.

    Exports may name the owner by email or CRM id; then the matching user's name is used, and an id no
    user claims is never printed in a customer's letter.
    """
    team = "Your Account Team"
    if not owner:
        return team
    match = or_(User.name == owner, User.email == owner.lower(), User.crm_owner_id == owner)
    user = session.scalar(select(User).where(match).order_by(User.id).limit(1))
    if user is not None:
        return user.name.title()
    looks_like_name = "@" not in owner and not any(c.isdigit() for c in owner)
    return owner.title() if looks_like_name else team


def deactivate_user(session: Session, *, user: User, actor_id: int | None = None) -> None:
    """Revoke a user's access; their name stays on the drafts and decisions they made."""
    user.active = False
    user.api_key_hash = None
    user.api_key_prefix = None
    forget_user_everywhere(session, user.id)
    record_event(session, "user.deactivated", actor_id=actor_id, data={"user_id": user.id})
