"""What each role may do, and which accounts (and so which drafts) a user may see at all.

Visibility is checked before permission, so an object the caller may not see answers 404 whatever
they asked to do with it, and 403 only tells them something they could already see.
"""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import ColumnElement, bindparam, false, func, or_, true
from sqlalchemy.orm import Session

from copilot.db.models import Account, Role, User
from copilot.errors import NotFoundError, PermissionDeniedError


class Action(enum.StrEnum):
    """Things a user can ask for; each role holds a fixed set."""

    READ = "read"
    REQUEST_DRAFT = "request drafts"
    EDIT_DRAFT = "edit drafts"
    REGENERATE = "regenerate drafts"
    DECIDE = "approve or reject drafts"
    DELIVER = "send or export drafts"
    REVIEW_QUEUE = "work the review queue"
    REVIEW_STATS = "read review statistics"
    SET_AUDIENCE = "change who an interaction is for"
    INGEST = "upload sources"
    # Creating or changing accounts and contacts (CRM exports) decides who sees what: admins only.
    IMPORT_CRM = "create or change accounts and contacts"
    MANAGE_USERS = "manage users and keys"
    EXPORT_ACCOUNT = "export all data of an account"
    ERASE_ACCOUNT = "erase an account"


_ALL = set(Action)
PERMISSIONS: dict[Role, set[Action]] = {
    Role.REP: {
        Action.READ,
        Action.REQUEST_DRAFT,
        Action.EDIT_DRAFT,
        Action.REGENERATE,
        Action.DELIVER,
        Action.INGEST,
    },
    Role.MANAGER: {Action.READ, Action.REVIEW_STATS},
    Role.REVIEWER: {
        Action.READ,
        Action.EDIT_DRAFT,
        Action.REGENERATE,
        Action.DECIDE,
        Action.DELIVER,
        Action.REVIEW_QUEUE,
        Action.REVIEW_STATS,
        Action.SET_AUDIENCE,
    },
    Role.ADMIN: _ALL,
}


def sees_every_account(user: User) -> bool:
    """Admins, and reviewers without a team (a central review desk), see every account."""
    return user.role is Role.ADMIN or (user.role is Role.REVIEWER and not user.team)


def owned_by(name: Any, email: Any, crm_owner_id: Any) -> ColumnElement[bool]:
    """Account.owner names this user: as their user name, their email (any case) or their CRM owner id.

    Exports carry whichever the CRM has (HubSpot owner email or id, Salesforce OwnerId); a blank email
    or owner id matches nothing. Arguments are values or bound parameters (bound as NULL when blank:
    a comparison with NULL is never true). A plain None is left out, since SQLAlchemy would turn
    `owner == None` into `owner IS NULL` and hand the user every account without an owner.
    """
    clauses = [Account.owner == name]
    if not _blank(email):
        clauses.append(func.lower(Account.owner) == func.lower(email))
    if not _blank(crm_owner_id):
        clauses.append(Account.owner == crm_owner_id)
    return or_(*clauses)


def _blank(value: Any) -> bool:
    """A plain None or empty string (a bound parameter is never blank here: it is judged in SQL)."""
    return value is None or (isinstance(value, str) and not value.strip())


def owner_params(user: User) -> dict[str, str | None]:
    """The values owned_by binds for one user (see VIEWER_CLAUSES)."""
    return {
        "viewer_name": user.name,
        "viewer_email": user.email or None,
        "viewer_owner_id": user.crm_owner_id or None,
    }


def owns(user: User, account: Account) -> bool:
    """owned_by, in Python, for one loaded account."""
    owner = account.owner
    if owner is None:
        return False
    email = (user.email or "").lower()
    return owner == user.name or (bool(email) and owner.lower() == email) or owner == user.crm_owner_id


def visible_accounts_clause(user: User) -> ColumnElement[bool]:
    """A WHERE clause on Account keeping only what the user may see (filtering happens in the query)."""
    if sees_every_account(user):
        return true()
    clauses: list[ColumnElement[bool]] = [owned_by(user.name, user.email, user.crm_owner_id)]
    if user.team:
        clauses.append(Account.team == user.team)
    return or_(*clauses) if clauses else false()


# The rule of visible_accounts_clause with bound parameters instead of values, one clause per kind of
# viewer: statements built from these once (see scoped.py) skip SQLAlchemy's per-request statement
# construction and cache-key computation, which cost more than the query itself on SQLite.
_OWNED_BY_VIEWER = owned_by(bindparam("viewer_name"), bindparam("viewer_email"), bindparam("viewer_owner_id"))
VIEWER_CLAUSES: dict[str, ColumnElement[bool]] = {
    "everyone": true(),
    "owner": _OWNED_BY_VIEWER,
    "owner_or_team": or_(_OWNED_BY_VIEWER, Account.team == bindparam("viewer_team")),
}


def viewer_kind(user: User) -> tuple[str, dict[str, str | None]]:
    """Which of VIEWER_CLAUSES applies to the user, and the parameters it binds."""
    if sees_every_account(user):
        return "everyone", {}
    if user.team:
        return "owner_or_team", {**owner_params(user), "viewer_team": user.team}
    return "owner", owner_params(user)


def can_see_account(user: User, account: Account) -> bool:
    """True when the account is the user's own, their team's, or the user sees everything."""
    if sees_every_account(user):
        return True
    return owns(user, account) or (bool(user.team) and account.team == user.team)


def ensure_visible_account(session: Session, *, user: User, account_id: int) -> Account:
    """The account, or NotFoundError when it does not exist or the user may not see it (no leak)."""
    account = session.get(Account, account_id)
    if account is None or not can_see_account(user, account):
        raise NotFoundError(f"account {account_id} not found")
    return account


def allowed(user: User, action: Action) -> bool:
    """Whether the user's role includes the action."""
    return action in PERMISSIONS[user.role]


def ensure_allowed(user: User, action: Action) -> None:
    """Raise PermissionDeniedError unless the user's role includes the action."""
    if not allowed(user, action):
        raise PermissionDeniedError(f"a {user.role.value} may not {action.value}")
