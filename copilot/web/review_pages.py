"""Reviewer pages: the queue and the draft page (cited records, flagged spans, edit, approve, reject)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from copilot.answered_message import answered_message
from copilot.api.deps import ServicesDep, SessionDep
from copilot.auth.policy import Action, allowed, ensure_allowed
from copilot.auth.scoped import (
    RevisionPublic,
    draft_revisions,
    get_visible_draft,
    list_visible_accounts,
    list_visible_drafts,
)
from copilot.channels import LABELS, Channel, offered
from copilot.db.models import Account, Draft, DraftKind, DraftStatus, User
from copilot.db.types import utcnow
from copilot.delivery import deliver
from copilot.web.deps import CsrfChecked, SecretDep, SessionCookie, WebRoute, WebUser, page
from copilot.web.render import FLAG_LABELS, age_text, draft_flag_types, numbered_flags, segment_body
from copilot.workflow import approve_draft, edit_draft, reject_draft

router = APIRouter(prefix="/web", route_class=WebRoute, include_in_schema=False)
QUEUE_LIMIT = 200
AGES = {"": None, "1h": timedelta(hours=1), "1d": timedelta(days=1), "3d": timedelta(days=3)}


def _queue_row(draft: Draft, user: User, names: dict[int, str]) -> dict[str, Any]:
    return {
        "draft": draft,
        "account": names.get(draft.account_id, f"account {draft.account_id}"),
        "age": age_text(draft.created_at, utcnow()),
        "flag_types": sorted(draft_flag_types(draft.flags)),
        "may_decide": draft.requested_by_id != user.id,
    }


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    user: WebUser,
    cookie: SessionCookie,
    secret: SecretDep,
    session: SessionDep,
    tool: str = "",
    flag: str = "",
    account: str = "",
    age: str = "",
) -> HTMLResponse:
    """Pending drafts, oldest first, with filters and counts (the API's queue rules)."""
    ensure_allowed(user, Action.REVIEW_QUEUE)
    # The filter form submits "" for "any": an empty choice is no filter, not an invalid id.
    account_id = int(account) if account.isdigit() else None
    kind = DraftKind(tool) if tool in set(DraftKind) else None
    pending = list_visible_drafts(
        session=session, user=user, status=DraftStatus.PENDING_REVIEW, oldest_first=True, limit=QUEUE_LIMIT
    )
    accounts = list_visible_accounts(session=session, user=user, limit=500)
    names = {a.id: a.name for a in accounts}
    min_age = AGES.get(age)
    shown = [
        d
        for d in pending
        if (kind is None or d.kind == kind)
        and (account_id is None or d.account_id == account_id)
        and (not flag or (flag == "none" and not d.flags) or flag in draft_flag_types(d.flags))
        and (min_age is None or utcnow() - d.created_at >= min_age)
    ]
    counts: dict[str, Any] = {
        "pending": len(pending),
        "shown": len(shown),
        "kinds": Counter(d.kind.value for d in pending),
        "flags": Counter(t for d in pending for t in draft_flag_types(d.flags)),
        "unflagged": sum(1 for d in pending if not d.flags),
    }
    filters = {"kind": kind.value if kind else "", "flag": flag, "account_id": account_id, "age": age}
    rows = [_queue_row(d, user, names) for d in shown]
    context: dict[str, Any] = {"rows": rows, "counts": counts, "filters": filters, "accounts": accounts}
    context |= {"flag_labels": FLAG_LABELS, "limit": QUEUE_LIMIT, "kinds": list(DraftKind)}
    return page(request, "queue.html", user, cookie, secret, **context)


def _generated_body(revisions: list[RevisionPublic]) -> str | None:
    # Flags were computed on the latest generated text; after an edit their spans point elsewhere.
    generated = [r for r in revisions if r.origin in ("generated", "regenerated")]
    return generated[-1].body if generated else None


def draft_view(draft: Draft, user: User, revisions: list[RevisionPublic]) -> dict[str, Any]:
    """Everything the draft template shows, shaped from the stored draft."""
    flags = numbered_flags(draft.flags)
    citations = [c for c in draft.citations if isinstance(c, dict) and "n" in c]
    body = draft.body or ""
    spans_valid = _generated_body(revisions) == body
    cited = {int(c["n"]) for c in citations}
    # Body citations are carried through edits (only unchanged spans keep theirs), so they always apply.
    segments = segment_body(body, flags if spans_valid else [], cited, list(draft.body_citations or []))
    pending = draft.status is DraftStatus.PENDING_REVIEW
    return {
        "draft": draft,
        "flags": flags,
        "by_n": {f["n"]: f for f in flags},
        "span_flags": [f for f in flags if f["span"]] if spans_valid else [],
        "spans_valid": spans_valid,
        "segments": segments,
        "citations": citations,
        "revisions": list(reversed(revisions)),
        "may_edit": pending and allowed(user, Action.EDIT_DRAFT),
        "may_decide": pending and allowed(user, Action.DECIDE) and draft.requested_by_id != user.id,
        "own_request": draft.requested_by_id == user.id,
        "may_deliver": draft.status is DraftStatus.APPROVED and allowed(user, Action.DELIVER),
    }


def delivery_channels(draft: Draft, smtp_enabled: bool) -> list[tuple[str, str]]:
    """The ways this draft may leave, as (channel, label); the same channels POST /deliver accepts."""
    return [(channel, LABELS[channel]) for channel in offered(draft.kind, smtp_enabled=smtp_enabled)]


@router.get("/drafts/{draft_id}", response_class=HTMLResponse)
def draft_page(
    draft_id: int,
    request: Request,
    user: WebUser,
    cookie: SessionCookie,
    secret: SecretDep,
    session: SessionDep,
    services: ServicesDep,
) -> HTMLResponse:
    """The draft beside its cited records, its flags on their spans, and the review actions."""
    draft = get_visible_draft(session=session, user=user, draft_id=draft_id)
    revisions = draft_revisions(session=session, draft_id=draft.id)
    account = session.get(Account, draft.account_id)
    requester = session.get(User, draft.requested_by_id) if draft.requested_by_id else None
    context = draft_view(draft, user, revisions)
    context |= {"account": account, "requester": requester.name if requester else None}
    context["answering"] = answered_message(
        session, account_id=draft.account_id, interaction_id=draft.reply_to_interaction_id
    )
    context["notice"] = request.query_params.get("notice", "")
    context["channels"] = delivery_channels(draft, services.settings.smtp_enabled)
    return page(request, "draft.html", user, cookie, secret, **context)


@router.get("/drafts/{draft_id}/status.json")
def draft_status(draft_id: int, user: WebUser, session: SessionDep) -> JSONResponse:
    """The draft's status and version, for the rep page's polling."""
    draft = get_visible_draft(session=session, user=user, draft_id=draft_id)
    data = {"id": draft.id, "status": draft.status.value, "version": draft.version}
    return JSONResponse(data, headers={"Cache-Control": "no-store"})


def back_to(draft_id: int, notice: str) -> RedirectResponse:
    """Post/redirect/get back to the draft page with a short notice."""
    return RedirectResponse(f"/web/drafts/{draft_id}?notice={notice}", status_code=303)


Text = Annotated[str, Form(max_length=20000)]
Version = Annotated[int, Form(ge=1)]


@router.post("/drafts/{draft_id}/edit", dependencies=[CsrfChecked])
def edit_action(
    draft_id: int, user: WebUser, session: SessionDep, version: Version, body: Text, subject: Text = ""
) -> RedirectResponse:
    """Save an edit as a new version (the API's edit rules, via the workflow)."""
    edit_draft(
        session, draft_id=draft_id, editor=user, base_version=version, subject=subject or None, body=body
    )
    session.commit()
    return back_to(draft_id, "edited")


@router.post("/drafts/{draft_id}/approve", dependencies=[CsrfChecked])
def approve_action(
    draft_id: int,
    user: WebUser,
    session: SessionDep,
    services: ServicesDep,
    version: Version,
    reason: Text = "",
) -> RedirectResponse:
    """Approve exactly the version shown."""
    approve_draft(
        session,
        draft_id=draft_id,
        reviewer=user,
        version=version,
        reason=reason.strip() or None,
        allow_own_edits=services.settings.approve_with_edits,
    )
    session.commit()
    return back_to(draft_id, "approved")


@router.post("/drafts/{draft_id}/reject", dependencies=[CsrfChecked])
def reject_action(
    draft_id: int, user: WebUser, session: SessionDep, version: Version, reason: Text = ""
) -> RedirectResponse:
    """Reject exactly the version shown, with a reason."""
    reject_draft(session, draft_id=draft_id, reviewer=user, version=version, reason=reason)
    session.commit()
    return back_to(draft_id, "rejected")


@router.post("/drafts/{draft_id}/deliver", dependencies=[CsrfChecked])
def deliver_action(
    draft_id: int,
    user: WebUser,
    services: ServicesDep,
    channel: Annotated[Channel, Form()],
) -> RedirectResponse:
    """Send or export the approved version, exactly as POST /v1/drafts/{id}/deliver does."""
    deliver(services, draft_id=draft_id, channel=channel, actor=user)
    return back_to(draft_id, "delivered")
