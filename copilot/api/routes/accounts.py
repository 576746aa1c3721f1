"""/v1/accounts: list and read accounts by role; export (GDPR access) and erase (admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from copilot.api.deps import CurrentUser, ServicesDep, SessionDep
from copilot.api.schemas import AUTHENTICATED, IdPath, Offset, error_responses
from copilot.audit import record_event
from copilot.auth.policy import Action, ensure_allowed, ensure_visible_account
from copilot.auth.scoped import list_visible_accounts
from copilot.db.session import write_lock_first
from copilot.export_shapes import AccountExport
from copilot.privacy import EraseReportPublic, erase_account, export_account
from copilot.records import AccountDetail, AccountPublic, interaction_counts
from copilot.summaries import AccountSummaryPublic
from copilot.tools.account_summary import account_summary

router = APIRouter(
    prefix="/v1/accounts", tags=["accounts"], responses=error_responses(*AUTHENTICATED, 403, 404)
)


@router.get("")
def list_accounts(
    user: CurrentUser,
    session: SessionDep,
    owner: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[AccountPublic]:
    """The caller's accounts: a rep's own and their team's, a manager's team's, all for admins."""
    accounts = list_visible_accounts(session=session, user=user, owner=owner, limit=limit, offset=offset)
    counts = interaction_counts(session=session)
    return [AccountPublic.of(a, counts.get(a.id, 0)) for a in accounts]


@router.get("/{account_id}")
def get_account(account_id: IdPath, user: CurrentUser, session: SessionDep) -> AccountDetail:
    """One account with its contacts (404 for an account the caller may not see)."""
    account = ensure_visible_account(session, user=user, account_id=account_id)
    counts = interaction_counts(session=session)
    return AccountDetail.with_contacts(account, counts.get(account.id, 0))


@router.get("/{account_id}/summary", responses=error_responses(502))
def summary(
    account_id: IdPath, user: CurrentUser, session: SessionDep, services: ServicesDep, refresh: bool = False
) -> AccountSummaryPublic:
    """The cited account summary for managers and owners; cached until new interactions arrive."""
    ensure_visible_account(session, user=user, account_id=account_id)
    session.close()  # a refresh calls the model; release the connection meanwhile
    return AccountSummaryPublic.model_validate(account_summary(services, account_id, refresh=refresh))


@router.get("/{account_id}/export", response_model=AccountExport)
def export(account_id: IdPath, user: CurrentUser, session: SessionDep) -> dict[str, object]:
    """Everything held about the account, as JSON (GDPR access; admins)."""
    write_lock_first(session)  # it reads, then writes its audit event: queue behind writers (SQLite)
    ensure_visible_account(session, user=user, account_id=account_id)
    ensure_allowed(user, Action.EXPORT_ACCOUNT)
    data = export_account(session, account_id=account_id)
    record_event(session, "account.exported", actor_id=user.id, account_id=account_id)
    session.commit()
    return data


@router.delete("/{account_id}")
def erase(
    account_id: IdPath, user: CurrentUser, session: SessionDep, services: ServicesDep
) -> EraseReportPublic:
    """Erase the account's rows, vectors and files (admins); the audit trail keeps a redacted record."""
    ensure_visible_account(session, user=user, account_id=account_id)
    ensure_allowed(user, Action.ERASE_ACCOUNT)
    session.close()
    return erase_account(services, account_id=account_id, actor_id=user.id).public()
