"""Web test helpers: seeded drafts with flags and citations, hostile records, and signing in."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from copilot.db.models import DraftKind, Interaction
from copilot.workflow import complete_generation, open_draft
from tests.support.records import Note, seed_account
from tests.support.worlds import World

HOSTILE = '<script>window.__pwned = 1</script><img src="http://203.0.113.9/pixel.png" alt="x">'
FLAGGED_BODY = "Hello, your renewal is EUR 48,000 [1]. We promised a 30% discount. Act now or else!"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def citations_of(world: World, account_id: int) -> list[dict[str, Any]]:
    """Citation entries, shaped as drafts store them, for every interaction of an account."""
    with world.services.sessions() as session:
        rows = session.scalars(select(Interaction).where(Interaction.account_id == account_id)).all()
        return [
            {
                "n": n,
                "interaction_id": row.id,
                "account_id": row.account_id,
                "occurred_at": row.occurred_at.isoformat(),
                "kind": row.kind,
                "direction": row.direction,
                "who": "east buyer",
                "subject": row.subject,
                "excerpt": row.text[:600],
                "used": True,
            }
            for n, row in enumerate(rows, start=1)
        ]


def span_of(body: str, part: str) -> list[int]:
    """The [start, end] span of `part` inside `body`."""
    start = body.index(part)
    return [start, start + len(part)]


def seeded_draft(
    world: World,
    *,
    account: str = "east",
    requester: str = "rep_east",
    body: str = FLAGGED_BODY,
    subject: str = "Your renewal",
    flags: list[dict[str, Any]] | None = None,
    citations: list[dict[str, Any]] | None = None,
) -> int:
    """A pending draft with the given content, flags and citations, written through the workflow."""
    account_id = world.accounts[account]
    if flags is None:
        flags = [
            {
                "type": "unsupported_claim",
                "span": span_of(body, "30% discount"),
                "detail": "percent not found",
            },
            {"type": "tone", "span": span_of(body, "Act now or else!"), "detail": "pressuring tone"},
            {"type": "injection", "span": None, "detail": "a cited record tries to instruct the model"},
        ]
    # Read before the write transaction: SQLite transactions take the write lock up front.
    cited = citations if citations is not None else citations_of(world, account_id)
    with world.services.sessions() as session, session.begin():
        draft = open_draft(
            session,
            kind=DraftKind.EMAIL,
            account_id=account_id,
            contact_id=None,
            purpose="renewal follow-up",
            instructions=None,
            requested_by_id=world.users[requester].id,
        )
        complete_generation(
            session,
            draft,
            subject=subject,
            body=body,
            citations=cited,
            flags=flags,
            model="fake-model",
            prompt_name="draft_email",
            prompt_version="test",
        )
        return draft.id


def hostile_account(world: World) -> int:
    """An east-team account whose email body carries a script tag and a remote image."""
    account_id, _, _ = seed_account(
        world.services,
        "E-9",
        "Hostile Ltd",
        [
            Note(
                f"Please see {HOSTILE} about the invoice.",
                datetime(2026, 8, 3, tzinfo=UTC),
                subject="Invoice",
            )
        ],
        contact=("east buyer", "buyer@hostile.example"),
        owner="rep_east",
        team="east",
    )
    world.accounts["hostile"] = account_id
    return account_id


def sign_in(client: TestClient, key: str) -> None:
    """Sign a test client in through the form (CSRF token from the page, as a browser would)."""
    page = client.get("/web/login")
    token = CSRF.search(page.text)
    assert token, "the sign-in form carries a CSRF token"
    response = client.post(
        "/web/login", data={"api_key": key, "csrf": token.group(1)}, follow_redirects=False
    )
    assert response.status_code == 303, response.text


def csrf_of(html: str) -> str:
    """The CSRF token of a signed-in page's forms."""
    found = CSRF.search(html)
    assert found, "the page has a form with a CSRF token"
    return found.group(1)
