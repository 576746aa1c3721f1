"""Users and their keys, as small keyword-only data functions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from copilot.audit import record_event
from copilot.auth.cache import forget_user_everywhere
from copilot.auth.keys import generate_api_key, hash_api_key, lookup_prefix
from copilot.db.models import Role, User
from copilot.errors import ConflictError, InvalidInputError, NotFoundError


def _parse_role(role: str | Role) -> Role:
    try:
        return Role(role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise InvalidInputError(f"role: {role!r} is not one of {known}") from None


MAX_SIGNATURE_CHARS = 1000


def _sign_off(display_name: str | None, signature: str | None) -> tuple[str | None, str | None]:
    display = (display_name or "").strip() or None
    if display is not None and (len(display) > 200 or "\n" in display):
        raise InvalidInputError("display_name: must be one line of at most 200 characters")
    block = (signature or "").strip("\n ") or None
    if block is not None and len(block) > MAX_SIGNATURE_CHARS:
        raise InvalidInputError(f"signature: must be at most {MAX_SIGNATURE_CHARS} characters")
    return display, block


def create_user(
    session: Session,
    *,
    name: str,
    role: str | Role,
    team: str | None = None,
    actor_id: int | None = None,
    display_name: str | None = None,
    signature: str | None = None,
) -> tuple[User, str]:
    """Add a user with a fresh key; returns the user and the key, which is never stored or shown again.

    `display_name` and `signature` sign the customer emails the user requests.
    """
    name = name.strip()
    if not name or len(name) > 120:
        raise InvalidInputError("name: must be 1-120 characters")
    display, block = _sign_off(display_name, signature)
    key = generate_api_key()
    user = User(
        name=name,
        role=_parse_role(role),
        team=(team or "").strip() or None,
        display_name=display,
        signature=block,
        api_key_hash=hash_api_key(key),
        api_key_prefix=lookup_prefix(key),
        active=True,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        raise ConflictError(f"name: a user called {name!r} already exists") from None
    record_event(
        session, "user.created", actor_id=actor_id, data={"user_id": user.id, "role": user.role.value}
    )
    return user, key


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


def deactivate_user(session: Session, *, user: User, actor_id: int | None = None) -> None:
    """Revoke a user's access; their name stays on the drafts and decisions they made."""
    user.active = False
    user.api_key_hash = None
    user.api_key_prefix = None
    forget_user_everywhere(session, user.id)
    record_event(session, "user.deactivated", actor_id=actor_id, data={"user_id": user.id})


def user_public(user: User) -> dict[str, object]:
    """The public shape of a user (never the key or its hash)."""
    return {
        "id": user.id,
        "name": user.name,
        "role": user.role.value,
        "team": user.team,
        "display_name": user.display_name,
        "signature": user.signature,
        "active": user.active,
        "key_prefix": user.api_key_prefix,
        "created_at": user.created_at.isoformat() if user.created_at else None,
    }
