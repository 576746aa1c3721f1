"""What each role may do, and which accounts (and so which drafts) a user may see at all.

Visibility is checked before permission, so an object the caller may not see answers 404 whatever
they asked to do with it, and 403 only tells them something they could already see.
"""

from __future__ import annotations

import enum

from sqlalchemy import ColumnElement, bindparam, false, or_, true
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


def visible_accounts_clause(user: User) -> ColumnElement[bool]:
    """A WHERE clause on Account keeping only what the user may see (filtering happens in the query)."""
    if sees_every_account(user):
        return true()
    clauses: list[ColumnElement[bool]] = [Account.owner == user.name]
    if user.team:
        clauses.append(Account.team == user.team)
    return or_(*clauses) if clauses else false()


# The rule of visible_accounts_clause with bound parameters instead of values, one clause per kind of
# viewer: statements built from these once (see scoped.py) skip SQLAlchemy's per-request statement
# construction and cache-key computation, which cost more than the query itself on SQLite.
VIEWER_CLAUSES: dict[str, ColumnElement[bool]] = {
    "everyone": true(),
    "owner": Account.owner == bindparam("viewer_name"),
    "owner_or_team": or_(Account.owner == bindparam("viewer_name"), Account.team == bindparam("viewer_team")),
}


def viewer_kind(user: User) -> tuple[str, dict[str, str]]:
    """Which of VIEWER_CLAUSES applies to the user, and the parameters it binds."""
    if sees_every_account(user):
        return "everyone", {}
    if user.team:
        return "owner_or_team", {"viewer_name": user.name, "viewer_team": user.team}
    return "owner", {"viewer_name": user.name}


def can_see_account(user: User, account: Account) -> bool:
    """True when the account is the user's own, their team's, or the user sees everything."""
    if sees_every_account(user):
        return True
    return account.owner == user.name or (bool(user.team) and account.team == user.team)


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
