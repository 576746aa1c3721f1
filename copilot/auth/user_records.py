"""Users as rows: the rules their fields obey, their public shape, and ORM-free reads and writes.

The rules (what a name, email, CRM owner id and sign-off may be; which owner identities are taken) are
used by both the ORM functions of copilot.auth.users (API, demo, tests) and the Core statements here,
which `copilot users list|add|update` and `copilot review --as` run on a plain connection so that they
start without SQLAlchemy's ORM. A statement here runs on an ORM Session as well as on a Connection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

from pydantic import Field
from sqlalchemy import Connection, Row, event, insert, select, update
from sqlalchemy.exc import IntegrityError

from copilot.auth.key_caches import forget_user_in_this_process
from copilot.auth.key_material import generate_api_key, hash_api_key, lookup_prefix
from copilot.db.tables import Role, audit_events, users
from copilot.errors import ConflictError, InvalidInputError, NotFoundError
from copilot.shapes import Shape


class Executes(Protocol):
    """A Connection or an ORM Session: both run Core statements."""

    def execute(self, statement: Any, parameters: Any = None, /) -> Any: ...

    def scalar(self, statement: Any, parameters: Any = None, /) -> Any: ...


def parse_role(role: str | Role) -> Role:
    """The role, or InvalidInputError naming the known ones."""
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


def parse_email(email: str | None) -> str | None:
    """A lower-cased address, or None for none; anything not shaped like local@domain.tld is refused."""
    problem = "email: {value!r} is not an email address (local@domain.tld, at most 254 characters)"
    text = _matching(email, EMAIL_RULE, problem, 254)
    return text.lower() if text else None


def parse_owner_id(crm_owner_id: str | None) -> str | None:
    """A CRM owner id, or None for none; spaces and over-long ids are refused."""
    problem = "crm_owner_id: {value!r} must be at most 120 characters without spaces"
    return _matching(crm_owner_id, OWNER_ID_RULE, problem, 120)


def ensure_unclaimed(
    db: Executes, column: Any, value: str | None, field: str, owner_id: int | None = None
) -> None:
    """ConflictError naming the field when another user (not `owner_id`) already holds this owner identity."""
    if value is None:
        return
    holder = db.scalar(select(users.c.id).where(column == value))
    if holder is not None and holder != owner_id:
        raise ConflictError(f"{field}: {value!r} already belongs to another user")


MAX_SIGNATURE_CHARS = 1000


def sign_off(display_name: str | None, signature: str | None) -> tuple[str | None, str | None]:
    """The display name (one line) and signature block as stored, blank ones as None."""
    display = (display_name or "").strip() or None
    if display is not None and (len(display) > 200 or "\n" in display):
        raise InvalidInputError("display_name: must be one line of at most 200 characters")
    block = (signature or "").strip("\n ") or None
    if block is not None and len(block) > MAX_SIGNATURE_CHARS:
        raise InvalidInputError(f"signature: must be at most {MAX_SIGNATURE_CHARS} characters")
    return display, block


def new_user_values(
    db: Executes,
    *,
    name: str,
    role: str | Role,
    team: str | None = None,
    email: str | None = None,
    crm_owner_id: str | None = None,
    display_name: str | None = None,
    signature: str | None = None,
) -> tuple[dict[str, Any], str]:
    """The checked column values of a new user with a fresh key, and the key (never stored)."""
    name = name.strip()
    if not name or len(name) > 120:
        raise InvalidInputError("name: must be 1-120 characters")
    email, crm_owner_id = parse_email(email), parse_owner_id(crm_owner_id)
    ensure_unclaimed(db, users.c.email, email, "email")
    ensure_unclaimed(db, users.c.crm_owner_id, crm_owner_id, "crm_owner_id")
    display, block = sign_off(display_name, signature)
    key = generate_api_key()
    values = {
        "name": name,
        "role": parse_role(role),
        "team": (team or "").strip() or None,
        "email": email,
        "crm_owner_id": crm_owner_id,
        "display_name": display,
        "signature": block,
        "api_key_hash": hash_api_key(key),
        "api_key_prefix": lookup_prefix(key),
        "active": True,
    }
    return values, key


def name_taken(name: str) -> ConflictError:
    """The error for a second user of the same name (the unique index refused the row)."""
    return ConflictError(f"name: a user called {name!r} already exists")


UPDATABLE_FIELDS = ("role", "team", "email", "crm_owner_id", "display_name", "signature")


def checked_changes(db: Executes, user_id: int, changes: Mapping[str, str | None]) -> dict[str, Any]:
    """The column values of a user update, every one checked before anything is written.

    Fields absent from `changes` stay as they are; a blank value clears an optional field.
    """
    unknown = sorted(set(changes) - set(UPDATABLE_FIELDS))
    if unknown:
        raise InvalidInputError(f"{unknown[0]}: not a field a user update can change")
    values: dict[str, Any] = {}
    if "role" in changes:
        values["role"] = parse_role(changes["role"] or "")
    if "team" in changes:
        values["team"] = (changes["team"] or "").strip() or None
    if "email" in changes:
        values["email"] = parse_email(changes["email"])
        ensure_unclaimed(db, users.c.email, values["email"], "email", owner_id=user_id)
    if "crm_owner_id" in changes:
        values["crm_owner_id"] = parse_owner_id(changes["crm_owner_id"])
        ensure_unclaimed(db, users.c.crm_owner_id, values["crm_owner_id"], "crm_owner_id", owner_id=user_id)
    display, block = sign_off(changes.get("display_name"), changes.get("signature"))
    if "display_name" in changes:
        values["display_name"] = display
    if "signature" in changes:
        values["signature"] = block
    return values


def user_row_by_name(db: Executes, name: str) -> Row[Any]:
    """One user's row by name, or NotFoundError."""
    row = db.execute(select(users).where(users.c.name == name)).first()
    if row is None:
        raise NotFoundError(f"user {name!r} not found")
    return row


