"""Manager and rep pages: the account list, the account page (summary, sentiment, history), the rep page."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from copilot.api.deps import PoolDep, ServicesDep, SessionDep
from copilot.auth.policy import Action, allowed, ensure_allowed, ensure_visible_account
from copilot.auth.scoped import list_visible_accounts, list_visible_drafts
from copilot.container import Services
from copilot.db.models import Interaction
from copilot.errors import CopilotError
from copilot.summaries import AccountSummaryPublic
from copilot.tools.draft_email import EmailRequest, request_email
from copilot.web.deps import CsrfChecked, SecretDep, SessionCookie, WebRoute, WebUser, page
from copilot.web.render import ChartMonth, sentiment_chart, trend_from_tone_flags

log = logging.getLogger(__name__)
router = APIRouter(prefix="/web", route_class=WebRoute, include_in_schema=False)
RECENT = 15


@router.get("/accounts", response_class=HTMLResponse)
def accounts_page(
    request: Request, user: WebUser, cookie: SessionCookie, secret: SecretDep, session: SessionDep
) -> HTMLResponse:
    """The accounts the user may see (the API's visibility rule)."""
    accounts = list_visible_accounts(session=session, user=user, limit=500)
    return page(request, "accounts.html", user, cookie, secret, accounts=accounts)


def _summary(services: Services, account_id: int) -> tuple[AccountSummaryPublic | None, str]:
    """The account summary as the API answers it (`GET /v1/accounts/{id}/summary`), or why there is none."""
    try:
        from copilot.tools.account_summary import account_summary
    except ImportError as exc:  # the tool is optional: the page still shows the record
        return None, f"the account summary tool is not installed ({exc})"
    try:
        return AccountSummaryPublic.model_validate(account_summary(services, account_id)), ""
    except CopilotError as exc:
        log.warning("account summary of %s failed: %s", account_id, exc)
        return None, f"the summary could not be built: {exc}"


def _recent(session: Session, account_id: int) -> list[Interaction]:
    # Called only after ensure_visible_account: the account id is one the user may see.
    query = select(Interaction).where(Interaction.account_id == account_id)
    return list(session.scalars(query.order_by(Interaction.occurred_at.desc()).limit(RECENT)))


def _summary_trend(summary: AccountSummaryPublic | None) -> list[ChartMonth] | None:
    """The summary's months of customer sentiment, None when there is no summary or trend."""
    if summary is None or summary.sentiment_trend is None:
        return None
    months = summary.sentiment_trend.months
    return [ChartMonth(m.month, m.customer_items, m.negative, m.negative_share) for m in months]


def _fallback_trend(session: Session, account_id: int) -> list[ChartMonth]:
    query = select(Interaction.occurred_at, Interaction.direction, Interaction.tone_flags)
    rows = session.execute(
        query.where(Interaction.account_id == account_id).order_by(Interaction.occurred_at)
    )
    return trend_from_tone_flags([(r[0], r[1], r[2]) for r in rows])


@router.get("/accounts/{account_id}", response_class=HTMLResponse)
def account_page(
    account_id: int,
    request: Request,
    user: WebUser,
    cookie: SessionCookie,
    secret: SecretDep,
    session: SessionDep,
    services: ServicesDep,
) -> HTMLResponse:
    """Summary with citations, sentiment over time, commitments, recent interactions and drafts."""
    account = ensure_visible_account(session, user=user, account_id=account_id)
    ensure_allowed(user, Action.READ)
    summary, summary_note = _summary(services, account_id)
    trend = _summary_trend(summary)
    trend_source = "tone flagger over customer-side text" if trend is not None else "stored tone flags"
    months = trend if trend is not None else _fallback_trend(session, account_id)
    context = {
        "account": account,
        "summary": summary,
        "summary_note": summary_note,
        "citations": {c.n: c for c in summary.citations} if summary else {},
        "chart": sentiment_chart(months) if months else None,
        "months": months,
        "trend_source": trend_source,
        "interactions": _recent(session, account_id),
        "drafts": list_visible_drafts(session=session, user=user, account_id=account_id, limit=20),
    }
    return page(request, "account.html", user, cookie, secret, **context)


@router.get("/rep", response_class=HTMLResponse)
def rep_page(
    request: Request, user: WebUser, cookie: SessionCookie, secret: SecretDep, session: SessionDep
) -> HTMLResponse:
    """Request a draft for one of my accounts and watch my drafts move through review."""
    accounts = list_visible_accounts(session=session, user=user, limit=500)
    mine = list_visible_drafts(session=session, user=user, requested_by_id=user.id, limit=30)
    names = {a.id: a.name for a in accounts}
    context = {"accounts": accounts, "drafts": mine, "names": names}
    context |= {
        "may_request": allowed(user, Action.REQUEST_DRAFT),
        "watch": request.query_params.get("watch"),
    }
    return page(request, "rep.html", user, cookie, secret, **context)


@router.post("/rep/drafts", dependencies=[CsrfChecked])
def request_action(
    user: WebUser,
    session: SessionDep,
    services: ServicesDep,
    pool: PoolDep,
    account_id: Annotated[int, Form()],
    purpose: Annotated[str, Form(min_length=3, max_length=2000)],
) -> RedirectResponse:
    """Ask for an email draft exactly as POST /v1/drafts does; the worker pool generates it."""
    ensure_visible_account(session, user=user, account_id=account_id)
    ensure_allowed(user, Action.REQUEST_DRAFT)
    session.close()  # request_email and the queue use their own sessions
    request = EmailRequest(account_id, purpose, requested_by_id=user.id)
    draft = request_email(services, request, on_open=pool.enqueue_with)  # draft and job commit together
    pool.wake()
    return RedirectResponse(f"/web/rep?watch={draft.id}", status_code=303)
