"""Users and their keys, as small keyword-only data functions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import Field
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from copilot.audit import record_event
from copilot.auth.cache import forget_user_everywhere
from copilot.auth.keys import generate_api_key, hash_api_key, lookup_prefix
from copilot.db.models import Role, User
from copilot.errors import ConflictError, InvalidInputError, NotFoundError
from copilot.shapes import Shape


def _parse_role(role: str | Role) -> Role:
    try:
        return Role(role)
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise InvalidInputError(f"role: {role!r} is not one of {known}") from None


# One rule for the OpenAPI schema and the server (so a schema-valid value is never refused): no
# white space or control characters (listed, since JSON Schema's \s and Python's differ), one "@",
# a dot inside the domain. Blank means none.
_NOT_SPACE = r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
EMAIL_RULE = rf"{_NOT_SPACE}@]+@{_NOT_SPACE}@]+\.{_NOT_SPACE}@]+"
OWNER_ID_RULE = rf"{_NOT_SPACE}]+"


def schema_pattern(rule: str) -> str:
    """The rule as a JSON Schema pattern that also admits a blank value."""
    return f"^(?:{rule})?$"


def _matching(value: str | None, rule: str, problem: str, limit: int) -> str | None:
    # A JSON Schema validator in Python lets "$" match before one final newline; so does this.
    text = (value or "").removesuffix("\n")
    if not text:
        return None
    if len(text) > limit or not re.fullmatch(rule, text):
        raise InvalidInputError(problem.format(value=value))
    return text


def _parse_email(email: str | None) -> str | None:
    """A lower-cased address, or None for none; anything not shaped like local@domain.tld is refused."""
    problem = "email: {value!r} is not an email address (local@domain.tld, at most 254 characters)"
    text = _matching(email, EMAIL_RULE, problem, 254)
    return text.lower() if text else None


def _parse_owner_id(crm_owner_id: str | None) -> str | None:
    problem = "crm_owner_id: {value!r} must be at most 120 characters without spaces"
    return _matching(crm_owner_id, OWNER_ID_RULE, problem, 120)


def _ensure_unclaimed(
    session: Session, column: Any, value: str | None, field: str, owner_id: int | None = None
) -> None:
    """ConflictError naming the field when another user (not `owner_id`) already holds this owner identity."""
    if value is None:
        return
    holder = session.scalar(select(User.id).where(column == value))
    if holder is not None and holder != owner_id:
        raise ConflictError(f"{field}: {value!r} already belongs to another user")


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
    name = name.strip()
    if not name or len(name) > 120:
        raise InvalidInputError("name: must be 1-120 characters")
    email, crm_owner_id = _parse_email(email), _parse_owner_id(crm_owner_id)
    _ensure_unclaimed(session, User.email, email, "email")
    _ensure_unclaimed(session, User.crm_owner_id, crm_owner_id, "crm_owner_id")
    display, block = _sign_off(display_name, signature)
    key = generate_api_key()
    user = User(
        name=name,
        role=_parse_role(role),
        team=(team or "").strip() or None,
        email=email,
        crm_owner_id=crm_owner_id,
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


def update_user(
    session: Session,
    *,
    user: User,
    changes: Mapping[str, str | None],
    actor_id: int | None = None,
) -> User:
    """Change the given fields of a user (role, team, email, crm_owner_id, display_name, signature).

    Fields absent from `changes` stay as they are; a blank value clears an optional field. Every value
    is checked before anything is written, so a refused change leaves the user untouched.
    """
    unknown = sorted(set(changes) - set(UPDATABLE_FIELDS))
    if unknown:
        raise InvalidInputError(f"{unknown[0]}: not a field a user update can change")
    values = _checked_changes(session, user, changes)
    for field, value in values.items():
        setattr(user, field, value)
    # Role and owner identities decide what the user may see: cached decisions must not outlive them.
    forget_user_everywhere(session, user.id)
    record_event(
        session, "user.updated", actor_id=actor_id, data={"user_id": user.id, "fields": sorted(values)}
    )
    return user


UPDATABLE_FIELDS = ("role", "team", "email", "crm_owner_id", "display_name", "signature")


def _checked_changes(session: Session, user: User, changes: Mapping[str, str | None]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "role" in changes:
        values["role"] = _parse_role(changes["role"] or "")
    if "team" in changes:
        values["team"] = (changes["team"] or "").strip() or None
    if "email" in changes:
        values["email"] = _parse_email(changes["email"])
        _ensure_unclaimed(session, User.email, values["email"], "email", owner_id=user.id)
    if "crm_owner_id" in changes:
        values["crm_owner_id"] = _parse_owner_id(changes["crm_owner_id"])
        _ensure_unclaimed(
            session, User.crm_owner_id, values["crm_owner_id"], "crm_owner_id", owner_id=user.id
        )
    display, block = _sign_off(changes.get("display_name"), changes.get("signature"))
    if "display_name" in changes:
        values["display_name"] = display
    if "signature" in changes:
        values["signature"] = block
    return values


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


class UserPublic(Shape):
    """The public shape of a user (never the key or its hash)."""

    id: int
    name: str
    role: Role
    team: str | None
    email: str | None
    crm_owner_id: str | None
    display_name: str | None
    signature: str | None
    active: bool
    key_prefix: str | None = Field(description="the first characters of the key, to tell keys apart")
    created_at: str | None = Field(description="ISO 8601")

    @classmethod
    def of(cls, user: User) -> UserPublic:
        """The user's public shape."""
        return cls(
            id=user.id,
            name=user.name,
            role=user.role,
            team=user.team,
            email=user.email,
            crm_owner_id=user.crm_owner_id,
            display_name=user.display_name,
            signature=user.signature,
            active=user.active,
            key_prefix=user.api_key_prefix,
            created_at=user.created_at.isoformat() if user.created_at else None,
        )


class UserWithKey(UserPublic):
    """A user with their new API key, shown this once and never stored."""

    api_key: str

    @classmethod
    def of_new_key(cls, user: User, key: str) -> UserWithKey:
        """The user and the API key just made for them."""
        return cls(**dict(UserPublic.of(user)), api_key=key)


def user_public(user: User) -> dict[str, Any]:
    """The JSON of `UserPublic` (the CLI's `--json`)."""
    return UserPublic.of(user).model_dump(mode="json")
