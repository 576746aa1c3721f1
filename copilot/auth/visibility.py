"""Which accounts, and so which drafts, a user may see: the one copy of the rule, as Core SQL.

Written against the Core tables (copilot/db/tables.py) so that both the ORM code (API, web pages,
copilot.auth.scoped) and the CLI's ORM-free commands build their queries here: an ORM Session runs
these statements with a mapped class in `select()`, a Core connection with the table itself. Nothing
here imports SQLAlchemy's ORM.
"""

from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, bindparam, false, func, or_, select, true

from copilot.db.tables import DraftKind, DraftStatus, Role, accounts, drafts


class Viewer(Protocol):
    """What the rule reads of a user: an ORM User, a cached VerifiedUser or a Core row all have it."""

    @property
    def name(self) -> str: ...

    @property
    def role(self) -> Role: ...

    @property
    def team(self) -> str | None: ...

    @property
    def email(self) -> str | None: ...

    @property
    def crm_owner_id(self) -> str | None: ...


def sees_every_account(user: Viewer) -> bool:
    """Admins, and reviewers without a team (a central review desk), see every account."""
    return user.role is Role.ADMIN or (user.role is Role.REVIEWER and not user.team)


def owned_by(name: Any, email: Any, crm_owner_id: Any) -> ColumnElement[bool]:
    """accounts.owner names this user: as their user name, their email (any case) or their CRM owner id.

    Exports carry whichever the CRM has (HubSpot owner email or id, Salesforce OwnerId); a blank email
    or owner id matches nothing. Arguments are values or bound parameters (bound as NULL when blank:
    a comparison with NULL is never true). A plain None is left out, since SQLAlchemy would turn
    `owner == None` into `owner IS NULL` and hand the user every account without an owner.
    """
    clauses = [accounts.c.owner == name]
    if not _blank(email):
        clauses.append(func.lower(accounts.c.owner) == func.lower(email))
    if not _blank(crm_owner_id):
        clauses.append(accounts.c.owner == crm_owner_id)
    return or_(*clauses)


def _blank(value: Any) -> bool:
    """A plain None or empty string (a bound parameter is never blank here: it is judged in SQL)."""
    return value is None or (isinstance(value, str) and not value.strip())


def owner_params(user: Viewer) -> dict[str, str | None]:
    """The values owned_by binds for one user (see VIEWER_CLAUSES)."""
    return {
        "viewer_name": user.name,
        "viewer_email": user.email or None,
        "viewer_owner_id": user.crm_owner_id or None,
    }


def visible_accounts_clause(user: Viewer) -> ColumnElement[bool]:
    """A WHERE clause on accounts keeping only what the user may see (filtering happens in the query)."""
    if sees_every_account(user):
        return true()
    clauses: list[ColumnElement[bool]] = [owned_by(user.name, user.email, user.crm_owner_id)]
    if user.team:
        clauses.append(accounts.c.team == user.team)
    return or_(*clauses) if clauses else false()


# The rule of visible_accounts_clause with bound parameters instead of values, one clause per kind of
# viewer: statements built from these once (see scoped.py) skip SQLAlchemy's per-request statement
# construction and cache-key computation, which cost more than the query itself on SQLite.
_OWNED_BY_VIEWER = owned_by(bindparam("viewer_name"), bindparam("viewer_email"), bindparam("viewer_owner_id"))
VIEWER_CLAUSES: dict[str, ColumnElement[bool]] = {
    "everyone": true(),
    "owner": _OWNED_BY_VIEWER,
    "owner_or_team": or_(_OWNED_BY_VIEWER, accounts.c.team == bindparam("viewer_team")),
}


def viewer_kind(user: Viewer) -> tuple[str, dict[str, str | None]]:
    """Which of VIEWER_CLAUSES applies to the user, and the parameters it binds."""
    if sees_every_account(user):
        return "everyone", {}
    if user.team:
        return "owner_or_team", {**owner_params(user), "viewer_team": user.team}
    return "owner", owner_params(user)


def visible_accounts(what: Any, user: Viewer, *, owner: str | None = None) -> Select[Any]:
    """SELECT `what` (the Account class or the accounts table) the user may see, by name."""
    query = select(what).where(visible_accounts_clause(user)).order_by(accounts.c.name, accounts.c.id)
    if owner is not None:
        query = query.where(accounts.c.owner == owner)
    return query


def visible_drafts(
    what: Any,
    user: Viewer,
    *,
    status: DraftStatus | None = None,
    account_id: int | None = None,
    kind: DraftKind | None = None,
    requested_by_id: int | None = None,
    oldest_first: bool = False,
) -> Select[Any]:
    """SELECT `what` (the Draft class or the drafts table) on accounts the user may see, filtered;
    newest first unless `oldest_first` (the review queue). Callers add their limit and offset."""
    query = (
        select(what).join(accounts, accounts.c.id == drafts.c.account_id).where(visible_accounts_clause(user))
    )
    filters: list[ColumnElement[bool]] = []
    if status is not None:
        filters.append(drafts.c.status == status)
    if account_id is not None:
        filters.append(drafts.c.account_id == account_id)
    if kind is not None:
        filters.append(drafts.c.kind == kind)
    if requested_by_id is not None:
        filters.append(drafts.c.requested_by_id == requested_by_id)
    created, draft_id = drafts.c.created_at, drafts.c.id
    order = (created, draft_id) if oldest_first else (created.desc(), draft_id.desc())
    return query.where(*filters).order_by(*order)
