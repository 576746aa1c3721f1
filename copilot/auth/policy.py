"""What each role may do, and which accounts (and so which drafts) a user may see at all.

Visibility is checked before permission, so an object the caller may not see answers 404 whatever
they asked to do with it, and 403 only tells them something they could already see.
"""

from __future__ import annotations

import enum

from sqlalchemy.orm import Session

from copilot.auth.visibility import (
    VIEWER_CLAUSES,
    Viewer,
    owned_by,
    owner_params,
    sees_every_account,
    viewer_kind,
    visible_accounts_clause,
)
from copilot.db.models import Account, Role, User
from copilot.errors import NotFoundError, PermissionDeniedError

# The visibility rule lives in copilot.auth.visibility (Core SQL, shared with the ORM-free CLI); these
# names stay importable from here, where the permissions are.
__all__ = [
    "PERMISSIONS",
    "VIEWER_CLAUSES",
    "Action",
    "allowed",
    "can_see_account",
    "ensure_allowed",
    "ensure_visible_account",
    "owned_by",
    "owner_params",
    "owns",
    "sees_every_account",
    "viewer_kind",
    "visible_accounts_clause",
]


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


def owns(user: Viewer, account: Account) -> bool:
    """owned_by, in Python, for one loaded account."""
    owner = account.owner
    if owner is None:
        return False
    email = (user.email or "").lower()
    return owner == user.name or (bool(email) and owner.lower() == email) or owner == user.crm_owner_id


def can_see_account(user: Viewer, account: Account) -> bool:
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