def user_rows(db: Executes) -> list[Row[Any]]:
    """Every user's row, by name."""
    return list(db.execute(select(users).order_by(users.c.name)))


def _record(connection: Connection, event_name: str, actor_id: int | None, data: dict[str, Any]) -> None:
    # The audit row copilot.audit.record_event adds through the ORM, inserted directly.
    connection.execute(insert(audit_events).values(event=event_name, actor_id=actor_id, data=data))


def add_user_row(
    connection: Connection, *, actor_id: int | None = None, **fields: Any
) -> tuple[Row[Any], str]:
    """copilot.auth.users.create_user on a Connection: the new user's row and their key (shown once)."""
    values, key = new_user_values(connection, **fields)
    try:
        user = connection.execute(insert(users).values(**values).returning(users)).one()
    except IntegrityError:
        raise name_taken(values["name"]) from None
    _record(connection, "user.created", actor_id, {"user_id": user.id, "role": user.role.value})
    return user, key


def update_user_row(
    connection: Connection, *, user_id: int, changes: Mapping[str, str | None], actor_id: int | None = None
) -> Row[Any]:
    """Change the given fields of a user (see checked_changes); a refused change writes nothing.

    Role and owner identities decide what the user may see, so this process's key caches forget the
    user now and again once the transaction commits (another process's notice within their TTL).
    """
    values = checked_changes(connection, user_id, changes)
    if values:
        connection.execute(update(users).where(users.c.id == user_id).values(**values))
    forget_user_in_this_process(user_id)
    event.listen(connection, "commit", lambda _conn: forget_user_in_this_process(user_id), once=True)
    _record(connection, "user.updated", actor_id, {"user_id": user_id, "fields": sorted(values)})
    return connection.execute(select(users).where(users.c.id == user_id)).one()


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
    def of(cls, user: Any) -> UserPublic:
        """The public shape of a user (an ORM User or a row of the users table)."""
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
    def of_new_key(cls, user: Any, key: str) -> UserWithKey:
        """The user and the API key just made for them."""
        return cls(**dict(UserPublic.of(user)), api_key=key)


def user_public(user: Any) -> dict[str, Any]:
    """The JSON of `UserPublic` (the CLI's `--json`)."""
    return UserPublic.of(user).model_dump(mode="json")
